/**
 * A writer process for the PostgreSQL tests (not a test file itself).
 *   crash <url>   : writes entries 1, 2, 3, … forever, printing `ack <n>` once each is committed
 */
import { NO_PARENT, openStore } from '../../src/store/index.ts';

const [mode, url] = process.argv.slice(2);
if (mode !== 'crash' || url === undefined) throw new Error('usage: postgres-child.ts crash <url>');
const store = await openStore({ engine: 'postgres', url });

for (let n = 1; ; n++) {
  await store.write(async (txn) => {
    const id = await txn.allocateId();
    await txn.putEntry({ id, parentId: NO_PARENT, ndn: `o=${n}`, data: new Uint8Array(200).fill(n % 256) });
    await txn.addIndexKeys(id, [{ index: 'o#eq', key: String(n) }]);
    await txn.putMeta('last', new TextEncoder().encode(String(n)));
  });
  process.stdout.write(`ack ${n}\n`);
}
