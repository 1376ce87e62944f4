/**
 * Malformed requests against a whole Linden: each gets the answer RFC 4511
 * (and OpenLDAP, where the RFC leaves room) gives, and afterwards the
 * connection is either cleanly closed after a Notice of Disconnection or
 * still serves the next request — and nothing was half done.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeMessage, ResultCode } from '../../src/protocol/index.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, startLinden, type TestLinden } from '../support/linden.ts';
import { baseSearch, codeOf, isNoticeOfDisconnection, RawLdap, simpleBind, whoAmI } from './raw-client.ts';

let s: TestLinden;
before(async () => {
  s = await startLinden({ engine: 'memory' });
});
after(() => s.stop());

/** A session bound as the administrator. */
async function adminSession(): Promise<RawLdap> {
  const c = await RawLdap.connect(s.url);
  const id = c.send(simpleBind(ADMIN_DN, ADMIN_PASSWORD));
  assert.equal(codeOf(await c.result(id)), ResultCode.success);
  return c;
}

/** The session still works: a WhoAmI on it is answered with its identity. */
async function assertStillServing(c: RawLdap, dn = ''): Promise<void> {
  const id = c.send(whoAmI());
  const answer = await c.result(id);
  assert.equal(codeOf(answer), ResultCode.success);
  const value = (answer.op as { responseValue?: Buffer }).responseValue?.toString() ?? '';
  assert.equal(value, dn === '' ? '' : `dn:${dn}`);
}

/** The server sent a Notice of Disconnection (protocolError) and closed. */
async function assertDisconnected(c: RawLdap): Promise<void> {
  const messages = await c.drainUntilClosed();
  const notice = messages.find(isNoticeOfDisconnection);
  assert.ok(notice, `no Notice of Disconnection among ${messages.map((m) => m.op.type).join(', ')}`);
  assert.equal(codeOf(notice), ResultCode.protocolError);
  assert.ok(c.isClosed);
}

async function exists(dn: string): Promise<boolean> {
  const c = await adminSession();
  const id = c.send(baseSearch(dn));
  const all = await c.until(id);
  c.close();
  return all.some((m) => m.op.type === 'searchResultEntry');
}

describe('malformed requests', () => {
  test('a bind with version 2 is answered protocolError; the session goes on, anonymous', async () => {
    const c = await adminSession();
    const id = c.send({ ...simpleBind(ADMIN_DN, ADMIN_PASSWORD), version: 2 } as never);
    const answer = await c.result(id);
    assert.equal(answer.op.type, 'bindResponse');
    assert.equal(codeOf(answer), ResultCode.protocolError);
    // RFC 4511 §4.2.1: a failed bind leaves the session anonymous.
    await assertStillServing(c, '');
    c.close();
  });

  test('an unknown protocolOp tag gets a Notice of Disconnection and a close', async () => {
    const c = await RawLdap.connect(s.url);
    // LDAPMessage { messageID 1, [APPLICATION 30] {} }: no such operation.
    c.sendBytes(Buffer.from([0x30, 0x05, 0x02, 0x01, 0x01, 0x7e, 0x00]));
    await assertDisconnected(c);
  });

  // RFC 4511 §4.1.1: a request whose encoding or fields are incorrect ends the session with a Notice of Disconnection.
  test('a truncated request inside a well-framed PDU: Notice of Disconnection, nothing applied', async () => {
    const c = await adminSession();
    const dn = `cn=truncated,${BASE}`;
    const add = encodeMessage({
      messageId: 7,
      op: {
        type: 'addRequest',
        entry: dn,
        attributes: [
          { type: 'objectClass', values: [Buffer.from('device')] },
          { type: 'cn', values: [Buffer.from('truncated')] },
        ],
      },
      controls: [],
    });
    // Cut the last 6 bytes off, and fix up only the outer length: the AddRequest now overruns it.
    const cut = Buffer.from(add.subarray(0, add.length - 6));
    cut[1] = cut.length - 2;
    c.sendBytes(cut);
    await assertDisconnected(c);
    assert.equal(await exists(dn), false, 'the truncated add must not be applied');
    c.close();
  });

  test('a PDU whose header is cut off mid-stream, followed by a valid one: disconnect, neither is applied', async () => {
    const c = await adminSession();
    const dn = `cn=swallowed,${BASE}`;
    const add = encodeMessage({
      messageId: 9,
      op: {
        type: 'addRequest',
        entry: dn,
        attributes: [{ type: 'objectClass', values: [Buffer.from('device')] }],
      },
      controls: [],
    });
    // A search whose outer length promises 200 bytes, then the add: the add is swallowed into it.
    const search = encodeMessage({ messageId: 8, op: baseSearch(BASE) as never, controls: [] });
    const head = Buffer.from(search.subarray(0, 12));
    head[1] = 200;
    c.sendBytes(Buffer.concat([head, add, Buffer.alloc(200)]));
    const messages = await c.drainUntilClosed();
    assert.ok(!messages.some((m) => m.messageId === 9), 'the swallowed add must not be answered');
    assert.ok(
      messages.some(isNoticeOfDisconnection) || messages.some((m) => m.messageId === 8 && codeOf(m) === 2),
    );
    assert.equal(await exists(dn), false);
  });

  test('a SEQUENCE with trailing garbage: Notice of Disconnection, not performed', async () => {
    const c = await adminSession();
    const dn = `cn=trailing,${BASE}`;
    const add = encodeMessage({
      messageId: 3,
      op: {
        type: 'addRequest',
        entry: dn,
        attributes: [
          { type: 'objectClass', values: [Buffer.from('device')] },
          { type: 'cn', values: [Buffer.from('trailing')] },
        ],
      },
      controls: [],
    });
    // Three bytes of garbage inside the LDAPMessage SEQUENCE, after the operation.
    const bad = Buffer.concat([add, Buffer.from([0xff, 0xff, 0xff])]);
    bad[1] = bad.length - 2;
    c.sendBytes(bad);
    await assertDisconnected(c);
    assert.equal(await exists(dn), false);
    c.close();
  });

  test('a valid add followed by garbage bytes: Notice of Disconnection; the add is whole or absent', async () => {
    const c = await adminSession();
    const dn = `cn=before-garbage,${BASE}`;
    const add = encodeMessage({
      messageId: 5,
      op: {
        type: 'addRequest',
        entry: dn,
        attributes: [
          { type: 'objectClass', values: [Buffer.from('device')] },
          { type: 'cn', values: [Buffer.from('before-garbage')] },
        ],
      },
      controls: [],
    });
    c.sendBytes(Buffer.concat([add, Buffer.from('garbage\r\n')]));
    const messages = await c.drainUntilClosed();
    assert.equal(codeOf(messages.find(isNoticeOfDisconnection)!), ResultCode.protocolError);
    // The session ends at once (RFC 4511 §4.1.1), so the add may go unanswered; if it was answered, it is there.
    const answer = messages.find((m) => m.messageId === 5);
    if (answer) assert.equal(codeOf(answer), ResultCode.success);
    if (answer) assert.equal(await exists(dn), true);
  });

  test('messageID 0 gets a Notice of Disconnection', async () => {
    const c = await RawLdap.connect(s.url);
    c.send(whoAmI(), { messageId: 0 });
    await assertDisconnected(c);
  });

  test('a negative messageID gets a Notice of Disconnection', async () => {
    const c = await RawLdap.connect(s.url);
    // messageID -1 (INTEGER 0xff), then an UnbindRequest.
    c.sendBytes(Buffer.from([0x30, 0x05, 0x02, 0x01, 0xff, 0x42, 0x00]));
    await assertDisconnected(c);
  });

  test('a messageID beyond maxInt (2^31 - 1) gets a Notice of Disconnection', async () => {
    const c = await RawLdap.connect(s.url);
    // messageID 2^31 as a 5-byte INTEGER 00 80 00 00 00, then an UnbindRequest.
    c.sendBytes(Buffer.from([0x30, 0x09, 0x02, 0x05, 0x00, 0x80, 0x00, 0x00, 0x00, 0x42, 0x00]));
    await assertDisconnected(c);
  });

  test('the largest messageID, 2^31 - 1, is served', async () => {
    const c = await RawLdap.connect(s.url);
    const id = c.send(whoAmI(), { messageId: 0x7fffffff });
    assert.equal(codeOf(await c.result(id)), ResultCode.success);
    c.close();
  });

  test('an abandon of an unknown ID gets no response; the session goes on', async () => {
    const c = await RawLdap.connect(s.url);
    c.send({ type: 'abandonRequest', idToAbandon: 4242 });
    const id = c.send(whoAmI());
    // The very next message is the WhoAmI answer: nothing was sent for the abandon.
    const next = await c.next();
    assert.equal(next.messageId, id);
    assert.equal(codeOf(next), ResultCode.success);
    c.close();
  });

  test('an extended request with an unknown OID is protocolError; the session goes on', async () => {
    const c = await adminSession();
    const id = c.send({ type: 'extendedRequest', requestName: '1.2.3.4.5.6.7.8.9' });
    const answer = await c.result(id);
    assert.equal(answer.op.type, 'extendedResponse');
    assert.equal(codeOf(answer), ResultCode.protocolError);
    await assertStillServing(c, ADMIN_DN);
    c.close();
  });

  for (const [what, offsetFromScope] of [
    ['scope', 0],
    ['derefAliases', 3],
  ] as const) {
    test(`a search with an invalid ${what} value: Notice of Disconnection (protocolError)`, async () => {
      const c = await adminSession();
      const pdu = encodeMessage({ messageId: 11, op: baseSearch(BASE) as never, controls: [] });
      // baseObject is followed by ENUMERATED scope (0a 01 00) and ENUMERATED derefAliases (0a 01 00).
      const at = pdu.indexOf(Buffer.from([0x0a, 0x01, 0x00, 0x0a, 0x01, 0x00])) + offsetFromScope;
      assert.ok(at > 0);
      pdu[at + 2] = 9;
      c.sendBytes(pdu);
      await assertDisconnected(c);
    });
  }

  test('a modify with an unknown operation: Notice of Disconnection, and nothing changes', async () => {
    const c = await adminSession();
    const dn = `ou=people,${BASE}`;
    const pdu = encodeMessage({
      messageId: 12,
      op: {
        type: 'modifyRequest',
        object: dn,
        changes: [
          { operation: 2, modification: { type: 'description', values: [Buffer.from('first')] } },
          { operation: 2, modification: { type: 'description', values: [Buffer.from('second')] } },
        ],
      },
      controls: [],
    });
    // The second change's operation (ENUMERATED 2) becomes 7.
    const at = pdu.lastIndexOf(Buffer.from([0x0a, 0x01, 0x02]));
    pdu[at + 2] = 7;
    c.sendBytes(pdu);
    await assertDisconnected(c);
    const check = await adminSession();
    const id = check.send(baseSearch(dn, { attributes: ['description'] }));
    const entry = (await check.until(id)).find((m) => m.op.type === 'searchResultEntry');
    assert.ok(entry?.op.type === 'searchResultEntry');
    const attrs = entry.op.attributes;
    assert.ok(
      !attrs.some((a) => a.type.toLowerCase() === 'description'),
      'the first change must not be applied either',
    );
    check.close();
  });

  test('an add with no attributes is refused and adds nothing', async () => {
    const c = await adminSession();
    const dn = `cn=empty,${BASE}`;
    const id = c.send({ type: 'addRequest', entry: dn, attributes: [] });
    const answer = await c.result(id);
    assert.equal(answer.op.type, 'addResponse');
    assert.equal(codeOf(answer), ResultCode.protocolError);
    await assertStillServing(c, ADMIN_DN);
    assert.equal(await exists(dn), false);
    c.close();
  });

  test('a compare on an unknown attribute is undefinedAttributeType', async () => {
    const c = await adminSession();
    const id = c.send({
      type: 'compareRequest',
      entry: `ou=people,${BASE}`,
      attribute: 'noSuchAttribute',
      value: Buffer.from('x'),
    });
    const answer = await c.result(id);
    assert.equal(answer.op.type, 'compareResponse');
    assert.equal(codeOf(answer), ResultCode.undefinedAttributeType);
    c.close();
  });

  test('an unknown critical control is unavailableCriticalExtension on every operation; a non-critical one is ignored', async () => {
    const c = await adminSession();
    const critical = [{ oid: '1.2.3.4.5.99', critical: true }];
    const ops = [
      baseSearch(BASE),
      { type: 'compareRequest', entry: `ou=people,${BASE}`, attribute: 'ou', value: Buffer.from('people') },
      {
        type: 'modifyRequest',
        object: `ou=people,${BASE}`,
        changes: [{ operation: 2, modification: { type: 'description', values: [Buffer.from('x')] } }],
      },
      {
        type: 'addRequest',
        entry: `cn=ctl,${BASE}`,
        attributes: [{ type: 'objectClass', values: [Buffer.from('device')] }],
      },
      { type: 'deleteRequest', entry: `ou=people,${BASE}` },
      { type: 'modifyDNRequest', entry: `ou=people,${BASE}`, newRDN: 'ou=folk', deleteOldRDN: true },
    ] as const;
    for (const op of ops) {
      const id = c.send(op as never, { controls: critical });
      assert.equal(codeOf(await c.result(id)), ResultCode.unavailableCriticalExtension, op.type);
    }
    assert.equal(await exists(`ou=people,${BASE}`), true);
    assert.equal(await exists(`cn=ctl,${BASE}`), false);
    const id = c.send(baseSearch(BASE), { controls: [{ oid: '1.2.3.4.5.99', critical: false }] });
    assert.equal(codeOf(await c.result(id)), ResultCode.success);
    c.close();
  });
});
