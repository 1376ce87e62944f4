import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ASSERTION_OID,
  assertionControl,
  decodeAssertionValue,
  decodeMessage,
  decodePagedResultsValue,
  decodePasswordModifyRequest,
  decodePasswordModifyResponse,
  encodeMessage,
  encodePagedResultsValue,
  encodePasswordModifyRequest,
  encodePasswordModifyResponse,
  findControl,
  LdapError,
  MANAGE_DSA_IT_OID,
  manageDsaItControl,
  NOTICE_OF_DISCONNECTION_OID,
  noticeOfDisconnection,
  PAGED_RESULTS_OID,
  PASSWORD_MODIFY_OID,
  pagedResultsControl,
  passwordModifyRequest,
  ResultCode,
  START_TLS_OID,
  startTlsRequest,
  startTlsResponse,
  WHO_AM_I_OID,
  whoAmIAuthzId,
  whoAmIRequest,
  whoAmIResponse,
} from '../../src/protocol/index.ts';

const isProtocolError = (e: unknown) => LdapError.is(e) && e.resultCode === ResultCode.protocolError;

describe('paged results control (RFC 2696)', () => {
  it('decodes the value ldapsearch -E pr=10 sends', () => {
    assert.deepStrictEqual(decodePagedResultsValue(Buffer.from('300502010a0400', 'hex')), {
      size: 10,
      cookie: Buffer.alloc(0),
    });
  });
  it('round-trips size and cookie', () => {
    const value = { size: 500, cookie: Buffer.from([0, 0, 1, 2]) };
    assert.deepStrictEqual(decodePagedResultsValue(encodePagedResultsValue(value)), value);
    const c = pagedResultsControl(value, true);
    assert.equal(c.oid, PAGED_RESULTS_OID);
    assert.equal(c.critical, true);
  });
  it('rejects malformed values with protocolError', () => {
    for (const hex of ['', '3000', '30030201ff', '3005020105040000', '300502010a0400ff']) {
      assert.throws(() => decodePagedResultsValue(Buffer.from(hex, 'hex')), isProtocolError, hex);
    }
  });
});

describe('ManageDsaIT and assertion controls', () => {
  it('ManageDsaIT has no value', () => {
    assert.deepStrictEqual(manageDsaItControl(), { oid: MANAGE_DSA_IT_OID, critical: false });
  });
  it('decodes the assertion ldapsearch -e !assert=(cn=x) sends', () => {
    assert.deepStrictEqual(decodeAssertionValue(Buffer.from('a3070402636e040178', 'hex')), {
      type: 'equality',
      attribute: 'cn',
      value: Buffer.from('x'),
    });
  });
  it('builds a critical assertion control by default and finds it', () => {
    const filter = { type: 'present', attribute: 'uid' } as const;
    const c = assertionControl(filter);
    assert.equal(c.critical, true);
    assert.deepStrictEqual(findControl([manageDsaItControl(), c], ASSERTION_OID), c);
    assert.deepStrictEqual(decodeAssertionValue(c.value!), filter);
    assert.equal(findControl([], ASSERTION_OID), undefined);
  });
  it('rejects a malformed filter with protocolError', () => {
    assert.throws(() => decodeAssertionValue(Buffer.from('a30304016e', 'hex')), isProtocolError);
    assert.throws(() => decodeAssertionValue(Buffer.from('870178ff', 'hex')), /trailing bytes/);
  });
});

describe('Password Modify (RFC 3062)', () => {
  it('decodes the value ldappasswd -a oldpw -s newpw sends', () => {
    const value = Buffer.from(
      '302780177569643d752c64633d6578616d706c652c64633d636f6d81056f6c64707782056e65777077',
      'hex',
    );
    assert.deepStrictEqual(decodePasswordModifyRequest(value), {
      userIdentity: 'uid=u,dc=example,dc=com',
      oldPasswd: Buffer.from('oldpw'),
      newPasswd: Buffer.from('newpw'),
    });
    assert.ok(encodePasswordModifyRequest(decodePasswordModifyRequest(value)).equals(value));
  });
  it('omits the request value when no field is set (as ldappasswd does)', () => {
    const op = passwordModifyRequest({});
    assert.deepStrictEqual(op, { type: 'extendedRequest', requestName: PASSWORD_MODIFY_OID });
    assert.deepStrictEqual(decodePasswordModifyRequest(Buffer.from('3000', 'hex')), {});
  });
  it('round-trips genPasswd', () => {
    const bytes = encodePasswordModifyResponse({ genPasswd: Buffer.from('s3cr3t') });
    assert.equal(bytes.toString('hex'), '30088006733363723374');
    assert.deepStrictEqual(decodePasswordModifyResponse(bytes), { genPasswd: Buffer.from('s3cr3t') });
    assert.deepStrictEqual(decodePasswordModifyResponse(encodePasswordModifyResponse({})), {});
  });
  it('rejects a malformed value with protocolError', () => {
    assert.throws(() => decodePasswordModifyRequest(Buffer.from('3003800501', 'hex')), isProtocolError);
  });
});

describe('extended operations', () => {
  it('StartTLS request and response carry the OID', () => {
    assert.deepStrictEqual(startTlsRequest(), { type: 'extendedRequest', requestName: START_TLS_OID });
    assert.equal(startTlsResponse().responseName, START_TLS_OID);
    assert.equal(startTlsResponse(ResultCode.operationsError).resultCode, ResultCode.operationsError);
  });
  it('WhoAmI response holds the authzId as its value and no name (RFC 4532 §2.2)', () => {
    assert.deepStrictEqual(whoAmIRequest(), { type: 'extendedRequest', requestName: WHO_AM_I_OID });
    const r = whoAmIResponse('dn:cn=admin,dc=example,dc=com');
    assert.equal(r.responseName, undefined);
    assert.equal(whoAmIAuthzId(r), 'dn:cn=admin,dc=example,dc=com');
    assert.equal(whoAmIAuthzId(whoAmIResponse('')), '');
  });
  it('Notice of Disconnection is messageID 0 with the OID', () => {
    const msg = noticeOfDisconnection(ResultCode.protocolError, 'bad PDU');
    const bytes = encodeMessage(msg);
    assert.deepStrictEqual(decodeMessage(bytes), msg);
    assert.equal(msg.messageId, 0);
    assert.equal(msg.op.responseName, NOTICE_OF_DISCONNECTION_OID);
  });
});
