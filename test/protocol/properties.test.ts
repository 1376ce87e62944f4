import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeMessage,
  encodeMessage,
  LdapError,
  type LdapMessage,
  MessageDecodeError,
  MessageFramer,
} from '../../src/protocol/index.ts';
import { messageArb } from './arbitraries.ts';
import { corpus } from './corpus.ts';

const RUNS = Number(process.env.LINDEN_FC_RUNS ?? 500);

/** Decodes, returning the message or the (expected) decode error; any other exception fails the property. */
function decodeOrError(bytes: Buffer): LdapMessage | MessageDecodeError {
  try {
    return decodeMessage(bytes);
  } catch (error) {
    if (error instanceof MessageDecodeError && LdapError.is(error) && error.resultCode >= 0) return error;
    throw error;
  }
}

const seeds = corpus.map((c) => Buffer.from(c.hex.replace(/\s+/g, ''), 'hex'));

/** A valid PDU with a few bytes overwritten, inserted, removed, or cut off. */
const mutatedArb = fc
  .tuple(
    fc.oneof(fc.constantFrom(...seeds), messageArb.map(encodeMessage)),
    fc.array(
      fc.tuple(fc.constantFrom('set', 'insert', 'delete', 'truncate'), fc.nat(), fc.nat({ max: 255 })),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  )
  .map(([pdu, edits]) => {
    const bytes = [...pdu];
    for (const [kind, at, value] of edits) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (kind === 'set') bytes[i] = value;
      else if (kind === 'insert') bytes.splice(i, 0, value);
      else if (kind === 'delete') bytes.splice(i, 1);
      else bytes.length = i;
    }
    return Buffer.from(bytes);
  });

describe('codec properties', () => {
  it('encode then decode gives back the message', () => {
    fc.assert(
      fc.property(messageArb, (msg) => {
        assert.deepStrictEqual(decodeMessage(encodeMessage(msg)), msg);
      }),
      { numRuns: RUNS },
    );
  });

  it('encoding is stable: decode then encode gives back the bytes', () => {
    fc.assert(
      fc.property(messageArb, (msg) => {
        const bytes = encodeMessage(msg);
        assert.ok(encodeMessage(decodeMessage(bytes)).equals(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('random bytes only ever decode or throw MessageDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (u) => {
        decodeOrError(Buffer.from(u));
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('random bytes behind a valid SEQUENCE header only ever decode or throw MessageDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (u) => {
        decodeOrError(Buffer.concat([Buffer.from([0x30, u.length]), u]));
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('mutated PDUs only ever decode or throw MessageDecodeError', () => {
    fc.assert(
      fc.property(mutatedArb, (bytes) => {
        decodeOrError(bytes);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('the framer on random bytes yields PDUs, waits for more, or throws LdapError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const framer = new MessageFramer({ maxPduSize: 1024 });
        try {
          for (const c of chunks) framer.push(Buffer.from(c), (pdu) => decodeOrError(pdu));
        } catch (error) {
          if (!LdapError.is(error)) throw error;
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a stream of messages cut at random points frames and decodes back to the messages', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (msgs, cuts) => {
          const stream = Buffer.concat(msgs.map(encodeMessage));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const framer = new MessageFramer();
          const out: LdapMessage[] = [];
          let from = 0;
          for (const p of [...points, stream.length]) {
            framer.push(stream.subarray(from, p), (pdu) => out.push(decodeMessage(pdu)));
            from = p;
          }
          assert.deepStrictEqual(out, msgs);
          assert.equal(framer.buffered, 0);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });
});
