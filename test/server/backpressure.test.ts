/**
 * Back-pressure and shutdown: a client that stops reading must not make the
 * server buffer an unbounded result; a graceful close must deliver what is
 * queued before closing.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { ResultCode } from '../../src/protocol/index.ts';
import { NOTICE_OF_DISCONNECTION_OID } from '../../src/server/index.ts';
import { RawClient, searchOp } from './fixtures/raw-client.ts';
import { startServer } from './fixtures/start.ts';

test('a client that never reads keeps the server buffer bounded', async () => {
  const s = await startServer();
  try {
    const c = await RawClient.connect(s.port);
    c.socket.pause();
    const blocked = once(s.directory, 'flood:blocked');
    // 10,000 entries of 16 KiB: 160 MiB if the server buffered them all.
    c.send(1, searchOp('cn=flood', 10_000));
    const [emitted] = (await blocked) as [number];
    const connection = [...s.server.connections][0]!;
    // Only what the kernel socket buffers absorb has left; the server holds
    // about one high-water mark plus one entry.
    assert.ok(connection.bufferedBytes < 256 * 1024, `server buffers ${connection.bufferedBytes} bytes`);
    assert.ok(emitted < 2000, `${emitted} entries emitted before blocking`);
    c.socket.destroy();
    await connection.closed;
    assert.ok(s.directory.floodEmitted < 2000);
  } finally {
    await s.server.close({ graceful: false });
  }
});

test('graceful close finishes an in-flight slow write, then sends a Notice of Disconnection', async () => {
  const s = await startServer();
  const c = await RawClient.connect(s.port);
  c.socket.pause();
  const blocked = once(s.directory, 'flood:blocked');
  const count = 600; // ~10 MB: more than loopback socket buffers hold
  c.send(1, searchOp('cn=flood', count));
  await blocked;
  const closing = s.server.close({ graceful: true, timeoutMs: 20_000 });
  c.socket.resume();
  await Promise.all([closing, c.closed]);
  const entries = c.messages.filter((m) => m.op.type === 'searchResultEntry').length;
  assert.equal(entries, count);
  const done = c.messages.find((m) => m.op.type === 'searchResultDone');
  assert.equal(done?.op.type === 'searchResultDone' && done.op.resultCode, ResultCode.success);
  const last = c.messages.at(-1);
  assert.equal(last?.messageId, 0);
  assert.equal(last?.op.type === 'extendedResponse' && last.op.responseName, NOTICE_OF_DISCONNECTION_OID);
  assert.equal(last?.op.type === 'extendedResponse' && last.op.resultCode, ResultCode.unavailable);
});

test('close without grace drops connections at once', async () => {
  const s = await startServer();
  const c = await RawClient.connect(s.port);
  c.send(1, searchOp('cn=slow'));
  await c.waitForCount(1);
  await s.server.close({ graceful: false });
  await c.closed;
  assert.equal(s.server.connections.size, 0);
  assert.equal(s.server.stats.connectionsOpen, 0);
});
