import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NO_PARENT, openStore, type Store } from '../../src/store/index.ts';
import { LmdbStore } from '../../src/store/lmdb/index.ts';
import { runConformance } from './conformance.ts';
import { killAfterAcks } from './kill-writer.ts';

const root = mkdtempSync(join(tmpdir(), 'linden-lmdb-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `env-${++dirs}`);
const pathOf = new WeakMap<Store, string>();

async function openAt(path: string): Promise<Store> {
  const store = await openStore({ engine: 'lmdb', path });
  pathOf.set(store, path);
  return store;
}

runConformance('lmdb', {
  create: () => openAt(freshDir()),
  async reopen(store) {
    await store.close();
    return openAt(pathOf.get(store)!);
  },
  openSibling: (store) => openAt(pathOf.get(store)!),
});

const child = join(import.meta.dirname, 'lmdb-child.ts');

function run(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', child, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

describe('lmdb engine', () => {
  for (const [mode, what] of [
    ['crash', 'the writing process'],
    ['crash-deferred', 'a bulk load that does not wait for flushes (deferFlushes)'],
  ] as const)
    it(`keeps every acknowledged write when ${what} is killed (SIGKILL)`, async () => {
      const path = freshDir();
      const writer = run([mode, path]);
      const { acked, signal } = await killAfterAcks(writer, 150);
      assert.equal(signal, 'SIGKILL');
      const store = await openAt(path);
      try {
        await store.read(async (txn) => {
          const count = await txn.entryCount();
          assert.ok(count >= acked, `${count} entries, ${acked} acknowledged`);
          const last = Number(new TextDecoder().decode(await txn.getMeta('last')));
          assert.equal(last, count);
          for (let n = 1; n <= count; n++) {
            const id = await txn.findId(`o=${n}`);
            assert.ok(id !== undefined, `entry ${n} is there`);
            assert.deepEqual(await txn.indexLookup('o#eq', String(n)), [id]);
            assert.equal((await txn.getEntry(id))?.data[0], n % 256);
          }
          assert.equal((await txn.childIds(NO_PARENT)).length, count);
          assert.equal((await txn.scanIds(0, count + 10)).length, count);
        });
        // And it takes writes again.
        await store.write((txn) => txn.putMeta('after', new Uint8Array([1])));
      } finally {
        await store.close();
      }
    });

  it('with deferFlushes, writes resolve once committed and flush then close keep them all', async () => {
    const path = freshDir();
    const store = await openAt(path);
    store.deferFlushes?.();
    for (let n = 1; n <= 20; n++)
      await store.write(async (txn) => {
        const id = await txn.allocateId();
        await txn.putEntry({ id, parentId: NO_PARENT, ndn: `o=${n}`, data: new Uint8Array([n]) });
        await txn.addIndexKeys(id, [{ index: 'o#eq', key: String(n) }]);
      });
    await store.flush?.();
    await store.close();
    const again = await openAt(path);
    try {
      await again.read(async (txn) => {
        assert.equal(await txn.entryCount(), 20);
        assert.deepEqual(await txn.indexLookup('o#eq', '20'), [await txn.findId('o=20')]);
      });
    } finally {
      await again.close();
    }
  });

  it('serializes read-modify-write across processes', async () => {
    const path = freshDir();
    (await openAt(path)).close();
    const perProcess = 60;
    const codes = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<number | null>((resolve) =>
            run(['increment', path, String(perProcess)]).on('exit', resolve),
          ),
      ),
    );
    assert.deepEqual(codes, [0, 0, 0]);
    const store = await openAt(path);
    const counter = await store.read(async (txn) => new TextDecoder().decode(await txn.getMeta('counter')));
    await store.close();
    assert.equal(Number(counter), 3 * perProcess);
  });

  const large = process.env.LINDEN_STORE_LARGE === '1';
  it('holds a million entries and pages through them', {
    skip: large ? false : 'takes minutes and about 1 GB of disk; run with LINDEN_STORE_LARGE=1',
    timeout: 60 * 60_000,
  }, async () => {
    const total = 1_000_000;
    const store = await openAt(freshDir());
    try {
      const data = new Uint8Array(200).fill(1);
      for (let start = 1; start <= total; start += 20_000) {
        await store.write(async (txn) => {
          for (let n = start; n < start + 20_000 && n <= total; n++) {
            await txn.putEntry({ id: n, parentId: NO_PARENT, ndn: `uid=u${n},dc=big`, data });
            await txn.addIndexKeys(n, [
              { index: 'uid#eq', key: `u${n}` },
              { index: 'objectclass#eq', key: 'person' },
            ]);
          }
        });
      }
      await store.read(async (txn) => {
        assert.equal(await txn.entryCount(), total);
        assert.equal(await txn.findId('uid=u777777,dc=big'), 777_777);
        assert.equal(await txn.indexCount('objectclass#eq', 'person'), total);
        assert.deepEqual(
          await txn.indexRange('uid#eq', { prefix: 'u99999' }),
          [99_999, 999_990, 999_991, 999_992, 999_993, 999_994, 999_995, 999_996, 999_997, 999_998, 999_999],
        );
        let seen = 0;
        let last = 0;
        for (
          let page = await txn.scanIds(0, 10_000);
          page.length > 0;
          page = await txn.scanIds(last, 10_000)
        ) {
          assert.ok(page[0]! > last);
          seen += page.length;
          last = page[page.length - 1]!;
        }
        assert.equal(seen, total);
      });
    } finally {
      await store.close();
    }
  });

  it('refuses an environment of another format', async () => {
    const path = freshDir();
    const store = await openAt(path);
    await store.close();
    const { openEnvironment } = await import('../../src/store/lmdb/environment.ts');
    const dbs = openEnvironment(path, {});
    await dbs.sequences.put('\u0000format', 99);
    await dbs.root.close();
    await assert.rejects(new LmdbStore({ path }).open(), { name: 'StoreCorruptError' });
  });
});
