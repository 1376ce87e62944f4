/**
 * Random and mutated bytes against every decoder a client's bytes reach,
 * beyond the codec properties in test/protocol, test/dn and test/filter: the
 * server's framer and request decoder, the control and extended-operation
 * value decoders. Each must decode or refuse with an LdapError (or, for the
 * framer, a FramingError) — and the refusal must come from the decoder's own
 * checks, never from the catch-all that turns a TypeError or RangeError into
 * protocolError.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeAssertionValue,
  decodeMessage,
  decodePagedResultsValue,
  decodePasswordModifyRequest,
  encodeAssertionValue,
  encodeMessage,
  encodePagedResultsValue,
  encodePasswordModifyRequest,
  LdapError,
} from '../../src/protocol/index.ts';
import { decodeRequest } from '../../src/server/codec.ts';
import { FramingError, PduFramer } from '../../src/server/framing.ts';
import { filterArb, messageArb } from '../protocol/arbitraries.ts';

const RUNS = Number(process.env.LINDEN_FC_RUNS ?? 500);

/** Calls `decode`; an LdapError is fine unless it wraps an exception the decoder did not raise itself. */
function decodesOrRefuses(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (!LdapError.is(error)) throw error;
    const message = error.message;
    assert.ok(!message.startsWith('malformed LDAPMessage ('), `decoder crashed inside: ${message}`);
    if (message.startsWith('malformed ') && !/at byte \d+/.test(message))
      assert.fail(`value decoder crashed inside: ${message}`);
  }
}

/** Byte-level edits of a valid encoding. */
function mutated(valid: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc
    .tuple(valid, fc.array(fc.tuple(fc.nat(3), fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }))
    .map(([bytes, edits]) => {
      const out = [...bytes];
      for (const [kind, at, value] of edits) {
        const i = out.length === 0 ? 0 : at % out.length;
        if (kind === 0) out[i] = value;
        else if (kind === 1) out.splice(i, 0, value);
        else if (kind === 2) out.splice(i, 1);
        else out.length = i;
      }
      return Buffer.from(out);
    });
}

const randomBytes = fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u));
const underSequence = fc
  .uint8Array({ maxLength: 120 })
  .map((u) => Buffer.concat([Buffer.from([0x30, u.length]), u]));

describe('decoders on hostile bytes', () => {
  it('decodeMessage never refuses through its catch-all (random, under a SEQUENCE, mutated)', () => {
    const arb = fc.oneof(randomBytes, underSequence, mutated(messageArb.map(encodeMessage)));
    fc.assert(
      fc.property(arb, (bytes) => decodesOrRefuses(() => decodeMessage(bytes))),
      { numRuns: RUNS * 8 },
    );
  });

  it('the server request decoder decodes a request or throws LdapError', () => {
    fc.assert(
      fc.property(fc.oneof(underSequence, mutated(messageArb.map(encodeMessage))), (bytes) =>
        decodesOrRefuses(() => decodeRequest(bytes)),
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it('the server framer yields PDUs, waits, or throws FramingError — and never holds more than it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 }), (chunks) => {
        const framer = new PduFramer(1024);
        let given = 0;
        let handed = 0;
        try {
          for (const c of chunks) {
            framer.push(Buffer.from(c));
            given += c.length;
            for (let pdu = framer.next(); pdu !== undefined; pdu = framer.next()) {
              handed += pdu.length;
              assert.ok(pdu.length <= 1024);
              decodesOrRefuses(() => decodeRequest(pdu));
            }
            assert.ok(framer.buffered + handed <= given);
          }
        } catch (error) {
          if (!(error instanceof FramingError)) throw error;
        }
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('control and extended values: paged results, assertion filter, Password Modify', () => {
    const paged = fc
      .record({ size: fc.nat(), cookie: fc.uint8Array({ maxLength: 8 }).map((u) => Buffer.from(u)) })
      .map(encodePagedResultsValue);
    const assertion = filterArb.map(encodeAssertionValue);
    const octets = fc.uint8Array({ maxLength: 12 }).map((u) => Buffer.from(u));
    const passwd = fc
      .record(
        { userIdentity: fc.string({ maxLength: 12 }), oldPasswd: octets, newPasswd: octets },
        { requiredKeys: [] },
      )
      .map(encodePasswordModifyRequest);
    for (const [arb, decode] of [
      [paged, decodePagedResultsValue],
      [assertion, decodeAssertionValue],
      [passwd, decodePasswordModifyRequest],
    ] as const) {
      fc.assert(
        fc.property(fc.oneof(randomBytes, underSequence, mutated(arb)), (bytes) =>
          decodesOrRefuses(() => (decode as (b: Buffer) => unknown)(bytes)),
        ),
        { numRuns: RUNS * 2 },
      );
    }
  });
});
