/**
 * Micro-benchmark of the PostgreSQL engine through the storage contract, with
 * the same operations as `store-micro.ts`: µs per getEntry, findId, indexLookup,
 * indexCount, indexRange, getEntries(64) and write, plus the bulk load rate.
 *
 *   node --import tsx bench/store-postgres.ts [entries=100000] [url]
 *
 * Without a URL it starts a private server (test/support/postgres.ts: fsync
 * off, so commit figures leave out the disk flush). Not part of the test suite.
 */
import { NO_PARENT, openStore, type Store } from '../src/store/index.ts';
import { startPostgres } from '../test/support/postgres.ts';

const entries = Number(process.argv[2] ?? 100_000);
const data = new Uint8Array(300).fill(7);
const dn = (n: number): string => `uid=user${n},ou=people,dc=example,dc=com`;

/** Like `linden import`: one transaction per batch, an entry and its index keys at a time. */
async function load(store: Store): Promise<void> {
  const batch = 10_000;
  await store.write((txn) =>
    txn.putEntry({ id: 1, parentId: NO_PARENT, ndn: 'ou=people,dc=example,dc=com', data }),
  );
  for (let start = 1; start <= entries; start += batch) {
    await store.write(async (txn) => {
      for (let n = start; n < start + batch && n <= entries; n++) {
        await txn.putEntry({ id: n + 1, parentId: 1, ndn: dn(n), data });
        await txn.addIndexKeys(n + 1, [
          { index: 'uid#eq', key: `user${n}` },
          { index: 'objectclass#eq', key: n % 10 === 0 ? 'groupofnames' : 'person' },
          { index: 'cn#sub', key: `ser${n % 1000}` },
        ]);
      }
    });
  }
}

async function measure(name: string, ops: number, body: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(ops, 500); i++) await body(i); // warm up (and prepare the statements)
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await body(i);
  const ns = Number(process.hrtime.bigint() - start) / ops;
  console.log(
    `  ${name.padEnd(36)} ${(ns / 1000).toFixed(1).padStart(8)} µs/op ${Math.round(1e9 / ns)
      .toString()
      .padStart(8)} ops/s`,
  );
}

/** Many operations at once: what a busy server sees, with the pool's connections all working. */
async function throughput(
  name: string,
  ops: number,
  concurrency: number,
  body: (i: number) => Promise<unknown>,
) {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ops) await body(next++);
    }),
  );
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `  ${name.padEnd(36)} ${Math.round(ops / s)
      .toString()
      .padStart(17)} ops/s (${concurrency} at once)`,
  );
}

const random = (i: number): number => ((i * 7919) % entries) + 1;

const server = process.argv[3] === undefined ? await startPostgres() : undefined;
const url = process.argv[3] ?? server!.url;
try {
  const store = await openStore({ engine: 'postgres', url, poolSize: 16 });
  const loadStart = Date.now();
  await load(store);
  const loadMs = Date.now() - loadStart;
  console.log(
    `postgres: ${entries} entries (3 index keys each) loaded in ${loadMs} ms, ${Math.round((entries * 1000) / loadMs)} entries/s`,
  );
  const ops = 20_000;
  await measure('read { getEntry }', ops, (i) => store.read((txn) => txn.getEntry(random(i) + 1)));
  await measure('read { findId }', ops, (i) => store.read((txn) => txn.findId(dn(random(i)))));
  await measure('read { findId + getEntry }', ops, (i) =>
    store.read(async (txn) => {
      const id = await txn.findId(dn(random(i)));
      return id === undefined ? undefined : txn.getEntry(id);
    }),
  );
  await store.read(async (txn) => {
    await measure('getEntry (one open read)', ops, (i) => txn.getEntry(random(i) + 1));
    await measure('findId (one open read)', ops, (i) => txn.findId(dn(random(i))));
    await measure('indexLookup (1 id)', ops, (i) => txn.indexLookup('uid#eq', `user${random(i)}`));
    await measure('indexCount (1 id)', ops, (i) => txn.indexCount('uid#eq', `user${random(i)}`));
    await measure('indexRange prefix (~11 ids)', ops / 10, (i) =>
      txn.indexRange('uid#eq', { prefix: `user${random(i) % 10_000}` }),
    );
    const batch = (i: number): number[] => Array.from({ length: 64 }, (_, k) => random(i * 64 + k) + 1);
    await measure('getEntries (64)', ops / 10, (i) => txn.getEntries(batch(i)));
  });
  await throughput('read { getEntry }', ops * 2, 16, (i) => store.read((txn) => txn.getEntry(random(i) + 1)));
  let next = entries + 10;
  const write = async () => {
    const id = next++;
    await store.write(async (txn) => {
      await txn.putEntry({ id, parentId: 1, ndn: `uid=new${id},ou=people,dc=example,dc=com`, data });
      await txn.addIndexKeys(id, [
        { index: 'uid#eq', key: `new${id}` },
        { index: 'objectclass#eq', key: 'person' },
      ]);
    });
  };
  await measure('write (1 entry, 2 index keys)', 2000, write);
  await throughput('write (1 entry, 2 index keys)', 4000, 16, write);
  console.log(`  stats ${JSON.stringify(await store.stats())}`);
  await store.close();
} finally {
  await server?.stop();
}
