import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage, encodeMessage, LdapError, MessageDecodeError } from '../../src/protocol/index.ts';
import { corpus, mustFail } from './corpus.ts';

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ''), 'hex');

describe('LDAPMessage corpus', () => {
  for (const c of corpus) {
    it(`decodes: ${c.description}`, () => {
      assert.deepStrictEqual(decodeMessage(bytes(c.hex)), c.decoded);
    });
    if (c.canonical === false) {
      it(`re-encodes to what it decodes to: ${c.description}`, () => {
        const encoded = encodeMessage(c.decoded);
        assert.deepStrictEqual(decodeMessage(encoded), c.decoded);
      });
    } else {
      it(`encodes byte for byte: ${c.description}`, () => {
        assert.equal(encodeMessage(c.decoded).toString('hex'), bytes(c.hex).toString('hex'));
      });
    }
  }
});

describe('LDAPMessage must-fail corpus', () => {
  for (const c of mustFail) {
    it(`rejects: ${c.description}`, () => {
      assert.throws(
        () => decodeMessage(bytes(c.hex)),
        (error: unknown) => {
          assert.ok(LdapError.is(error), 'an LdapError');
          assert.ok(error instanceof MessageDecodeError);
          assert.match(error.message, c.error);
          assert.equal(error.resultCode, c.resultCode ?? 2);
          assert.equal(error.messageId, c.messageId);
          if (c.opType !== undefined) assert.equal(error.opType, c.opType);
          return true;
        },
      );
    });
  }
});
