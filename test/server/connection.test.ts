/**
 * Connection behaviour through raw sockets: framing, concurrency, abandon,
 * bind exclusivity, limits, bad input and back-pressure.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { ResultCode } from '../../src/protocol/index.ts';
import { NOTICE_OF_DISCONNECTION_OID, WHO_AM_I_OID } from '../../src/server/index.ts';
import { encodeMessage, RawClient, searchOp } from './fixtures/raw-client.ts';
import { type Started, startServer } from './fixtures/start.ts';

const whoAmI = { type: 'extendedRequest', requestName: WHO_AM_I_OID } as const;
const simpleBind = (name: string, password: string) =>
  ({
    type: 'bindRequest',
    version: 3,
    name,
    authentication: { type: 'simple', password: Buffer.from(password) },
  }) as const;

function isNotice(m: { messageId: number; op: { type: string } }): boolean {
  return (
    m.messageId === 0 &&
    m.op.type === 'extendedResponse' &&
    'responseName' in m.op &&
    m.op.responseName === NOTICE_OF_DISCONNECTION_OID
  );
}

describe('connection', () => {
  let s: Started;
  before(async () => {
    s = await startServer({ limits: { maxOutstandingPerConnection: 8 } });
  });
  after(() => s.server.close({ graceful: false }));

  test('a request fed one byte at a time is framed and answered', async () => {
    const c = await RawClient.connect(s.port);
    const bytes = Buffer.concat([
      encodeMessage({ messageId: 1, op: simpleBind('cn=admin,dc=example,dc=org', 'secret'), controls: [] }),
      encodeMessage({ messageId: 2, op: whoAmI, controls: [] }),
    ]);
    for (const byte of bytes) {
      c.socket.write(Buffer.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const bind = await c.waitFor((m) => m.messageId === 1);
    assert.equal(bind.op.type === 'bindResponse' && bind.op.resultCode, ResultCode.success);
    const who = await c.waitFor((m) => m.messageId === 2);
    assert.equal(
      who.op.type === 'extendedResponse' && who.op.responseValue?.toString(),
      'dn:cn=admin,dc=example,dc=org',
    );
    c.socket.destroy();
  });

  test('concurrent requests are answered as they complete, each under its own id', async () => {
    const c = await RawClient.connect(s.port);
    c.send(1, searchOp('cn=delay-80'));
    c.send(2, searchOp('cn=delay-40'));
    c.send(3, searchOp('cn=delay-0'));
    await c.waitForCount(6);
    const done = c.messages.filter((m) => m.op.type === 'searchResultDone').map((m) => m.messageId);
    assert.deepEqual(done, [3, 2, 1]);
    c.socket.destroy();
  });

  test('abandon stops a long search: no more entries, no response to either', async () => {
    const c = await RawClient.connect(s.port);
    const aborted = once(s.directory, 'slow:aborted');
    c.send(5, searchOp('cn=slow'));
    await c.waitForCount(3);
    c.send(6, { type: 'abandonRequest', idToAbandon: 5 });
    await aborted;
    c.send(7, whoAmI);
    await c.waitFor((m) => m.messageId === 7);
    const entriesAtWhoAmI = c.messages.filter((m) => m.messageId === 5).length;
    c.send(8, whoAmI);
    await c.waitFor((m) => m.messageId === 8);
    assert.equal(c.messages.filter((m) => m.messageId === 5).length, entriesAtWhoAmI);
    assert.ok(!c.messages.some((m) => m.op.type === 'searchResultDone' && m.messageId === 5));
    assert.ok(!c.messages.some((m) => m.messageId === 6));
    c.socket.destroy();
  });

  test('a bind abandons outstanding operations (OpenLDAP behaviour) and is answered', async () => {
    const c = await RawClient.connect(s.port);
    const aborted = once(s.directory, 'slow:aborted');
    c.send(1, searchOp('cn=slow'));
    await c.waitForCount(1);
    c.send(2, simpleBind('cn=admin,dc=example,dc=org', 'secret'));
    await aborted;
    const bind = await c.waitFor((m) => m.messageId === 2);
    assert.equal(bind.op.type === 'bindResponse' && bind.op.resultCode, ResultCode.success);
    c.send(3, whoAmI);
    await c.waitFor((m) => m.messageId === 3);
    assert.ok(!c.messages.some((m) => m.op.type === 'searchResultDone'));
    c.socket.destroy();
  });

  test('a failed bind leaves the session anonymous', async () => {
    const c = await RawClient.connect(s.port);
    c.send(1, simpleBind('cn=admin,dc=example,dc=org', 'secret'));
    c.send(2, simpleBind('cn=admin,dc=example,dc=org', 'wrong'));
    c.send(3, whoAmI);
    const bind = await c.waitFor((m) => m.messageId === 2);
    assert.equal(bind.op.type === 'bindResponse' && bind.op.resultCode, ResultCode.invalidCredentials);
    const who = await c.waitFor((m) => m.messageId === 3);
    assert.equal(who.op.type === 'extendedResponse' && who.op.responseValue?.toString(), '');
    c.socket.destroy();
  });

  test('LDAP version 2 binds are refused with protocolError', async () => {
    const c = await RawClient.connect(s.port);
    c.send(1, { ...simpleBind('', ''), version: 2 });
    const bind = await c.waitFor((m) => m.messageId === 1);
    assert.equal(bind.op.type === 'bindResponse' && bind.op.resultCode, ResultCode.protocolError);
    c.socket.destroy();
  });

  test('beyond the outstanding-operation cap a request gets busy', async () => {
    const c = await RawClient.connect(s.port);
    for (let id = 1; id <= 9; id++) c.send(id, searchOp('cn=delay-100'));
    const busy = await c.waitFor((m) => m.messageId === 9);
    assert.equal(busy.op.type === 'searchResultDone' && busy.op.resultCode, ResultCode.busy);
    await c.waitFor((m) => m.messageId === 8 && m.op.type === 'searchResultDone');
    c.socket.destroy();
  });

  test('unbind closes the connection without answering anything in flight', async () => {
    const c = await RawClient.connect(s.port);
    const aborted = once(s.directory, 'slow:aborted');
    c.send(1, searchOp('cn=slow'));
    await c.waitForCount(1);
    c.send(2, { type: 'unbindRequest' });
    await Promise.all([aborted, c.closed]);
    assert.ok(!c.messages.some((m) => m.op.type === 'searchResultDone'));
  });

  test('messageID 0 from a client gets a Notice of Disconnection', async () => {
    const c = await RawClient.connect(s.port);
    c.send(0, whoAmI);
    await c.closed;
    const notice = c.messages.find(isNotice);
    assert.equal(notice?.op.type === 'extendedResponse' && notice.op.resultCode, ResultCode.protocolError);
  });

  test('garbage bytes: Notice of Disconnection, close, and the server keeps serving', async () => {
    const c = await RawClient.connect(s.port);
    c.socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await c.closed;
    assert.ok(c.messages.some(isNotice));
    const d = await RawClient.connect(s.port);
    d.send(1, whoAmI);
    await d.waitFor((m) => m.messageId === 1);
    d.socket.destroy();
  });

  test('an undecodable request with a readable id ends the session with a Notice of Disconnection (RFC 4511 §4.1.1)', async () => {
    const c = await RawClient.connect(s.port);
    // LDAPMessage { messageID 4, searchRequest [APPLICATION 3] holding a bare NULL }
    c.socket.write(Buffer.from([0x30, 0x07, 0x02, 0x01, 0x04, 0x63, 0x02, 0x05, 0x00]));
    await c.closed;
    const notice = c.messages.find(isNotice);
    assert.equal(notice?.op.type === 'extendedResponse' && notice.op.resultCode, ResultCode.protocolError);
    assert.ok(!c.messages.some((m) => m.messageId === 4), 'no answer under the undecodable request id');
  });

  test('StartTLS without a certificate is unavailable; with outstanding operations operationsError', async () => {
    const c = await RawClient.connect(s.port);
    const startTls = { type: 'extendedRequest', requestName: '1.3.6.1.4.1.1466.20037' } as const;
    c.send(1, startTls);
    const none = await c.waitFor((m) => m.messageId === 1);
    assert.equal(none.op.type === 'extendedResponse' && none.op.resultCode, ResultCode.unavailable);
    c.send(2, searchOp('cn=delay-100'));
    c.send(3, startTls);
    const busy = await c.waitFor((m) => m.messageId === 3);
    assert.equal(busy.op.type === 'extendedResponse' && busy.op.resultCode, ResultCode.operationsError);
    c.socket.destroy();
  });
});

describe('connection limits and timeouts', () => {
  test('an oversized PDU ends the session with a Notice of Disconnection', async () => {
    const s = await startServer({ limits: { maxPduBytes: 1024 } });
    try {
      const c = await RawClient.connect(s.port);
      c.send(3, searchOp(`cn=${'x'.repeat(2000)}`));
      await c.closed;
      const notice = c.messages.find(isNotice);
      assert.equal(notice?.op.type === 'extendedResponse' && notice.op.resultCode, ResultCode.protocolError);
      assert.equal(s.server.stats.protocolErrors, 1);
    } finally {
      await s.server.close({ graceful: false });
    }
  });

  test('an idle connection is closed after the idle timeout', async () => {
    const s = await startServer({ limits: { idleTimeout: 0.2 } });
    try {
      const c = await RawClient.connect(s.port);
      c.send(1, whoAmI);
      await c.waitFor((m) => m.messageId === 1);
      await c.closed;
      assert.equal(c.messages.length, 1);
    } finally {
      await s.server.close({ graceful: false });
    }
  });

  test('connections beyond the per-address limit are refused with a notice', async () => {
    const s = await startServer({ limits: { maxConnectionsPerAddress: 2 } });
    try {
      const a = await RawClient.connect(s.port);
      const b = await RawClient.connect(s.port);
      const c = await RawClient.connect(s.port);
      await c.closed;
      const notice = c.messages.find(isNotice);
      assert.equal(notice?.op.type === 'extendedResponse' && notice.op.resultCode, ResultCode.unavailable);
      assert.equal(s.server.stats.connectionsRefused, 1);
      a.send(1, whoAmI);
      await a.waitFor((m) => m.messageId === 1);
      // A slot frees up when a connection closes.
      const serverSide = [...s.server.connections].find((x) => x.session.remotePort === b.socket.localPort);
      b.socket.destroy();
      await serverSide?.closed;
      const d = await RawClient.connect(s.port);
      d.send(1, whoAmI);
      await d.waitFor((m) => m.messageId === 1);
      a.socket.destroy();
      d.socket.destroy();
    } finally {
      await s.server.close({ graceful: false });
    }
  });

  test('the total connection limit applies across addresses', async () => {
    const s = await startServer({ limits: { maxConnections: 1 } });
    try {
      const a = await RawClient.connect(s.port);
      const b = await RawClient.connect(s.port);
      await b.closed;
      assert.ok(b.messages.some(isNotice));
      a.socket.destroy();
    } finally {
      await s.server.close({ graceful: false });
    }
  });
});
