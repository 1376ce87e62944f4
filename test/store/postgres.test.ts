import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises';
import pg from 'pg';
import {
  NO_PARENT,
  openStore,
  type ReadTxn,
  type Store,
  type StoreChange,
  StoreCorruptError,
  StoreError,
  StoreUnavailableError,
} from '../../src/store/index.ts';
import { isResync, LATEST_VERSION, migrate, type PostgresStore } from '../../src/store/postgres/index.ts';
import { checkServerVersion, MIN_SERVER_VERSION } from '../../src/store/postgres/postgres-store.ts';
import { Session } from '../../src/store/postgres/session.ts';
import { type PostgresServer, postgresAvailable, startPostgres } from '../support/postgres.ts';
import { runConformance } from './conformance.ts';
import { killAfterAcks } from './kill-writer.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL is not installed';
let server: PostgresServer;
before(async () => {
  if (!skip) server = await startPostgres();
});
after(() => server?.stop());

const urlOf = new WeakMap<Store, string>();
let databases = 0;

/** A new, empty database on the test server. */
async function freshDatabase(): Promise<string> {
  const name = `linden_${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function openAt(
  url: string,
  options: { poolSize?: number; statementTimeoutMs?: number } = {},
): Promise<Store> {
  const store = await openStore({
    engine: 'postgres',
    url,
    ...options,
    retryDelayMs: { initial: 20, max: 200 },
  });
  urlOf.set(store, url);
  return store;
}

if (skip) {
  describe('store conformance: postgres', () => {
    it('runs against a private PostgreSQL server', { skip }, () => {});
  });
} else {
  runConformance('postgres', {
    create: async () => openAt(await freshDatabase()),
    async reopen(store) {
      await store.close();
      return openAt(urlOf.get(store)!);
    },
    openSibling: (store) => openAt(urlOf.get(store)!),
  });
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined): string | undefined =>
  data === undefined ? undefined : new TextDecoder().decode(data);

/** The next change `store` hears that `match` accepts; rejects after `ms` so a missing event fails the test. */
function nextChange(
  store: Store,
  match: (change: StoreChange) => boolean,
  ms = 10_000,
): Promise<StoreChange> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching change within ${ms} ms`));
    }, ms);
    const stop = store.onChange((change) => {
      if (!match(change)) return;
      clearTimeout(timer);
      stop();
      resolve(change);
    });
  });
}

/** Resolves once `condition` holds, checking again after each failed try; rejects at the deadline. */
async function until(condition: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await sleep(25);
  }
}

describe('postgres engine', { skip }, () => {
  describe('two nodes on one database', () => {
    let url: string;
    let one: Store;
    let two: Store;
    before(async () => {
      url = await freshDatabase();
      one = await openAt(url);
      two = await openAt(url);
    });
    after(async () => {
      await one.close();
      await two.close();
    });

    it('reads a write made on the other node at once, and tells its listeners', async () => {
      const heard = nextChange(two, (change) => change.ids.includes(41));
      await one.write(async (txn) => {
        await txn.putEntry({ id: 41, parentId: NO_PARENT, ndn: 'o=node one', data: bytes('hello') });
        await txn.addIndexKeys(41, [{ index: 'o#eq', key: 'node one' }]);
        await txn.putMeta('rules', bytes('r1'));
      });
      // No wait: the commit has returned, so the other node's next read sees it.
      await two.read(async (txn) => {
        assert.equal(await txn.findId('o=node one'), 41);
        assert.deepEqual(await txn.indexLookup('o#eq', 'node one'), [41]);
        assert.equal(text(await txn.getMeta('rules')), 'r1');
      });
      const change = await heard;
      assert.deepEqual(change.ids, [41]);
      assert.deepEqual(change.metaKeys, ['rules']);
    });

    it('loses no update when both nodes increment one counter concurrently (2 × 100)', async () => {
      const increment = (store: Store) =>
        store.write(async (txn) => {
          const value = Number(text(await txn.getMeta('counter')) ?? '0');
          await tick();
          await txn.putMeta('counter', bytes(String(value + 1)));
        });
      await Promise.all([
        ...Array.from({ length: 100 }, () => increment(one)),
        ...Array.from({ length: 100 }, () => increment(two)),
      ]);
      assert.equal(Number(text(await one.read((txn) => txn.getMeta('counter')))), 200);
      assert.equal(Number(text(await two.read((txn) => txn.getMeta('counter')))), 200);
    });

    it('tells of a change too large for one notification as a resync naming every meta key', async () => {
      const heard = nextChange(two, isResync);
      // Every other id: no runs to compress, far beyond the 8,000-byte payload limit.
      await one.write(async (txn) => {
        for (let i = 0; i < 3000; i++)
          await txn.addIndexKeys(100_000 + 2 * i, [{ index: 'x#pres', key: '' }]);
      });
      const change = await heard;
      assert.deepEqual(change.ids, []);
      assert.ok(change.metaKeys.includes('rules') && change.metaKeys.includes('counter'));
    });

    it('sends a bulk change of consecutive ids compactly, as runs', async () => {
      const heard = nextChange(two, (change) => change.ids.length === 5000);
      await one.write(async (txn) => {
        for (let i = 0; i < 5000; i++) await txn.addIndexKeys(200_000 + i, [{ index: 'y#pres', key: '' }]);
      });
      const change = await heard;
      assert.equal(change.ids[0], 200_000);
      assert.equal(change.ids[4999], 204_999);
    });
  });

  it('keeps every acknowledged write when the writing process is killed (SIGKILL) mid-stream', async () => {
    const url = await freshDatabase();
    (await openAt(url)).close(); // migrate first, so the writer starts at once
    const writer = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'postgres-child.ts'), 'crash', url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const { acked, signal } = await killAfterAcks(writer, 150);
    assert.equal(signal, 'SIGKILL');
    const store = await openAt(url);
    try {
      await store.read(async (txn) => {
        const count = await txn.entryCount();
        assert.ok(count >= acked, `${count} entries, ${acked} acknowledged`);
        assert.equal(Number(text(await txn.getMeta('last'))), count, 'no transaction is there in part');
        const ids = await txn.scanIds(0, count + 10);
        assert.equal(ids.length, count);
        const entries = await txn.getEntries(ids);
        for (let n = 1; n <= count; n++) {
          const id = await txn.findId(`o=${n}`);
          assert.ok(id !== undefined, `entry ${n} is there`);
          assert.deepEqual(await txn.indexLookup('o#eq', String(n)), [id]);
          assert.equal(entries[ids.indexOf(id)]?.data[0], n % 256);
        }
      });
      // The killed writer's lock went with its connection: writes go on.
      await store.write((txn) => txn.putMeta('after', new Uint8Array([1])));
    } finally {
      await store.close();
    }
  });

  it('fails fast while PostgreSQL is down, and recovers by itself when it returns', async () => {
    const url = await freshDatabase();
    const store = (await openAt(url)) as PostgresStore;
    const other = (await openAt(url)) as PostgresStore;
    try {
      await store.write((txn) => txn.putMeta('k', bytes('before')));
      const resynced = nextChange(other, isResync, 30_000);
      // A write in the middle of its callback when the server goes: it fails, and nothing else does.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => {
        inside = resolve;
      });
      const interrupted = store.write(async (txn) => {
        await txn.putMeta('k', bytes('interrupted'));
        inside();
        await gate;
        await txn.putMeta('k2', bytes('interrupted'));
      });
      await entered;
      await server.halt();
      release();
      await assert.rejects(interrupted, StoreUnavailableError);
      const started = Date.now();
      await assert.rejects(
        store.read((txn) => txn.getMeta('k')),
        StoreUnavailableError,
      );
      await assert.rejects(
        store.write((txn) => txn.putMeta('k', bytes('lost'))),
        StoreUnavailableError,
      );
      await assert.rejects(
        store.read((txn) => txn.getMeta('k')),
        StoreUnavailableError,
      );
      assert.ok(Date.now() - started < 2000, `failed in ${Date.now() - started} ms`);
      const health = await store.health();
      assert.equal(health.ok, false);
      assert.match(health.reason ?? '', /ECONNREFUSED|terminat|connect/i);

      await server.restart();
      await until(async () => (await store.health()).ok);
      assert.equal(text(await store.read((txn) => txn.getMeta('k'))), 'before');
      await store.write((txn) => txn.putMeta('k', bytes('after')));
      // The other node never called health(): its own probe and its listener come back by themselves.
      const change = await resynced;
      assert.ok(change.metaKeys.includes('k'), `resync named ${change.metaKeys.join()}`);
      await until(async () => {
        try {
          return text(await other.read((txn) => txn.getMeta('k'))) === 'after';
        } catch (error) {
          if (error instanceof StoreUnavailableError) return false;
          throw error;
        }
      });
      const heard = nextChange(other, (c) => c.metaKeys.includes('k2'));
      await store.write((txn) => txn.putMeta('k2', bytes('v')));
      await heard;
    } finally {
      await store.close();
      await other.close();
    }
  });

  describe('reads on a connection that has run their statements before', () => {
    it('gives the same answers when the first call travels with BEGIN, for every kind of call', async () => {
      const store = await openAt(await freshDatabase(), { poolSize: 1 });
      try {
        // Quotes, backslashes and a NUL: every parameter goes through the literal form too.
        const odd = "cn=o'neil\\, \\5c\u0000x,dc=example";
        const index = "cn#eq'\\";
        const ids = await store.write(async (txn) => {
          const root = await txn.allocateId();
          const child = await txn.allocateId();
          await txn.putEntry({ id: root, parentId: NO_PARENT, ndn: 'dc=example', data: bytes('root') });
          await txn.putEntry({ id: child, parentId: root, ndn: odd, data: bytes('child') });
          await txn.addIndexKeys(child, [{ index, key: "o'neil\\" }]);
          await txn.putMeta("k'\\", bytes('v'));
          return { root, child };
        });
        const calls: [string, (txn: import('../../src/store/index.ts').ReadTxn) => Promise<unknown>][] = [
          ['getEntry', (txn) => txn.getEntry(ids.child)],
          ['getEntries', (txn) => txn.getEntries([ids.child, 12345, ids.root])],
          ['findId', (txn) => txn.findId(odd)],
          ['findEntry', (txn) => txn.findEntry(odd)],
          ['childIds', (txn) => txn.childIds(ids.root)],
          ['hasChildren', (txn) => txn.hasChildren(ids.root)],
          ['indexLookup', (txn) => txn.indexLookup(index, "o'neil\\")],
          ['indexRange', (txn) => txn.indexRange(index, { prefix: "o'" })],
          ['indexCount', (txn) => txn.indexCount(index, "o'neil\\")],
          ['scanIds', (txn) => txn.scanIds(0, 10)],
          ['entryCount', (txn) => txn.entryCount()],
          ['getMeta', (txn) => txn.getMeta("k'\\")],
        ];
        for (const [name, call] of calls) {
          const first = await store.read(call);
          const again = await store.read(call);
          assert.deepEqual(again, first, name);
          assert.ok(first !== undefined && first !== null, name);
        }
        assert.equal(text((await store.read((txn) => txn.findEntry(odd)))?.data), 'child');
        assert.deepEqual(await store.read((txn) => txn.indexLookup(index, "o'neil\\")), [ids.child]);
      } finally {
        await store.close();
      }
    });

    it('answers a call the callback did not wait for, and refuses one made after the read is over', async () => {
      const store = await openAt(await freshDatabase(), { poolSize: 1 });
      try {
        await store.write((txn) => txn.putMeta('k', bytes('before')));
        let late!: Promise<unknown>;
        let kept!: ReadTxn;
        await store.read(async (txn) => {
          late = txn.getMeta('k');
          kept = txn;
        });
        // Asked for inside the callback: answered from the read's snapshot.
        assert.equal(text((await late) as Uint8Array), 'before');
        await assert.rejects(async () => kept.getMeta('k'), StoreError);
        await store.write((txn) => txn.putMeta('k', bytes('v')));
        assert.equal(text(await store.read((txn) => txn.getMeta('k'))), 'v');
      } finally {
        await store.close();
      }
    });

    it('keeps one snapshot from that first call on', async () => {
      const url = await freshDatabase();
      const store = await openAt(url, { poolSize: 1 });
      const writer = await openAt(url);
      try {
        const id = await store.write(async (txn) => {
          const id = await txn.allocateId();
          await txn.putEntry({ id, parentId: NO_PARENT, ndn: 'o=one', data: bytes('old') });
          await txn.addIndexKeys(id, [{ index: 'o#eq', key: 'one' }]);
          return id;
        });
        await store.read((txn) => txn.findEntry('o=one')); // prepares the statement on the one connection
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        let started!: () => void;
        const begun = new Promise<void>((resolve) => {
          started = resolve;
        });
        const reading = store.read(async (txn) => {
          const before = await txn.findEntry('o=one');
          started();
          await gate;
          assert.deepEqual(await txn.indexLookup('o#eq', 'one'), [id]);
          assert.deepEqual(await txn.getEntry(id), before);
          assert.equal(await txn.findId('o=two'), undefined);
          return text(before?.data);
        });
        await begun; // the read holds its snapshot
        await writer.write(async (txn) => {
          await txn.putEntry({ id, parentId: NO_PARENT, ndn: 'o=one', data: bytes('new') });
          await txn.removeIndexKeys(id, [{ index: 'o#eq', key: 'one' }]);
          await txn.putEntry({
            id: await txn.allocateId(),
            parentId: NO_PARENT,
            ndn: 'o=two',
            data: bytes('2'),
          });
        });
        release();
        assert.equal(await reading, 'old');
        assert.equal(text((await store.read((txn) => txn.findEntry('o=one')))?.data), 'new');
      } finally {
        await store.close();
        await writer.close();
      }
    });
  });

  describe('posting keys of any content', () => {
    it('stores and finds keys with quotes, backslashes, control and non-ASCII characters', async () => {
      const store = await openAt(await freshDatabase());
      const keys = [
        'plain',
        'o"neil',
        'back\\slash',
        '\\x41',
        '\u0002start',
        'end\u0003',
        'tab\there',
        'é',
        '😀 smile',
        '"',
        '\\',
        '{a,b}',
        'NULL',
        '',
      ];
      try {
        const ids = await store.write(async (txn) => {
          const ids: number[] = [];
          for (const key of keys) {
            const id = await txn.allocateId();
            await txn.putEntry({ id, parentId: NO_PARENT, ndn: `o=${ids.length}`, data: bytes(key) });
            // Added twice, around a lookup that sends them: the second add must not fail.
            await txn.addIndexKeys(id, [{ index: 'k#eq', key }]);
            ids.push(id);
          }
          assert.deepEqual(await txn.indexLookup('k#eq', 'plain'), [ids[0]]);
          for (const [i, key] of keys.entries()) await txn.addIndexKeys(ids[i]!, [{ index: 'k#eq', key }]);
          return ids;
        });
        // An entry that was there before the write: its keys take the other statement.
        await store.write(async (txn) => {
          for (const [i, key] of keys.entries()) await txn.addIndexKeys(ids[i]!, [{ index: 'old#eq', key }]);
        });
        await store.read(async (txn) => {
          for (const [i, key] of keys.entries()) {
            assert.deepEqual(await txn.indexLookup('k#eq', key), [ids[i]], JSON.stringify(key));
            assert.deepEqual(await txn.indexLookup('old#eq', key), [ids[i]], JSON.stringify(key));
          }
          assert.deepEqual(await txn.indexRange('k#eq', { prefix: 'back' }), [ids[2]]);
          assert.equal((await txn.indexRange('k#eq', {})).length, keys.length);
        });
      } finally {
        await store.close();
      }
    });
  });

  describe('COPY on a write connection', () => {
    it('copies rows in COPY text, and a failed COPY fails its call and leaves the connection usable', {
      timeout: 20_000,
    }, async () => {
      const url = await freshDatabase();
      const store = await openAt(url); // migrates the database
      await store.close();
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      const client = await pool.connect();
      const warnings: string[] = [];
      const onWarning = (w: Error): void => {
        warnings.push(w.message);
      };
      process.on('warning', onWarning);
      try {
        const session = new Session(client, (e) => new StoreError(String((e as Error).message)));
        await session.exec('BEGIN');
        const rows = Buffer.from('a#eq\tone\t1\na#eq\t\\\\x0274776f\t2\n');
        assert.equal(
          await session.copyIn('COPY linden_postings (index_name, key, entry_id) FROM STDIN', rows),
          2,
        );
        const duplicate = session.copyIn('COPY linden_postings (index_name, key, entry_id) FROM STDIN', rows);
        const after = session.rows(
          { name: 'test_count', text: 'SELECT count(*)::int AS n FROM linden_postings' },
          [],
        );
        await assert.rejects(duplicate, /duplicate key/);
        // Asked for behind the failed COPY: it runs after it, in the aborted transaction.
        await assert.rejects(after, /aborted/);
        await session.exec('ROLLBACK');
        await session.exec('BEGIN');
        assert.equal(
          await session.copyIn('COPY linden_postings (index_name, key, entry_id) FROM STDIN', rows),
          2,
        );
        const keys = await session.rows<{ key: Buffer }>(
          { name: 'test_keys', text: 'SELECT key FROM linden_postings ORDER BY entry_id' },
          [],
        );
        assert.deepEqual(
          keys.map((r) => r.key.toString('latin1')),
          ['one', '\u0002two'],
        );
        await session.finish('COMMIT');
        assert.deepEqual(warnings, []);
      } finally {
        process.off('warning', onWarning);
        await pool.end();
      }
    });
  });

  describe('reads started together', () => {
    it('share one connection and transaction, and each sees every write acknowledged before it began', async () => {
      const url = await freshDatabase();
      const store = await openAt(url, { poolSize: 8 });
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        for (let round = 0; round < 20; round++) {
          await store.write((txn) => txn.putMeta('k', bytes(String(round))));
          const values = await Promise.all(
            Array.from({ length: 12 }, () =>
              store.read(async (txn) => {
                const first = text(await txn.getMeta('k'));
                const again = text(await txn.getMeta('k'));
                return `${first}/${again}`;
              }),
            ),
          );
          assert.deepEqual(values, Array(12).fill(`${round}/${round}`));
        }
        // Twelve reads at a time took one pooled connection, not twelve (the other is the change listener).
        const { rows } = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'linden'",
        );
        assert.ok(rows[0]!.n <= 3, `${rows[0]!.n} connections`);
      } finally {
        await admin.end();
        await store.close();
      }
    });

    it('fails every read of a batch whose statement failed, and the next reads succeed', {
      timeout: 20_000,
    }, async () => {
      const url = await freshDatabase();
      // One connection: a batch that failed must give it back (closed), or the next read would wait forever.
      const store = await openAt(url, { statementTimeoutMs: 300, poolSize: 1 });
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      try {
        await store.write((txn) => txn.putMeta('k', bytes('v')));
        await locker.query('BEGIN; LOCK TABLE linden_meta IN ACCESS EXCLUSIVE MODE');
        for (let round = 0; round < 2; round++) {
          const blocked = await Promise.allSettled(
            Array.from({ length: 3 }, () => store.read((txn) => txn.getMeta('k'))),
          );
          for (const outcome of blocked) {
            assert.equal(outcome.status, 'rejected');
            assert.ok((outcome as PromiseRejectedResult).reason instanceof StoreError);
            assert.match(String((outcome as PromiseRejectedResult).reason.message), /timeout|cancel/i);
          }
        }
        await locker.query('ROLLBACK');
        const values = await Promise.all(
          Array.from({ length: 3 }, () => store.read(async (txn) => text(await txn.getMeta('k')))),
        );
        assert.deepEqual(values, ['v', 'v', 'v']);
      } finally {
        await locker.end();
        await store.close();
      }
    });
  });

  describe('opening', () => {
    it('names the server and the reason when it cannot be reached, after bounded retries', async () => {
      const closed = server.url.replace(`:${server.port}/`, ':1/');
      const started = Date.now();
      await assert.rejects(
        openStore({
          engine: 'postgres',
          url: closed,
          openTimeoutMs: 300,
          retryDelayMs: { initial: 20, max: 100 },
        }),
        (error: Error) => {
          assert.ok(error instanceof StoreUnavailableError);
          assert.match(error.message, /127\.0\.0\.1:1\/postgres/);
          assert.match(error.message, /ECONNREFUSED/);
          return true;
        },
      );
      assert.ok(Date.now() - started < 3000);
    });

    it('refuses a server older than the oldest it supports, naming both versions', async () => {
      // No server older than 13 is at hand: the check runs against this one with the threshold raised past it.
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
        await checkServerVersion(client, 'db.example:5432/linden');
        await assert.rejects(checkServerVersion(client, 'db.example:5432/linden', 990_000), {
          name: 'StoreError',
          message: `PostgreSQL at db.example:5432/linden is version ${rows[0]!.v}; Linden needs PostgreSQL 99 or later`,
        });
        assert.equal(MIN_SERVER_VERSION, 130_000);
      } finally {
        await client.end();
      }
    });

    it('refuses an unmigrated database without autoMigrate; migrate() brings it up to date', async () => {
      const url = await freshDatabase();
      await assert.rejects(
        openStore({ engine: 'postgres', url, autoMigrate: false }),
        (error: Error) => error instanceof StoreCorruptError && /linden store migrate/.test(error.message),
      );
      assert.deepEqual(await migrate(url), [LATEST_VERSION]);
      assert.deepEqual(await migrate(url), [], 'a second run has nothing to do');
      const store = await openStore({ engine: 'postgres', url, autoMigrate: false });
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT version FROM linden_schema_version ORDER BY version');
        assert.deepEqual(
          rows.map((r) => r.version),
          [1],
        );
      } finally {
        await client.end();
      }
    });

    it('migrates once when several nodes start together', async () => {
      const url = await freshDatabase();
      const stores = await Promise.all([openAt(url), openAt(url), openAt(url)]);
      for (const store of stores) await store.close();
    });
  });

  describe('query plans', () => {
    it('answers exact, prefix and range lookups, DN and child lookups each from one index scan', async () => {
      const url = await freshDatabase();
      const store = await openAt(url);
      await store.write(async (txn) => {
        for (let n = 1; n <= 20_000; n++) {
          await txn.putEntry({
            id: n,
            parentId: 100_000 + (n % 200),
            ndn: `uid=u${n},ou=people`,
            data: bytes('x'),
          });
          await txn.addIndexKeys(n, [
            { index: 'uid#eq', key: `u${n}` },
            { index: 'objectclass#eq', key: n % 10 === 0 ? 'group' : 'person' },
          ]);
        }
      });
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('VACUUM ANALYZE'); // as autovacuum would: index-only scans need the visibility map
        const plan = async (sql: string, values: unknown[]): Promise<string> =>
          (await client.query(`EXPLAIN ${sql}`, values)).rows.map((r) => r['QUERY PLAN']).join('\n');
        const key = Buffer.from('u12');
        const checks: [string, unknown[], RegExp][] = [
          [
            'SELECT array_agg(entry_id ORDER BY entry_id) FROM linden_postings WHERE index_name = $1 AND key = $2',
            ['uid#eq', key],
            /Index Only Scan using linden_postings_pkey/,
          ],
          [
            `SELECT array_agg(DISTINCT entry_id ORDER BY entry_id) FROM linden_postings
              WHERE index_name = $1 AND key >= $2 AND key < $3`,
            ['uid#eq', key, Buffer.concat([key, Buffer.of(0xff)])],
            /Index Only Scan using linden_postings_pkey/,
          ],
          [
            `SELECT array_agg(DISTINCT entry_id ORDER BY entry_id) FROM linden_postings
              WHERE index_name = $1 AND key >= $2 AND key <= $3`,
            ['uid#eq', Buffer.from('u100'), Buffer.from('u101')],
            /Index Only Scan using linden_postings_pkey/,
          ],
          [
            'SELECT id FROM linden_entries WHERE sha256(ndn) = sha256($1::bytea)',
            [Buffer.from('uid=u5,ou=people')],
            /Index Scan using linden_entries_ndn/,
          ],
          [
            'SELECT array_agg(id ORDER BY id) FROM linden_entries WHERE parent_id = $1',
            [100_007],
            /Index Only Scan using linden_entries_children/,
          ],
          [
            'SELECT id, parent_id, ndn, data FROM linden_entries WHERE id = ANY($1::bigint[])',
            [[1, 500, 9000]],
            /Index Scan using linden_entries_pkey/,
          ],
        ];
        for (const [sql, values, index] of checks) {
          const text = await plan(sql, values);
          assert.match(text, index, text);
          assert.doesNotMatch(text, /Seq Scan/, text);
        }
      } finally {
        await client.end();
      }
    });
  });
});
