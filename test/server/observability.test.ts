/** Diagnostics channels, counters, the access log, and serving an arbitrary duplex stream. */
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Duplex, PassThrough } from 'node:stream';
import { test } from 'node:test';
import { Client } from 'ldapts';
import { pino } from 'pino';

import { decodeMessage, ResultCode } from '../../src/protocol/index.ts';
import { PduFramer } from '../../src/server/framing.ts';
import { LdapServer, type OpEndMessage, WHO_AM_I_OID } from '../../src/server/index.ts';
import { encodeMessage } from './fixtures/raw-client.ts';
import { startServer } from './fixtures/start.ts';
import { ToyDirectory } from './fixtures/toy-directory.ts';

test('linden:op:start / linden:op:end, counters and access log (without the password)', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  const s = await startServer({ logger: pino({ level: 'info' }, sink), accessLog: true });
  const ends: OpEndMessage[] = [];
  const onEnd = (m: unknown): void => {
    ends.push(m as OpEndMessage);
  };
  subscribe('linden:op:end', onEnd);
  let starts = 0;
  const onStart = (): void => {
    starts++;
  };
  subscribe('linden:op:start', onStart);
  const client = new Client({ url: s.url });
  try {
    await client.bind('cn=admin,dc=example,dc=org', 'secret');
    await client.search('dc=example,dc=org', { scope: 'sub', filter: '(objectClass=person)' });
    const connection = [...s.server.connections][0]!;
    await client.unbind();
    await connection.closed;
    await s.server.close();
  } finally {
    unsubscribe('linden:op:end', onEnd);
    unsubscribe('linden:op:start', onStart);
  }
  assert.equal(starts, 2);
  assert.deepEqual(
    ends.map((e) => [e.op, e.resultCode]),
    [
      ['bind', 0],
      ['search', 0],
    ],
  );
  assert.ok(ends.every((e) => e.durationMs >= 0 && e.connectionId > 0));
  const stats = s.server.stats.snapshot();
  assert.equal(stats.connectionsTotal, 1);
  assert.equal(stats.connectionsOpen, 0);
  assert.deepEqual(stats.operations.bind, { '0': 1 });
  assert.deepEqual(stats.operations.search, { '0': 1 });
  assert.ok(stats.bytesReceived > 0 && stats.bytesSent > 0);
  const ops = lines.filter((l) => l.msg === 'op');
  assert.deepEqual(
    ops.map((l) => l.type),
    ['bind', 'search', 'unbind'],
  );
  assert.equal(ops[0]?.dn, 'cn=admin,dc=example,dc=org');
  assert.equal(ops[0]?.method, 'simple');
  assert.equal(ops[1]?.entries, 6);
  const all = lines.map((l) => JSON.stringify(l)).join('\n');
  assert.doesNotMatch(all, /secret/);
});

test('handle() serves LDAP over any duplex stream', async () => {
  const server = new LdapServer({ handler: new ToyDirectory(), accessLog: false });
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const serverSide = Duplex.from({ readable: toServer, writable: fromServer });
  const connection = server.handle(serverSide);
  const framer = new PduFramer(1 << 20);
  const response = new Promise<Buffer>((resolve) =>
    fromServer.on('data', (chunk: Buffer) => {
      framer.push(chunk);
      const pdu = framer.next();
      if (pdu) resolve(pdu);
    }),
  );
  toServer.write(
    encodeMessage({ messageId: 9, op: { type: 'extendedRequest', requestName: WHO_AM_I_OID }, controls: [] }),
  );
  const message = decodeMessage(await response);
  assert.equal(message.messageId, 9);
  assert.equal(message.op.type === 'extendedResponse' && message.op.resultCode, ResultCode.success);
  assert.equal(connection.session.transport, 'stream');
  connection.destroy();
  await connection.closed;
});
