import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BerWriter } from '../../src/ber/index.ts';
import {
  type Control,
  decodeMessage,
  encodeMessage,
  type PartialAttribute,
  ResultCode,
  type ResultOp,
  writePartialAttributes,
  writeResult,
  writeSearchResultEntry,
  writeSearchResultEntryEncoded,
} from '../../src/protocol/index.ts';
import { controlArb, opArb } from './arbitraries.ts';

const attrs: PartialAttribute[] = [
  { type: 'objectClass', values: [Buffer.from('top'), Buffer.from('person')] },
  { type: 'cn', values: [Buffer.from('Zoë')] },
  { type: 'jpegPhoto', values: [Buffer.alloc(70_000, 7)] },
];
const paged: Control[] = [
  { oid: '1.2.840.113556.1.4.319', critical: false, value: Buffer.from('30050201000400', 'hex') },
];

function entryMessage(
  messageId: number,
  objectName: string,
  attributes: readonly PartialAttribute[],
  controls: readonly Control[] = [],
) {
  return { messageId, op: { type: 'searchResultEntry' as const, objectName, attributes }, controls };
}

describe('search result entry fast paths', () => {
  for (const controls of [undefined, paged]) {
    const label = controls ? 'with controls' : 'without controls';
    it(`writeSearchResultEntry matches encodeMessage (${label})`, () => {
      const w = new BerWriter(64);
      writeSearchResultEntry(w, 5, 'cn=Zoë,dc=example,dc=com', attrs, controls);
      const expected = encodeMessage(entryMessage(5, 'cn=Zoë,dc=example,dc=com', attrs, controls ?? []));
      assert.ok(w.flush().equals(expected));
    });

    it(`writeSearchResultEntryEncoded matches encodeMessage (${label})`, () => {
      const pre = new BerWriter();
      writePartialAttributes(pre, attrs);
      const encoded = pre.flush();
      const w = new BerWriter(64);
      writeSearchResultEntryEncoded(w, 300, 'cn=x', encoded, controls);
      assert.ok(w.flush().equals(encodeMessage(entryMessage(300, 'cn=x', attrs, controls ?? []))));
    });
  }

  it('queues many entries in one writer, each decodable', () => {
    const w = new BerWriter(256);
    for (let i = 0; i < 50; i++)
      writeSearchResultEntry(w, 7, `uid=u${i},dc=x`, [{ type: 'uid', values: [Buffer.from(`u${i}`)] }]);
    const bytes = w.flush();
    let o = 0;
    for (let i = 0; i < 50; i++) {
      const length = bytes[o + 1]! < 0x80 ? 2 + bytes[o + 1]! : 0;
      const msg = decodeMessage(bytes.subarray(o, o + length));
      assert.deepStrictEqual(
        msg,
        entryMessage(7, `uid=u${i},dc=x`, [{ type: 'uid', values: [Buffer.from(`u${i}`)] }]),
      );
      o += length;
    }
    assert.equal(o, bytes.length);
  });

  it('matches encodeMessage for random entries', () => {
    fc.assert(
      fc.property(
        opArb.filter((op) => op.type === 'searchResultEntry'),
        fc.nat({ max: 0x7fffffff }),
        fc.array(controlArb, { maxLength: 2 }),
        (op, messageId, controls) => {
          if (op.type !== 'searchResultEntry') return;
          const expected = encodeMessage({ messageId, op, controls });
          const w = new BerWriter(32);
          writeSearchResultEntry(w, messageId, op.objectName, op.attributes, controls);
          assert.ok(w.flush().equals(expected));
          const pre = new BerWriter(32);
          writePartialAttributes(pre, op.attributes);
          writeSearchResultEntryEncoded(w, messageId, op.objectName, pre.flush(), controls);
          assert.ok(w.flush().equals(expected));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('writeResult', () => {
  it('matches encodeMessage for every LDAPResult-type response', () => {
    fc.assert(
      fc.property(
        opArb.filter((op) => 'resultCode' in op),
        fc.nat({ max: 0x7fffffff }),
        fc.array(controlArb, { maxLength: 2 }),
        (op, messageId, controls) => {
          const result = op as ResultOp;
          const w = new BerWriter(16);
          writeResult(w, messageId, result.type, result, controls);
          assert.ok(w.flush().equals(encodeMessage({ messageId, op: result, controls })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('defaults matchedDN and diagnosticMessage to empty', () => {
    const w = new BerWriter();
    writeResult(w, 1, 'bindResponse', { resultCode: ResultCode.success });
    assert.equal(w.flush().toString('hex'), '300c02010161070a010004000400');
  });

  it('writes the extended response name and value', () => {
    const w = new BerWriter();
    writeResult(w, 8, 'extendedResponse', {
      resultCode: ResultCode.success,
      responseValue: Buffer.from('dn:cn=x'),
    });
    assert.equal(w.flush().toString('hex'), '30150201087810' + '0a010004000400' + '8b07646e3a636e3d78');
  });
});
