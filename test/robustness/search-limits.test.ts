/**
 * Limits on what one search may cost, on a directory of 20,000 entries of
 * 4 KB each (80 MB of results): back-pressure against a client that stops
 * reading, the time limit, and the examine limit for unindexed searches.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import * as ops from '../../src/directory/index.ts';
import { type LdapMessage, ResultCode } from '../../src/protocol/index.ts';
import type { Connection } from '../../src/server/connection.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, startLinden, type TestLinden } from '../support/linden.ts';
import { baseSearch, codeOf, RawLdap, simpleBind } from './raw-client.ts';

const ENTRIES = 20_000;
const VALUE_BYTES = 4000;
const BULK = `ou=bulk,${BASE}`;
const USER_DN = `uid=alice,ou=people,${BASE}`;
const USER_PASSWORD = 'linden-demo';

let s: TestLinden;

before(async () => {
  s = await startLinden({
    engine: 'lmdb',
    config: {
      access: { rules: ['access to * by * read'] },
      limits: { timeLimit: 1, unindexedExamineLimit: 5000, sizeLimit: 0 },
      lockout: { maxFailures: 0 },
    },
  });
  const env = { requester: { dn: s.adminDn, ndn: s.directory.adminNdn, ssf: 0 }, controls: [] };
  const value = Buffer.alloc(VALUE_BYTES, 'x');
  const add = (entry: string, attrs: Record<string, Buffer>) =>
    ops.add(
      s.directory,
      {
        type: 'addRequest',
        entry,
        attributes: Object.entries(attrs).map(([type, v]) => ({ type, values: [v] })),
      },
      env,
    );
  await add(BULK, { objectClass: Buffer.from('organizationalUnit'), ou: Buffer.from('bulk') });
  // One transaction per thousand entries, as `linden import` does.
  for (let from = 0; from < ENTRIES; from += 1000) {
    await s.directory.batch(async () => {
      for (let i = from; i < from + 1000; i++) {
        await add(`cn=e${i},${BULK}`, {
          objectClass: Buffer.from('device'),
          cn: Buffer.from(`e${i}`),
          description: value,
        });
      }
    });
  }
});
after(() => s.stop());

/** Anonymous memory of this process in bytes (LMDB's mapped pages are file-backed and not counted). */
function rssAnon(): number {
  const kb = /RssAnon:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

async function session(dn: string, password: string): Promise<RawLdap> {
  const c = await RawLdap.connect(s.url);
  const id = c.send(simpleBind(dn, password));
  assert.equal(codeOf(await c.result(id)), ResultCode.success);
  return c;
}

function serverSide(c: RawLdap): Connection {
  const found = [...s.server.connections].find((x) => x.session.remotePort === c.socket.localPort);
  assert.ok(found);
  return found;
}

/** Resolves once the server has stopped sending: its byte counter holds still across several checks. */
async function serverStalled(): Promise<void> {
  let last = -1;
  let still = 0;
  while (still < 4) {
    const sent = s.server.stats.bytesSent;
    still = sent === last ? still + 1 : 0;
    last = sent;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const everyDevice = (extra: object = {}) =>
  baseSearch(BULK, {
    scope: 2,
    filter: { type: 'equality', attribute: 'objectClass', value: Buffer.from('device') },
    ...extra,
  });

function countEntries(messages: LdapMessage[]): number {
  return messages.filter((m) => m.op.type === 'searchResultEntry').length;
}

describe('search limits on 20,000 entries', () => {
  test('a client that stops reading cannot make the server buffer the result set; the search stays open and completes', async (t) => {
    const c = await session(ADMIN_DN, ADMIN_PASSWORD);
    const before = rssAnon();
    const sentBefore = s.server.stats.bytesSent;
    c.socket.pause();
    const id = c.send(everyDevice());
    await serverStalled();
    const side = serverSide(c);
    const sent = s.server.stats.bytesSent - sentBefore;
    const growth = rssAnon() - before;
    const total = ENTRIES * VALUE_BYTES;
    t.diagnostic(
      `stalled: ${sent >> 10} KiB sent, ${side.bufferedBytes >> 10} KiB queued, anonymous memory +${growth >> 20} MiB`,
    );
    assert.equal(side.outstanding, 1, 'the search is still open');
    assert.ok(side.bufferedBytes < 1024 * 1024, `server holds ${side.bufferedBytes} bytes for the client`);
    assert.ok(sent < total / 4, `server pushed ${sent} of ${total} bytes into a client that reads nothing`);
    assert.ok(growth < 48 * 1024 * 1024, `memory grew by ${growth >> 20} MB for an ${total >> 20} MB result`);
    // The client reads again: every entry arrives, then success.
    c.socket.resume();
    const messages = await c.until(id);
    assert.equal(countEntries(messages), ENTRIES);
    assert.equal(codeOf(messages[messages.length - 1]!), ResultCode.success);
    c.close();
  });

  test('timeLimit: a user search that outlives the configured second ends with timeLimitExceeded', async () => {
    const c = await session(USER_DN, USER_PASSWORD);
    c.socket.pause();
    const started = Date.now();
    const id = c.send(everyDevice());
    await serverStalled();
    // The limit is about elapsed time: let the second pass while the client holds the search up.
    const left = 1100 - (Date.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    c.socket.resume();
    const messages = await c.until(id);
    assert.equal(codeOf(messages[messages.length - 1]!), ResultCode.timeLimitExceeded);
    assert.ok(countEntries(messages) < ENTRIES);
    c.close();
  });

  test('timeLimit in the request is honoured below the configured one; the administrator has none', async () => {
    const c = await session(ADMIN_DN, ADMIN_PASSWORD);
    c.socket.pause();
    const started = Date.now();
    const id = c.send(everyDevice({ timeLimit: 1 }));
    await serverStalled();
    const left = 1100 - (Date.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    c.socket.resume();
    const messages = await c.until(id);
    assert.equal(codeOf(messages[messages.length - 1]!), ResultCode.timeLimitExceeded);
    c.close();
  });

  test('unindexedExamineLimit: an unindexed user search over 20,000 entries is adminLimitExceeded; indexed and admin ones run', async () => {
    const c = await session(USER_DN, USER_PASSWORD);
    const unindexed = baseSearch(BULK, {
      scope: 2,
      filter: { type: 'substrings', attribute: 'description', initial: Buffer.from('nomatch'), any: [] },
    });
    const refused = await c.result(c.send(unindexed));
    assert.equal(codeOf(refused), ResultCode.adminLimitExceeded);
    const indexed = await c.until(
      c.send(
        baseSearch(BULK, {
          scope: 2,
          filter: { type: 'equality', attribute: 'cn', value: Buffer.from('e123') },
        }),
      ),
    );
    assert.equal(countEntries(indexed), 1);
    assert.equal(codeOf(indexed[indexed.length - 1]!), ResultCode.success);
    c.close();
    const admin = await session(ADMIN_DN, ADMIN_PASSWORD);
    const all = await admin.result(admin.send(unindexed));
    assert.equal(codeOf(all), ResultCode.success);
    admin.close();
  });
});
