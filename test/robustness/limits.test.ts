/**
 * Every limit in `limits.*` is enforced end to end: set in the configuration
 * of a whole Linden, observed through a raw socket or a real client.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Client } from 'ldapts';
import { ResultCode } from '../../src/protocol/index.ts';
import type { Connection } from '../../src/server/connection.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, startLinden, type TestLinden } from '../support/linden.ts';
import { baseSearch, codeOf, isNoticeOfDisconnection, RawLdap, simpleBind, whoAmI } from './raw-client.ts';

const USER_DN = `uid=alice,ou=people,${BASE}`;
const USER_PASSWORD = 'linden-demo';

/** A raw connection from a chosen loopback source address, answered once (so it is admitted and served). */
async function served(url: string, localAddress = '127.0.0.1'): Promise<RawLdap> {
  const c = await RawLdap.connect(url, localAddress);
  const id = c.send(whoAmI());
  assert.equal(codeOf(await c.result(id)), ResultCode.success);
  return c;
}

/** The server-side Connection of a client socket (matched by the client's local port). */
function serverSide(s: TestLinden, c: RawLdap): Connection {
  const port = c.socket.localPort;
  const found = [...s.server.connections].find((x) => x.session.remotePort === port);
  assert.ok(found, 'no server-side connection');
  return found;
}

async function refused(url: string, localAddress = '127.0.0.1'): Promise<void> {
  const c = await RawLdap.connect(url, localAddress);
  const messages = await c.drainUntilClosed();
  const notice = messages.find(isNoticeOfDisconnection);
  assert.ok(notice, 'a refused connection is told why');
  assert.equal(codeOf(notice), ResultCode.unavailable);
}

describe('connection limits', () => {
  let s: TestLinden;
  before(async () => {
    s = await startLinden({
      engine: 'memory',
      config: { limits: { maxConnections: 6, maxConnectionsPerAddress: 3 } },
    });
  });
  after(() => s.stop());

  test('maxConnectionsPerAddress: the 4th connection from one address is refused, another address is served', async () => {
    const mine = [await served(s.url), await served(s.url), await served(s.url)];
    await refused(s.url);
    const other = await served(s.url, '127.0.0.2');
    // Closing one frees its slot: wait for the server to see the close, then connect again.
    const side = serverSide(s, mine[0]!);
    mine[0]!.close();
    await side.closed;
    mine[0] = await served(s.url);
    for (const c of [...mine, other]) c.close();
    await Promise.all([...s.server.connections].map((c) => c.closed));
  });

  test('maxConnections: the 7th connection in total is refused, whatever its address', async () => {
    const open: RawLdap[] = [];
    for (const address of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) {
      open.push(await served(s.url, address), await served(s.url, address));
    }
    await refused(s.url, '127.0.0.4');
    for (const c of open) c.close();
    await Promise.all([...s.server.connections].map((c) => c.closed));
    (await served(s.url, '127.0.0.4')).close();
  });
});

describe('idle timeout', () => {
  let s: TestLinden;
  before(async () => {
    s = await startLinden({ engine: 'memory', config: { limits: { idleTimeout: 0.3 } } });
  });
  after(() => s.stop());

  test('an idle connection is closed by the server after idleTimeout, a busy one is not', async () => {
    const idle = await served(s.url);
    const started = Date.now();
    await idle.closed;
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250, `closed after ${elapsed} ms`);
    // A client that keeps talking stays connected past the timeout.
    const busy = await served(s.url);
    const until = Date.now() + 700;
    while (Date.now() < until) {
      const id = busy.send(whoAmI());
      await busy.result(id);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(busy.isClosed, false);
    busy.close();
  });
});

describe('request limits', () => {
  let s: TestLinden;
  before(async () => {
    s = await startLinden({
      engine: 'memory',
      config: {
        limits: { maxPduBytes: 4096, bindRatePerMinute: 5, filterMaxDepth: 5, filterMaxElements: 10 },
        lockout: { maxFailures: 0 },
      },
    });
  });
  after(() => s.stop());

  test('maxPduBytes: a larger request ends the session with protocolError; a smaller one is served', async () => {
    const c = await RawLdap.connect(s.url);
    c.send(baseSearch(`cn=${'x'.repeat(5000)},${BASE}`));
    const messages = await c.drainUntilClosed();
    assert.equal(codeOf(messages.find(isNoticeOfDisconnection)!), ResultCode.protocolError);
    const d = await RawLdap.connect(s.url);
    const id = d.send(baseSearch(`cn=${'x'.repeat(3000)},${BASE}`));
    assert.equal(codeOf(await d.result(id)), ResultCode.noSuchObject);
    d.close();
  });

  test('maxPduBytes: a header announcing 2 GiB is refused at once, before any body arrives', async () => {
    const socket = createConnection(Number(new URL(s.url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]));
    socket.resume();
    await once(socket, 'close');
  });

  test('filterMaxDepth and filterMaxElements: adminLimitExceeded; within them the search runs', async () => {
    const client = new Client({ url: s.url });
    try {
      await client.bind(ADMIN_DN, ADMIN_PASSWORD);
      const deep = `${'(!'.repeat(5)}(cn=x)${')'.repeat(5)}`;
      await assert.rejects(client.search(BASE, { filter: deep }), (e: { code?: number }) => e.code === 11);
      const shallow = `${'(!'.repeat(4)}(cn=x)${')'.repeat(4)}`;
      await client.search(BASE, { filter: shallow });
      const wide = `(|${Array.from({ length: 10 }, (_, i) => `(cn=${i})`).join('')})`;
      await assert.rejects(client.search(BASE, { filter: wide }), (e: { code?: number }) => e.code === 11);
      const narrow = `(|${Array.from({ length: 9 }, (_, i) => `(cn=${i})`).join('')})`;
      await client.search(BASE, { filter: narrow });
    } finally {
      await client.unbind();
    }
  });

  test('a filter nested 100,000 levels deep is refused, and the server goes on serving', async () => {
    const big = await startLinden({ engine: 'memory' });
    try {
      // (!(!(!…(objectClass=*)…))) built by hand: a NOT is A2 <length> <filter>.
      const filter = nestedNot(tlv(0x87, Buffer.from('objectClass')), 100_000);
      const c = await RawLdap.connect(big.url);
      c.sendBytes(rebuildSearch(filter));
      const answer = await c.next();
      // Answered by its ID (the framing is intact) or by a Notice of Disconnection: protocolError either way.
      assert.ok(answer.messageId === 1 || isNoticeOfDisconnection(answer));
      assert.equal(codeOf(answer), ResultCode.protocolError);
      c.close();
      (await served(big.url)).close();
    } finally {
      await big.stop();
    }
  });

  test('bindRatePerMinute: the 6th bind within a minute from one address is busy; other addresses still bind', async () => {
    const c = await RawLdap.connect(s.url, '127.0.0.5');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const id = c.send(simpleBind(USER_DN, i % 2 ? USER_PASSWORD : 'wrong'));
      codes.push(codeOf(await c.result(id)));
    }
    assert.deepEqual(codes, [49, 0, 49, 0, 49, ResultCode.busy]);
    const d = await RawLdap.connect(s.url, '127.0.0.6');
    const id = d.send(simpleBind(USER_DN, USER_PASSWORD));
    assert.equal(codeOf(await d.result(id)), ResultCode.success);
    c.close();
    d.close();
  });
});

function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** `depth` NOTs around `inner`, written outside-in into one buffer (concatenating per level would be quadratic). */
function nestedNot(inner: Buffer, depth: number): Buffer {
  const lengths = [inner.length];
  for (let i = 0; i < depth; i++) lengths.push(1 + berLength(lengths[i]!).length + lengths[i]!);
  const out = Buffer.alloc(lengths[depth]!);
  let at = 0;
  for (let i = depth - 1; i >= 0; i--) {
    out[at++] = 0xa2;
    at += berLength(lengths[i]!).copy(out, at);
  }
  inner.copy(out, at);
  return out;
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(content.length), content]);
}

/** LDAPMessage { 1, SearchRequest { BASE, base, never, 0, 0, false, <filter>, {} } }. */
function rebuildSearch(filter: Buffer): Buffer {
  const search = tlv(
    0x63,
    Buffer.concat([
      tlv(0x04, Buffer.from(BASE)),
      tlv(0x0a, Buffer.from([0])),
      tlv(0x0a, Buffer.from([0])),
      tlv(0x02, Buffer.from([0])),
      tlv(0x02, Buffer.from([0])),
      tlv(0x01, Buffer.from([0])),
      filter,
      tlv(0x30, Buffer.alloc(0)),
    ]),
  );
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), search]));
}
