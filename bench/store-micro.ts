/**
 * Micro-benchmark of the store engines through the storage contract: ns per
 * getEntry, findId, getEntry+findId in one read, indexLookup, indexRange and
 * write (one entry with three index keys per transaction).
 *
 *   node --import tsx bench/store-micro.ts [entries=100000]
 *
 * Not part of the test suite. The LMDB write figure includes the flush to disk.
 * Wall time is what a caller waits; CPU time (this process, user + system) is
 * the work done, and holds up better on a machine busy with other processes.
 * The writer threads of lmdb count in CPU time, the disk's flush does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_PARENT, openStore, type Store } from '../src/store/index.ts';

const entries = Number(process.argv[2] ?? 100_000);
const data = new Uint8Array(300).fill(7);

async function load(store: Store): Promise<void> {
  const batch = 10_000;
  for (let start = 1; start <= entries; start += batch) {
    await store.write(async (txn) => {
      for (let n = start; n < start + batch && n <= entries; n++) {
        await txn.putEntry({ id: n + 1, parentId: 1, ndn: `uid=user${n},ou=people,dc=example,dc=com`, data });
        await txn.addIndexKeys(n + 1, [
          { index: 'uid#eq', key: `user${n}` },
          { index: 'objectclass#eq', key: n % 10 === 0 ? 'groupofnames' : 'person' },
        ]);
      }
    });
  }
  await store.write((txn) =>
    txn.putEntry({ id: 1, parentId: NO_PARENT, ndn: 'ou=people,dc=example,dc=com', data }),
  );
}

async function measure(name: string, ops: number, body: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(ops, 2000); i++) await body(i); // warm up
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await body(i);
  const ns = Number(process.hrtime.bigint() - start) / ops;
  const cpu = process.cpuUsage(cpuStart);
  const cpuNs = ((cpu.user + cpu.system) * 1000) / ops;
  console.log(
    `  ${name.padEnd(34)} ${ns.toFixed(0).padStart(9)} ns/op wall ${cpuNs.toFixed(0).padStart(9)} ns/op cpu`,
  );
  return ns;
}

const random = (i: number): number => ((i * 7919) % entries) + 1;

async function bench(label: string, store: Store): Promise<void> {
  const loadStart = Date.now();
  await load(store);
  console.log(`${label}: ${entries} entries loaded in ${Date.now() - loadStart} ms`);
  const ops = 100_000;
  await measure('read { getEntry }', ops, (i) => store.read((txn) => txn.getEntry(random(i) + 1)));
  await measure('read { findId }', ops, (i) =>
    store.read((txn) => txn.findId(`uid=user${random(i)},ou=people,dc=example,dc=com`)),
  );
  await measure('read { findId + getEntry }', ops, (i) =>
    store.read(async (txn) => {
      const id = await txn.findId(`uid=user${random(i)},ou=people,dc=example,dc=com`);
      return id === undefined ? undefined : txn.getEntry(id);
    }),
  );
  await store.read(async (txn) => {
    await measure('getEntry (one open read)', ops, (i) => txn.getEntry(random(i) + 1));
    await measure('findId (one open read)', ops, (i) =>
      txn.findId(`uid=user${random(i)},ou=people,dc=example,dc=com`),
    );
    await measure('indexLookup (1 id)', ops, (i) => txn.indexLookup('uid#eq', `user${random(i)}`));
    await measure('indexCount (1 id)', ops, (i) => txn.indexCount('uid#eq', `user${random(i)}`));
    await measure('indexRange prefix (~11 ids)', ops / 10, (i) =>
      txn.indexRange('uid#eq', { prefix: `user${random(i) % 10_000}` }),
    );
  });
  let next = entries + 10;
  await measure('write (1 entry, 2 index keys)', label.startsWith('lmdb') ? 500 : 2_000, async () => {
    const id = next++;
    await store.write(async (txn) => {
      await txn.putEntry({ id, parentId: 1, ndn: `uid=new${id},ou=people,dc=example,dc=com`, data });
      await txn.addIndexKeys(id, [
        { index: 'uid#eq', key: `new${id}` },
        { index: 'objectclass#eq', key: 'person' },
      ]);
    });
  });
  console.log(`  stats ${JSON.stringify(await store.stats())}`);
}

const memory = await openStore({ engine: 'memory' });
await bench('memory', memory);
await memory.close();

const dir = mkdtempSync(join(tmpdir(), 'linden-bench-'));
try {
  const lmdb = await openStore({ engine: 'lmdb', path: dir });
  await bench('lmdb', lmdb);
  await lmdb.close();
  const fast = await openStore({ engine: 'lmdb', path: join(dir, 'nosync'), noSync: true });
  await bench('lmdb noSync', fast);
  await fast.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
