/**
 * A writer process for the LMDB tests (not a test file itself).
 *   crash <dir>           : writes entries 1, 2, 3, … forever, printing `ack <n>` once each is durable
 *   crash-deferred <dir>  : the same with `deferFlushes` (a bulk load): `ack <n>` once each is committed
 *   increment <dir> <n>   : n read-modify-write increments of the meta `counter`, then exits
 */
import { setImmediate as tick } from 'node:timers/promises';
import { NO_PARENT, openStore } from '../../src/store/index.ts';

const [mode, path, countText] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: lmdb-child.ts crash|increment <dir> [n]');
const store = await openStore({ engine: 'lmdb', path });

if (mode === 'crash' || mode === 'crash-deferred') {
  if (mode === 'crash-deferred') store.deferFlushes?.();
  for (let n = 1; ; n++) {
    await store.write(async (txn) => {
      const id = await txn.allocateId();
      await txn.putEntry({ id, parentId: NO_PARENT, ndn: `o=${n}`, data: new Uint8Array(200).fill(n % 256) });
      await txn.addIndexKeys(id, [{ index: 'o#eq', key: String(n) }]);
      await txn.putMeta('last', new TextEncoder().encode(String(n)));
    });
    process.stdout.write(`ack ${n}\n`);
  }
} else if (mode === 'increment') {
  for (let i = 0; i < Number(countText); i++) {
    await store.write(async (txn) => {
      const value = Number(
        new TextDecoder().decode((await txn.getMeta('counter')) ?? new Uint8Array()) || '0',
      );
      await tick();
      await txn.putMeta('counter', new TextEncoder().encode(String(value + 1)));
    });
  }
  await store.close();
}
