import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Filter } from '../../src/filter/model.ts';
import {
  decodeMessage,
  encodeMessage,
  LdapError,
  MessageDecodeError,
  ResultCode,
} from '../../src/protocol/index.ts';

/**
 * A search request whose filter is `depth` nested NOTs around (x=*), built
 * without recursion: every NOT uses a 4-octet long-form length (valid BER),
 * so each level takes exactly 6 bytes.
 */
function deepSearch(depth: number): Buffer {
  const inner = Buffer.from('870178', 'hex');
  const filter = Buffer.alloc(depth * 6 + inner.length);
  for (let i = 0; i < depth; i++) {
    const o = i * 6;
    filter[o] = 0xa2;
    filter[o + 1] = 0x84;
    filter.writeUInt32BE(filter.length - o - 6, o + 2);
  }
  inner.copy(filter, depth * 6);
  const before = Buffer.from('04000a01020a0100020100020100010100', 'hex');
  const after = Buffer.from('3000', 'hex');
  const opLength = before.length + filter.length + after.length;
  const op = Buffer.alloc(6);
  op[0] = 0x63;
  op[1] = 0x84;
  op.writeUInt32BE(opLength, 2);
  const id = Buffer.from('020109', 'hex');
  const msg = Buffer.alloc(6);
  msg[0] = 0x30;
  msg[1] = 0x84;
  msg.writeUInt32BE(id.length + op.length + opLength, 2);
  return Buffer.concat([msg, id, op, before, filter, after]);
}

function nestedNot(depth: number): Filter {
  let f: Filter = { type: 'present', attribute: 'x' };
  for (let i = 0; i < depth; i++) f = { type: 'not', filter: f };
  return f;
}

describe('nesting depth', () => {
  it('rejects a filter nested 10,000 deep with protocolError, not a stack overflow', () => {
    assert.throws(
      () => decodeMessage(deepSearch(10_000)),
      (e: unknown) => {
        assert.ok(LdapError.is(e) && e instanceof MessageDecodeError);
        assert.equal(e.resultCode, ResultCode.protocolError);
        assert.match(e.message, /nesting deeper than 128 levels at byte \d+/);
        assert.equal(e.messageId, 9);
        assert.equal(e.opType, 'searchRequest');
        return true;
      },
    );
  });

  it('accepts a filter nested 100 deep', () => {
    const msg = decodeMessage(deepSearch(100));
    assert.equal(msg.op.type, 'searchRequest');
    const expected = { type: 'searchRequest', filter: nestedNot(100) };
    assert.deepStrictEqual(msg.op.type === 'searchRequest' && msg.op.filter, expected.filter);
  });

  it('round-trips a filter nested 100 deep through the encoder', () => {
    const msg = { messageId: 1, op: { type: 'abandonRequest', idToAbandon: 1 } as const, controls: [] };
    assert.deepStrictEqual(decodeMessage(encodeMessage(msg)), msg);
    const search = {
      messageId: 2,
      op: {
        type: 'searchRequest',
        baseObject: '',
        scope: 2,
        derefAliases: 0,
        sizeLimit: 0,
        timeLimit: 0,
        typesOnly: false,
        filter: nestedNot(100),
        attributes: [],
      } as const,
      controls: [],
    };
    assert.deepStrictEqual(decodeMessage(encodeMessage(search)), search);
  });
});
