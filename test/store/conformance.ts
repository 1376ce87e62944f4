/**
 * The store conformance suite: every behaviour of the storage contract, run
 * against every engine (`memory.test.ts`, `lmdb.test.ts`, later PostgreSQL).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import {
  type EntryId,
  NO_PARENT,
  type Store,
  type StoreChange,
  StoreConflictError,
  type StoredEntry,
  StoreError,
  StoreUnavailableError,
  type WriteTxn,
} from '../../src/store/index.ts';

export interface ConformanceTarget {
  /** A new, empty, open store. */
  create(): Promise<Store>;
  /** Closes `store` and opens its data again, as a restarted process would. */
  reopen(store: Store): Promise<Store>;
  /** Opens a second store on the same data, as another process or node would; enables the onChange cases. */
  openSibling?(store: Store): Promise<Store>;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined): string | undefined =>
  data === undefined ? undefined : new TextDecoder().decode(data);

function entry(id: EntryId, parentId: EntryId, ndn: string, data = ndn): StoredEntry {
  return { id, parentId, ndn, data: bytes(data) };
}

/** Adds entries as a small tree: `dc=example` with `ou=a` and `ou=b` under it, and `cn=x` under `ou=a`. */
async function addTree(txn: WriteTxn): Promise<{ root: EntryId; a: EntryId; b: EntryId; x: EntryId }> {
  const root = await txn.allocateId();
  const a = await txn.allocateId();
  const b = await txn.allocateId();
  const x = await txn.allocateId();
  await txn.putEntry(entry(root, NO_PARENT, 'dc=example'));
  await txn.putEntry(entry(a, root, 'ou=a,dc=example'));
  await txn.putEntry(entry(b, root, 'ou=b,dc=example'));
  await txn.putEntry(entry(x, a, 'cn=x,ou=a,dc=example'));
  return { root, a, b, x };
}

async function readMetaCounter(txn: {
  getMeta(key: string): Promise<Uint8Array | undefined>;
}): Promise<number> {
  return Number(text(await txn.getMeta('counter')) ?? '0');
}

export function runConformance(name: string, target: ConformanceTarget): void {
  describe(`store conformance: ${name}`, () => {
    const open: Store[] = [];
    const create = async (): Promise<Store> => {
      const store = await target.create();
      open.push(store);
      return store;
    };
    const reopen = async (store: Store): Promise<Store> => {
      const again = await target.reopen(store);
      open.push(again);
      return again;
    };
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    describe('entries', () => {
      it('an empty store has nothing', async () => {
        const store = await create();
        await store.read(async (txn) => {
          assert.equal(await txn.getEntry(1), undefined);
          assert.equal(await txn.findId('dc=example'), undefined);
          assert.deepEqual(await txn.childIds(NO_PARENT), []);
          assert.deepEqual(await txn.scanIds(0, 10), []);
          assert.equal(await txn.entryCount(), 0);
        });
      });

      it('allocateId gives fresh increasing ids across transactions', async () => {
        const store = await create();
        const first = await store.write(async (txn) => [await txn.allocateId(), await txn.allocateId()]);
        const second = await store.write(async (txn) => txn.allocateId());
        assert.ok(first[0]! > 0 && first[1]! > first[0]! && second > first[1]!);
      });

      it('puts and gets entries by id and by DN', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.read(async (txn) => {
          assert.deepEqual(await txn.getEntry(ids.a), entry(ids.a, ids.root, 'ou=a,dc=example'));
          assert.equal(await txn.findId('cn=x,ou=a,dc=example'), ids.x);
          assert.equal(await txn.findId('cn=y,ou=a,dc=example'), undefined);
          assert.deepEqual(
            await txn.findEntry('cn=x,ou=a,dc=example'),
            entry(ids.x, ids.a, 'cn=x,ou=a,dc=example'),
          );
          assert.equal(await txn.findEntry('cn=y,ou=a,dc=example'), undefined);
          const batch = await txn.getEntries([ids.x, 999_999, ids.root]);
          assert.equal(batch.length, 3);
          assert.equal(batch[0]?.ndn, 'cn=x,ou=a,dc=example');
          assert.equal(batch[1], undefined);
          assert.equal(batch[2]?.ndn, 'dc=example');
          assert.equal(await txn.entryCount(), 4);
        });
      });

      it('replaces an entry with the same id', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write((txn) => txn.putEntry(entry(ids.x, ids.a, 'cn=x,ou=a,dc=example', 'new data')));
        await store.read(async (txn) => {
          assert.equal(text((await txn.getEntry(ids.x))?.data), 'new data');
          assert.equal(await txn.entryCount(), 4);
          assert.deepEqual(await txn.childIds(ids.a), [ids.x]);
        });
      });

      it('keeps its own copy of the data', async () => {
        const store = await create();
        const data = bytes('original');
        await store.write((txn) => txn.putEntry({ id: 1, parentId: NO_PARENT, ndn: 'o=copy', data }));
        data.fill(0);
        const got = await store.read((txn) => txn.getEntry(1));
        assert.equal(text(got?.data), 'original');
        got?.data.fill(0);
        assert.equal(text((await store.read((txn) => txn.getEntry(1)))?.data), 'original');
      });

      it('lists children ascending, suffix entries under NO_PARENT', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        const other = await store.write(async (txn) => {
          const id = await txn.allocateId();
          await txn.putEntry(entry(id, NO_PARENT, 'o=other'));
          return id;
        });
        await store.read(async (txn) => {
          assert.deepEqual(await txn.childIds(NO_PARENT), [ids.root, other]);
          assert.deepEqual(await txn.childIds(ids.root), [ids.a, ids.b]);
          assert.deepEqual(await txn.childIds(ids.x), []);
          assert.equal(await txn.hasChildren(ids.root), true);
          assert.equal(await txn.hasChildren(ids.a), true);
          assert.equal(await txn.hasChildren(ids.b), false);
          assert.equal(await txn.hasChildren(123_456), false);
        });
      });

      it('moves an entry: DN and parent change together', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write((txn) => txn.putEntry(entry(ids.x, ids.b, 'cn=x,ou=b,dc=example')));
        await store.read(async (txn) => {
          assert.equal(await txn.findId('cn=x,ou=a,dc=example'), undefined);
          assert.equal(await txn.findId('cn=x,ou=b,dc=example'), ids.x);
          assert.deepEqual(await txn.childIds(ids.a), []);
          assert.deepEqual(await txn.childIds(ids.b), [ids.x]);
          assert.equal(await txn.hasChildren(ids.a), false);
          assert.equal((await txn.getEntry(ids.x))?.parentId, ids.b);
        });
      });

      it('renames in place and frees the old DN for another entry', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write(async (txn) => {
          await txn.putEntry(entry(ids.x, ids.a, 'cn=renamed,ou=a,dc=example'));
          const y = await txn.allocateId();
          await txn.putEntry(entry(y, ids.a, 'cn=x,ou=a,dc=example'));
        });
        await store.read(async (txn) => {
          assert.equal(await txn.findId('cn=renamed,ou=a,dc=example'), ids.x);
          const y = await txn.findId('cn=x,ou=a,dc=example');
          assert.ok(y !== undefined && y !== ids.x);
          assert.deepEqual(await txn.childIds(ids.a), [ids.x, y]);
        });
      });

      it('refuses a second entry with a DN already held', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await assert.rejects(
          store.write(async (txn) => {
            await txn.putEntry(entry(ids.b, ids.root, 'ou=b,dc=example', 'changed'));
            await txn.putEntry(entry(await txn.allocateId(), ids.root, 'ou=a,dc=example'));
          }),
          StoreConflictError,
        );
        await assert.rejects(
          store.write((txn) => txn.putEntry(entry(ids.x, ids.a, 'ou=b,dc=example'))),
          StoreConflictError,
        );
        await store.read(async (txn) => {
          assert.equal(await txn.entryCount(), 4);
          assert.equal(text((await txn.getEntry(ids.b))?.data), 'ou=b,dc=example');
          assert.equal(await txn.findId('ou=b,dc=example'), ids.b);
          assert.equal(await txn.findId('cn=x,ou=a,dc=example'), ids.x);
        });
      });

      it('lets a transaction go on after catching a conflict', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        const caught = await store.write(async (txn) => {
          const error = await txn.putEntry(entry(99, ids.root, 'ou=a,dc=example')).catch((e: unknown) => e);
          await txn.putEntry(entry(99, ids.root, 'ou=c,dc=example'));
          return error;
        });
        assert.ok(caught instanceof StoreConflictError);
        assert.equal(await store.read((txn) => txn.findId('ou=c,dc=example')), 99);
      });

      it('deletes an entry with its DN and its place among the children', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write((txn) => txn.deleteEntry(ids.x));
        await store.read(async (txn) => {
          assert.equal(await txn.getEntry(ids.x), undefined);
          assert.equal(await txn.findId('cn=x,ou=a,dc=example'), undefined);
          assert.deepEqual(await txn.childIds(ids.a), []);
          assert.equal(await txn.entryCount(), 3);
          assert.deepEqual(await txn.scanIds(0, 10), [ids.root, ids.a, ids.b]);
        });
        await store.write((txn) => txn.deleteEntry(ids.x)); // deleting what is gone changes nothing
        const again = await store.write(async (txn) => {
          const id = await txn.allocateId();
          await txn.putEntry(entry(id, ids.a, 'cn=x,ou=a,dc=example'));
          return id;
        });
        assert.ok(again > ids.x, 'ids are never reused');
        assert.equal(await store.read((txn) => txn.findId('cn=x,ou=a,dc=example')), again);
      });

      it('holds DNs longer than any LMDB key, told apart by their last character', async () => {
        const store = await create();
        const long = `cn=${'x'.repeat(5000)}`;
        await store.write(async (txn) => {
          await txn.putEntry(entry(1, NO_PARENT, `${long}a`));
          await txn.putEntry(entry(2, NO_PARENT, `${long}b`));
          await txn.putEntry(entry(3, NO_PARENT, '\u0000starts with NUL'));
        });
        await assert.rejects(
          store.write((txn) => txn.putEntry(entry(4, NO_PARENT, `${long}a`))),
          StoreConflictError,
        );
        await store.write((txn) => txn.putEntry(entry(1, NO_PARENT, `${long}c`)));
        await store.read(async (txn) => {
          assert.equal(await txn.findId(`${long}a`), undefined);
          assert.equal(await txn.findId(`${long}b`), 2);
          assert.equal(await txn.findId(`${long}c`), 1);
          assert.equal(await txn.findId('\u0000starts with NUL'), 3);
          assert.equal((await txn.getEntry(1))?.ndn, `${long}c`);
        });
      });

      it('moves an entry away and back within one write', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write(async (txn) => {
          await txn.putEntry(entry(ids.x, ids.b, 'cn=x,ou=b,dc=example'));
          assert.equal(await txn.hasChildren(ids.a), false);
          assert.deepEqual(await txn.childIds(ids.b), [ids.x]);
          await txn.putEntry(entry(ids.x, ids.a, 'cn=x,ou=a,dc=example'));
          assert.deepEqual(await txn.childIds(ids.a), [ids.x]);
          assert.equal(await txn.hasChildren(ids.b), false);
          assert.equal(await txn.findId('cn=x,ou=b,dc=example'), undefined);
        });
        await store.read(async (txn) => {
          assert.deepEqual(await txn.childIds(ids.a), [ids.x]);
          assert.deepEqual(await txn.childIds(ids.b), []);
          assert.equal(await txn.findId('cn=x,ou=a,dc=example'), ids.x);
        });
      });

      it('finds an entry by DN as its writes leave it, within the write and after', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write(async (txn) => {
          assert.equal((await txn.findEntry('cn=x,ou=a,dc=example'))?.id, ids.x);
          await txn.putEntry(entry(ids.x, ids.b, 'cn=x,ou=b,dc=example', 'moved'));
          assert.equal(await txn.findEntry('cn=x,ou=a,dc=example'), undefined);
          assert.deepEqual(
            await txn.findEntry('cn=x,ou=b,dc=example'),
            entry(ids.x, ids.b, 'cn=x,ou=b,dc=example', 'moved'),
          );
          assert.equal(await txn.findEntry('cn=new,dc=example'), undefined);
          const id = await txn.allocateId();
          await txn.putEntry(entry(id, ids.root, 'cn=new,dc=example'));
          assert.equal((await txn.findEntry('cn=new,dc=example'))?.id, id);
          await txn.deleteEntry(ids.b);
          assert.equal(await txn.findEntry('ou=b,dc=example'), undefined);
        });
        await store.read(async (txn) => {
          assert.equal(await txn.findEntry('cn=x,ou=a,dc=example'), undefined);
          assert.equal(text((await txn.findEntry('cn=x,ou=b,dc=example'))?.data), 'moved');
          assert.equal((await txn.findEntry('cn=new,dc=example'))?.parentId, ids.root);
          assert.equal(await txn.findEntry('ou=b,dc=example'), undefined);
        });
      });

      it('reads the entries an index lookup found, as stored', async () => {
        const store = await create();
        const ids = await store.write(async (txn) => {
          const tree = await addTree(txn);
          await txn.addIndexKeys(tree.x, [{ index: 'o#eq', key: 'k' }]);
          await txn.addIndexKeys(tree.a, [{ index: 'o#eq', key: 'k' }]);
          // A posting whose entry is gone: a lookup names it, a read of it finds nothing.
          await txn.addIndexKeys(999, [{ index: 'o#eq', key: 'k' }]);
          for (let i = 0; i < 40; i++) await txn.addIndexKeys(1000 + i, [{ index: 'o#eq', key: 'many' }]);
          await txn.addIndexKeys(tree.b, [{ index: 'o#eq', key: 'many' }]);
          return tree;
        });
        await store.read(async (txn) => {
          const found = await txn.indexLookup('o#eq', 'k');
          assert.deepEqual(found, [ids.a, ids.x, 999]);
          assert.deepEqual(await txn.getEntries(found), [
            entry(ids.a, ids.root, 'ou=a,dc=example'),
            entry(ids.x, ids.a, 'cn=x,ou=a,dc=example'),
            undefined,
          ]);
          assert.deepEqual(await txn.getEntry(ids.x), entry(ids.x, ids.a, 'cn=x,ou=a,dc=example'));
          assert.equal(await txn.getEntry(999), undefined);
          const many = await txn.indexLookup('o#eq', 'many');
          assert.equal(many.length, 41);
          assert.deepEqual(await txn.getEntries([ids.b, ids.x, ids.root]), [
            entry(ids.b, ids.root, 'ou=b,dc=example'),
            entry(ids.x, ids.a, 'cn=x,ou=a,dc=example'),
            entry(ids.root, NO_PARENT, 'dc=example'),
          ]);
        });
      });

      it('reports a DN conflict to the put that causes it, after the DN was seen absent', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        const outcome = await store.write(async (txn) => {
          assert.equal(await txn.findId('ou=c,dc=example'), undefined);
          const c = await txn.allocateId();
          await txn.putEntry(entry(c, ids.root, 'ou=c,dc=example'));
          // A second new entry with the same DN, and an existing entry renamed onto it.
          const second = await txn
            .putEntry(entry(await txn.allocateId(), ids.root, 'ou=c,dc=example'))
            .catch((e: unknown) => e);
          const renamed = await txn
            .putEntry(entry(ids.b, ids.root, 'ou=c,dc=example'))
            .catch((e: unknown) => e);
          assert.equal(await txn.findId('ou=c,dc=example'), c);
          // New entries under the new one, changed again before commit, and counted.
          assert.equal(await txn.findId('cn=d,ou=c,dc=example'), undefined);
          const d = await txn.allocateId();
          await txn.putEntry(entry(d, c, 'cn=d,ou=c,dc=example', 'first'));
          await txn.putEntry(entry(d, c, 'cn=d,ou=c,dc=example', 'second'));
          assert.equal(text((await txn.getEntry(ids.x))?.data), 'cn=x,ou=a,dc=example');
          await txn.putEntry(entry(ids.x, ids.a, 'cn=x,ou=a,dc=example', 'x changed'));
          assert.deepEqual(await txn.childIds(c), [d]);
          assert.equal(await txn.hasChildren(c), true);
          assert.equal(await txn.entryCount(), 6);
          assert.equal(text((await txn.getEntry(d))?.data), 'second');
          assert.deepEqual(
            (await txn.getEntries([ids.x, d, 424_242])).map((e) => e && text(e.data)),
            ['x changed', 'second', undefined],
          );
          return { second, renamed, c, d };
        });
        assert.ok(outcome.second instanceof StoreConflictError);
        assert.ok(outcome.renamed instanceof StoreConflictError);
        await store.read(async (txn) => {
          assert.equal(await txn.findId('ou=c,dc=example'), outcome.c);
          assert.equal(await txn.findId('ou=b,dc=example'), ids.b);
          assert.equal(text((await txn.findEntry('cn=d,ou=c,dc=example'))?.data), 'second');
          assert.equal(text((await txn.getEntry(ids.x))?.data), 'x changed');
          assert.deepEqual(await txn.childIds(ids.root), [ids.a, ids.b, outcome.c]);
          assert.equal(await txn.entryCount(), 6);
        });
      });

      it('writes nothing of many new entries when the callback throws after adding them', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await assert.rejects(
          store.write(async (txn) => {
            for (let i = 0; i < 50; i++) {
              const ndn = `cn=n${i},ou=b,dc=example`;
              assert.equal(await txn.findId(ndn), undefined);
              await txn.putEntry(entry(await txn.allocateId(), ids.b, ndn));
            }
            assert.equal((await txn.childIds(ids.b)).length, 50);
            throw new Error('changed my mind');
          }),
          /changed my mind/,
        );
        await store.read(async (txn) => {
          assert.deepEqual(await txn.childIds(ids.b), []);
          assert.equal(await txn.findId('cn=n7,ou=b,dc=example'), undefined);
        });
      });

      it('keeps 3,000 entries added in one write, each after its DN was seen absent', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write(async (txn) => {
          for (let i = 0; i < 3_000; i++) {
            const ndn = `cn=n${i},ou=b,dc=example`;
            assert.equal(await txn.findId(ndn), undefined);
            const id = await txn.allocateId();
            await txn.putEntry(entry(id, ids.b, ndn, `data ${i}`));
            if (i % 7 === 0) await txn.putEntry(entry(id, ids.b, ndn, `data ${i} again`));
          }
        });
        await store.read(async (txn) => {
          const children = await txn.childIds(ids.b);
          assert.equal(children.length, 3_000);
          const all = await txn.getEntries(children);
          for (let i = 0; i < 3_000; i++) {
            assert.equal(all[i]?.ndn, `cn=n${i},ou=b,dc=example`);
            assert.equal(text(all[i]?.data), i % 7 === 0 ? `data ${i} again` : `data ${i}`);
          }
        });
      });

      it('never hands out an id already used by putEntry', async () => {
        const store = await create();
        await store.write((txn) => txn.putEntry(entry(500, NO_PARENT, 'o=chosen')));
        const next = await store.write((txn) => txn.allocateId());
        assert.ok(next > 500);
      });
    });

    describe('indexes', () => {
      const put = (store: Store, postings: [EntryId, string, string][]) =>
        store.write(async (txn) => {
          for (const [id, index, key] of postings) await txn.addIndexKeys(id, [{ index, key }]);
        });

      it('looks up exact keys, ascending, without duplicates', async () => {
        const store = await create();
        await put(store, [
          [30, 'uid#eq', 'alice'],
          [10, 'uid#eq', 'alice'],
          [20, 'uid#eq', 'alice'],
          [10, 'uid#eq', 'alice'],
          [40, 'uid#eq', 'bob'],
          [50, 'cn#eq', 'alice'],
        ]);
        await put(store, [[20, 'uid#eq', 'alice']]);
        await store.read(async (txn) => {
          assert.deepEqual(await txn.indexLookup('uid#eq', 'alice'), [10, 20, 30]);
          assert.equal(await txn.indexCount('uid#eq', 'alice'), 3);
          assert.deepEqual(await txn.indexLookup('uid#eq', 'bob'), [40]);
          assert.deepEqual(await txn.indexLookup('uid#eq', 'carol'), []);
          assert.equal(await txn.indexCount('uid#eq', 'carol'), 0);
          assert.deepEqual(await txn.indexLookup('cn#eq', 'alice'), [50]);
          assert.deepEqual(await txn.indexLookup('nosuch', 'alice'), []);
        });
      });

      it('sorts ids numerically, not as text', async () => {
        const store = await create();
        const ids = [1, 2, 9, 10, 11, 99, 100, 255, 256, 65_535, 65_536, 1_000_000, 2 ** 31, 2 ** 40];
        await put(
          store,
          [...ids].reverse().map((id) => [id, 'objectClass#eq', 'person']),
        );
        assert.deepEqual(await store.read((txn) => txn.indexLookup('objectClass#eq', 'person')), ids);
        assert.deepEqual(await store.read((txn) => txn.indexRange('objectClass#eq', {})), ids);
      });

      it('removes postings', async () => {
        const store = await create();
        await put(store, [
          [1, 'mail#eq', 'a@x'],
          [2, 'mail#eq', 'a@x'],
          [3, 'mail#eq', 'b@x'],
        ]);
        await store.write(async (txn) => {
          await txn.removeIndexKeys(1, [{ index: 'mail#eq', key: 'a@x' }]);
          await txn.removeIndexKeys(3, [
            { index: 'mail#eq', key: 'b@x' },
            { index: 'mail#eq', key: 'never-added' },
          ]);
        });
        await store.read(async (txn) => {
          assert.deepEqual(await txn.indexLookup('mail#eq', 'a@x'), [2]);
          assert.deepEqual(await txn.indexLookup('mail#eq', 'b@x'), []);
          assert.deepEqual(await txn.indexRange('mail#eq', {}), [2]);
        });
      });

      it('answers prefix, range and combined lookups, ascending without duplicates', async () => {
        const store = await create();
        await put(store, [
          [5, 'sn#eq', 'smith'],
          [3, 'sn#eq', 'smithers'],
          [4, 'sn#eq', 'smyth'],
          [3, 'sn#eq', 'smith'],
          [1, 'sn#eq', 'sm'],
          [2, 'sn#eq', 'jones'],
          [6, 'sn#eq', 'taylor'],
          [7, 'sn2#eq', 'smith'],
        ]);
        await store.read(async (txn) => {
          assert.deepEqual(await txn.indexRange('sn#eq', { prefix: 'smith' }), [3, 5]);
          assert.deepEqual(await txn.indexRange('sn#eq', { prefix: 'sm' }), [1, 3, 4, 5]);
          assert.deepEqual(await txn.indexRange('sn#eq', { prefix: 'x' }), []);
          assert.deepEqual(await txn.indexRange('sn#eq', { gte: 'smith' }), [3, 4, 5, 6]);
          assert.deepEqual(await txn.indexRange('sn#eq', { lte: 'smith' }), [1, 2, 3, 5]);
          assert.deepEqual(await txn.indexRange('sn#eq', { gte: 'sn', lte: 'zz' }), [6]);
          assert.deepEqual(await txn.indexRange('sn#eq', { gte: 'smithers', lte: 'smithers' }), [3]);
          assert.deepEqual(await txn.indexRange('sn#eq', { prefix: 'sm', gte: 'smithz' }), [4]);
          assert.deepEqual(await txn.indexRange('sn#eq', { prefix: 'sm', lte: 'smith' }), [1, 3, 5]);
          assert.deepEqual(await txn.indexRange('sn#eq', { gte: 'z' }), []);
          assert.deepEqual(await txn.indexRange('sn#eq', { gte: 'b', lte: 'a' }), []);
          assert.deepEqual(await txn.indexRange('sn#eq', {}), [1, 2, 3, 4, 5, 6]);
          assert.deepEqual(await txn.indexRange('sn2#eq', {}), [7]);
          assert.deepEqual(await txn.indexRange('sn', {}), []);
        });
      });

      it('probes one posting when the engine can', async () => {
        const store = await create();
        await put(store, [
          [4, 'objectClass#eq', 'groupofnames'],
          [9, 'objectClass#eq', 'groupofnames'],
          [5, 'objectClass#eq', 'person'],
        ]);
        await store.read(async (txn) => {
          if (!txn.hasPosting) return; // optional: the planner then leaves the term to the matcher
          assert.equal(await txn.hasPosting('objectClass#eq', 'groupofnames', 9), true);
          assert.equal(await txn.hasPosting('objectClass#eq', 'groupofnames', 5), false);
          assert.equal(await txn.hasPosting('objectClass#eq', 'nothing', 4), false);
        });
        await store.write(async (txn) => {
          await txn.removeIndexKeys(9, [{ index: 'objectClass#eq', key: 'groupofnames' }]);
          await txn.addIndexKeys(5, [{ index: 'objectClass#eq', key: 'groupofnames' }]);
          if (!txn.hasPosting) return;
          assert.equal(await txn.hasPosting('objectClass#eq', 'groupofnames', 9), false);
          assert.equal(await txn.hasPosting('objectClass#eq', 'groupofnames', 5), true);
        });
      });

      it('reads the first postings of a range in key order when the engine can stop early', async () => {
        const store = await create();
        await put(store, [
          [9, 'cn#eq', 'user 10'],
          [4, 'cn#eq', 'user 100'],
          [7, 'cn#eq', 'user 101'],
          [2, 'cn#eq', 'user 102'],
          [8, 'cn#eq', 'user 11'],
          [1, 'cn#eq', 'other'],
        ]);
        await store.read(async (txn) => {
          if (!txn.indexRangeFirst) return; // optional: the engine answers indexRange instead
          const whole = await txn.indexRangeFirst('cn#eq', { prefix: 'user 10' }, 10);
          assert.deepEqual(whole, { ids: [2, 4, 7, 9], complete: true });
          const exact = await txn.indexRangeFirst('cn#eq', { prefix: 'user 10' }, 4);
          assert.deepEqual(exact.ids, [2, 4, 7, 9]);
          const first = await txn.indexRangeFirst('cn#eq', { prefix: 'user 10' }, 2);
          assert.equal(first.complete, false);
          // Whatever was read is ascending, within the range, and starts with the first key.
          assert.ok(first.ids.includes(9));
          assert.ok(first.ids.every((id) => [2, 4, 7, 9].includes(id)));
          assert.deepEqual(
            first.ids,
            [...first.ids].sort((a, b) => a - b),
          );
          assert.deepEqual(await txn.indexRangeFirst('cn#eq', { prefix: 'zz' }, 2), {
            ids: [],
            complete: true,
          });
        });
        // Inside a write, this transaction's own postings count.
        await store.write(async (txn) => {
          await txn.addIndexKeys(3, [{ index: 'cn#eq', key: 'user 103' }]);
          await txn.removeIndexKeys(9, [{ index: 'cn#eq', key: 'user 10' }]);
          if (!txn.indexRangeFirst) return;
          const r = await txn.indexRangeFirst('cn#eq', { prefix: 'user 10' }, 100);
          assert.deepEqual(r, { ids: [2, 3, 4, 7], complete: true });
        });
      });

      it('orders keys by code point (UTF-8 bytes), not UTF-16 units', async () => {
        const store = await create();
        // UTF-16 puts U+1F600 (a surrogate pair) before U+FFFD; UTF-8 and code points put it after.
        await put(store, [
          [1, 'cn#eq', 'a'],
          [2, 'cn#eq', '\uFFFD'],
          [3, 'cn#eq', '\u{1F600}'],
          [4, 'cn#eq', 'é'],
        ]);
        await store.read(async (txn) => {
          assert.deepEqual(await txn.indexRange('cn#eq', { lte: '\uFFFD' }), [1, 2, 4]);
          assert.deepEqual(await txn.indexRange('cn#eq', { gte: '\uFFFE' }), [3]);
          assert.deepEqual(await txn.indexRange('cn#eq', { gte: 'b', lte: 'ÿ' }), [4]);
        });
      });

      it('holds keys of 500 UTF-8 bytes apart when only their last byte differs', async () => {
        const store = await create();
        const stem = 'é'.repeat(249); // 498 bytes
        const long = `${'i'.repeat(60)}#sub`;
        await put(store, [
          [1, long, `${stem}aa`],
          [2, long, `${stem}ab`],
          [3, long, `${stem}a`],
        ]);
        await store.read(async (txn) => {
          assert.deepEqual(await txn.indexLookup(long, `${stem}aa`), [1]);
          assert.deepEqual(await txn.indexLookup(long, `${stem}ab`), [2]);
          assert.deepEqual(await txn.indexRange(long, { prefix: `${stem}a` }), [1, 2, 3]);
          assert.deepEqual(await txn.indexRange(long, { gte: `${stem}ab` }), [2]);
          assert.equal(await txn.indexCount(long, `${stem}aa`), 1);
        });
        await assert.rejects(put(store, [[4, long, `${stem}abc`]]), 'a key over 500 bytes is refused');
      });

      it('answers lookups of an index it keeps changing within one write, as it grows large', async () => {
        const store = await create();
        await store.write((txn) => txn.addIndexKeys(5, [{ index: 'member#eq', key: 'g' }]));
        await store.write(async (txn) => {
          assert.deepEqual(await txn.indexLookup('member#eq', 'g'), [5]);
          assert.deepEqual(await txn.indexLookup('member#eq', 'h'), []);
          await txn.addIndexKeys(3, [{ index: 'member#eq', key: 'g' }]);
          await txn.addIndexKeys(3, [{ index: 'member#eq', key: 'g' }]);
          await txn.removeIndexKeys(5, [{ index: 'member#eq', key: 'g' }]);
          await txn.removeIndexKeys(9, [{ index: 'member#eq', key: 'g' }]);
          assert.deepEqual(await txn.indexLookup('member#eq', 'g'), [3]);
          for (let id = 10; id < 2_600; id++) {
            await txn.addIndexKeys(id, [{ index: 'member#eq', key: id % 2 === 0 ? 'h' : 'g' }]);
            if (id % 500 === 0) assert.equal((await txn.indexLookup('member#eq', 'h')).length, (id - 8) / 2);
          }
          await txn.removeIndexKeys(10, [{ index: 'member#eq', key: 'h' }]);
          const h = await txn.indexLookup('member#eq', 'h');
          assert.equal(h.length, 1_294);
          assert.equal(h[0], 12);
          assert.equal(await txn.indexCount('member#eq', 'g'), 1_296);
        });
        await store.read(async (txn) => {
          assert.equal((await txn.indexLookup('member#eq', 'h')).length, 1_294);
          assert.deepEqual((await txn.indexLookup('member#eq', 'g')).slice(0, 3), [3, 11, 13]);
        });
      });

      it('counts exactly inside a write that re-adds and removes postings', async () => {
        const store = await create();
        await put(store, [
          [1, 'uid#eq', 'alice'],
          [2, 'uid#eq', 'alice'],
        ]);
        await store.write(async (txn) => {
          const alice = [{ index: 'uid#eq', key: 'alice' }];
          await txn.addIndexKeys(1, alice); // there already
          assert.equal(await txn.indexCount('uid#eq', 'alice'), 2);
          await txn.removeIndexKeys(3, alice); // never there
          assert.equal(await txn.indexCount('uid#eq', 'alice'), 2);
          await txn.addIndexKeys(3, alice);
          await txn.removeIndexKeys(1, alice);
          assert.equal(await txn.indexCount('uid#eq', 'alice'), 2);
          assert.deepEqual(await txn.indexLookup('uid#eq', 'alice'), [2, 3]);
          assert.deepEqual(await txn.indexRange('uid#eq', {}), [2, 3]);
          await txn.addIndexKeys(1, alice);
          assert.deepEqual(await txn.indexRange('uid#eq', { prefix: 'al' }), [1, 2, 3]);
        });
        await store.read(async (txn) => {
          assert.deepEqual(await txn.indexLookup('uid#eq', 'alice'), [1, 2, 3]);
          assert.equal(await txn.indexCount('uid#eq', 'alice'), 3);
        });
      });

      it('keeps an empty key apart from a missing one', async () => {
        const store = await create();
        await put(store, [[1, 'x#pres', '']]);
        assert.deepEqual(await store.read((txn) => txn.indexLookup('x#pres', '')), [1]);
        assert.deepEqual(await store.read((txn) => txn.indexRange('x#pres', { prefix: '' })), [1]);
      });
    });

    describe('meta and sequences', () => {
      it('stores, replaces and deletes meta values', async () => {
        const store = await create();
        assert.equal(await store.read((txn) => txn.getMeta('schema')), undefined);
        await store.write((txn) => txn.putMeta('schema', bytes('v1')));
        assert.equal(text(await store.read((txn) => txn.getMeta('schema'))), 'v1');
        await store.write((txn) => txn.putMeta('schema', bytes('v2')));
        assert.equal(text(await store.read((txn) => txn.getMeta('schema'))), 'v2');
        await store.write((txn) => txn.putMeta('schema', undefined));
        assert.equal(await store.read((txn) => txn.getMeta('schema')), undefined);
        await store.write((txn) => txn.putMeta('empty', new Uint8Array(0)));
        assert.deepEqual(await store.read((txn) => txn.getMeta('empty')), new Uint8Array(0));
      });

      it('counts sequences from their start, each name on its own', async () => {
        const store = await create();
        const got = await store.write(async (txn) => [
          await txn.nextSequence('uidNumber', 10_000),
          await txn.nextSequence('uidNumber', 10_000),
          await txn.nextSequence('gidNumber', 500),
        ]);
        assert.deepEqual(got, [10_000, 10_001, 500]);
        assert.equal(await store.write((txn) => txn.nextSequence('uidNumber', 10_000)), 10_002);
      });
    });

    describe('scans', () => {
      it('pages through ids in ascending order', async () => {
        const store = await create();
        const all = await store.write(async (txn) => {
          const ids: EntryId[] = [];
          for (let i = 0; i < 250; i++) {
            const id = await txn.allocateId();
            await txn.putEntry(entry(id, NO_PARENT, `o=${i}`));
            ids.push(id);
          }
          return ids;
        });
        await store.write(async (txn) => {
          await txn.deleteEntry(all[10]!);
          await txn.deleteEntry(all[100]!);
        });
        const expected = all.filter((_, i) => i !== 10 && i !== 100);
        const seen: EntryId[] = [];
        await store.read(async (txn) => {
          for (let after = 0; ; ) {
            const page = await txn.scanIds(after, 100);
            assert.ok(page.length <= 100);
            seen.push(...page);
            if (page.length < 100) break;
            after = page[page.length - 1]!;
          }
          assert.deepEqual(await txn.scanIds(0, 0), []);
          assert.deepEqual(await txn.scanIds(all[249]!, 10), []);
          assert.equal(await txn.entryCount(), 248);
        });
        assert.deepEqual(seen, expected);
      });

      it('pages over a transaction own writes merged with the snapshot', async () => {
        const store = await create();
        await store.write(async (txn) => {
          for (const id of [2, 4, 6, 8]) await txn.putEntry(entry(id, NO_PARENT, `o=${id}`));
        });
        await store.write(async (txn) => {
          await txn.deleteEntry(4);
          for (const id of [1, 5, 9]) await txn.putEntry(entry(id, NO_PARENT, `o=${id}`));
          await txn.putEntry(entry(6, NO_PARENT, 'o=6', 'changed'));
          assert.deepEqual(await txn.scanIds(0, 100), [1, 2, 5, 6, 8, 9]);
          assert.deepEqual(await txn.scanIds(0, 3), [1, 2, 5]);
          assert.deepEqual(await txn.scanIds(5, 2), [6, 8]);
          assert.equal(await txn.entryCount(), 6);
        });
      });
    });

    describe('transactions', () => {
      it('returns what the write callback returns', async () => {
        const store = await create();
        assert.equal(await store.write(async () => 'done'), 'done');
        assert.equal(await store.read(async () => 42), 42);
      });

      it('keeps one posting of a new entry whose key is added again after a lookup sent it', async () => {
        const store = await create();
        const id = await store.write(async (txn) => {
          const id = await txn.allocateId();
          await txn.putEntry(entry(id, NO_PARENT, 'o=again'));
          await txn.addIndexKeys(id, [{ index: 'o#eq', key: 'again' }]);
          assert.deepEqual(await txn.indexLookup('o#eq', 'again'), [id]);
          await txn.addIndexKeys(id, [{ index: 'o#eq', key: 'again' }]);
          await txn.removeIndexKeys(id, [{ index: 'o#eq', key: 'again' }]);
          assert.deepEqual(await txn.indexLookup('o#eq', 'again'), []);
          await txn.addIndexKeys(id, [{ index: 'o#eq', key: 'again' }]);
          assert.equal(await txn.indexCount('o#eq', 'again'), 1);
          await txn.addIndexKeys(id, [{ index: 'o#eq', key: 'again' }]);
          return id;
        });
        assert.deepEqual(await store.read((txn) => txn.indexLookup('o#eq', 'again')), [id]);
        assert.equal(await store.read((txn) => txn.indexCount('o#eq', 'again')), 1);
      });

      it('reads its own writes inside a write', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write(async (txn) => {
          const y = await txn.allocateId();
          await txn.putEntry(entry(y, ids.b, 'cn=y,ou=b,dc=example'));
          await txn.addIndexKeys(y, [{ index: 'cn#eq', key: 'y' }]);
          await txn.putMeta('k', bytes('v'));
          await txn.deleteEntry(ids.x);
          assert.equal(await txn.findId('cn=y,ou=b,dc=example'), y);
          assert.equal((await txn.findEntry('cn=y,ou=b,dc=example'))?.id, y);
          assert.equal(await txn.findEntry('cn=x,ou=a,dc=example'), undefined);
          assert.equal((await txn.getEntry(y))?.parentId, ids.b);
          assert.deepEqual(await txn.childIds(ids.b), [y]);
          assert.equal(await txn.hasChildren(ids.b), true);
          assert.equal(await txn.hasChildren(ids.a), false);
          assert.deepEqual(await txn.indexLookup('cn#eq', 'y'), [y]);
          assert.deepEqual(await txn.indexRange('cn#eq', { prefix: '' }), [y]);
          assert.equal(await txn.indexCount('cn#eq', 'y'), 1);
          assert.equal(text(await txn.getMeta('k')), 'v');
          assert.equal(await txn.entryCount(), 4);
          assert.equal(await txn.getEntry(ids.x), undefined);
          await txn.removeIndexKeys(y, [{ index: 'cn#eq', key: 'y' }]);
          assert.deepEqual(await txn.indexLookup('cn#eq', 'y'), []);
          assert.equal(await txn.indexCount('cn#eq', 'y'), 0);
        });
      });

      it('gives a read that started before a commit the state it started with', async () => {
        const store = await create();
        const ids = await store.write(async (txn) => {
          const tree = await addTree(txn);
          await txn.addIndexKeys(tree.x, [{ index: 'cn#eq', key: 'x' }]);
          await txn.putMeta('k', bytes('old'));
          return tree;
        });
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const reading = store.read(async (txn) => {
          const before = await txn.getEntry(ids.x);
          await gate; // a write commits meanwhile
          assert.deepEqual(await txn.getEntry(ids.x), before);
          assert.equal(await txn.findId('cn=x,ou=a,dc=example'), ids.x);
          assert.equal(await txn.findId('cn=z,dc=example'), undefined);
          assert.deepEqual(await txn.childIds(ids.a), [ids.x]);
          assert.deepEqual(await txn.childIds(ids.root), [ids.a, ids.b]);
          assert.deepEqual(await txn.findEntry('cn=x,ou=a,dc=example'), before);
          assert.equal(await txn.findEntry('cn=z,dc=example'), undefined);
          assert.deepEqual(await txn.indexLookup('cn#eq', 'x'), [ids.x]);
          assert.deepEqual(await txn.getEntries([ids.x, ids.a]), [
            before,
            entry(ids.a, ids.root, 'ou=a,dc=example'),
          ]);
          assert.deepEqual(await txn.indexLookup('cn#eq', 'z'), []);
          assert.deepEqual(await txn.indexRange('cn#eq', {}), [ids.x]);
          assert.equal(text(await txn.getMeta('k')), 'old');
          assert.equal(await txn.entryCount(), 4);
          assert.deepEqual(await txn.scanIds(0, 100), [ids.root, ids.a, ids.b, ids.x]);
          return 'read';
        });
        await tick();
        await store.write(async (txn) => {
          await txn.deleteEntry(ids.x);
          await txn.removeIndexKeys(ids.x, [{ index: 'cn#eq', key: 'x' }]);
          const z = await txn.allocateId();
          await txn.putEntry(entry(z, ids.root, 'cn=z,dc=example'));
          await txn.addIndexKeys(z, [{ index: 'cn#eq', key: 'z' }]);
          await txn.putMeta('k', bytes('new'));
        });
        // A later read sees the commit.
        assert.equal(await store.read((txn) => txn.getEntry(ids.x)), undefined);
        release();
        assert.equal(await reading, 'read');
        assert.equal(text(await store.read((txn) => txn.getMeta('k'))), 'new');
      });

      it('writes nothing when the callback throws, and rethrows its error', async () => {
        const store = await create();
        const ids = await store.write(addTree);
        await store.write((txn) => txn.putMeta('k', bytes('kept')));
        const failure = new Error('no thanks');
        const rejected = store.write(async (txn) => {
          await txn.putEntry(entry(ids.x, ids.b, 'cn=moved,ou=b,dc=example'));
          await txn.deleteEntry(ids.b);
          await txn.putEntry(entry(await txn.allocateId(), ids.root, 'ou=c,dc=example'));
          await txn.addIndexKeys(ids.a, [{ index: 'ou#eq', key: 'a' }]);
          await txn.putMeta('k', bytes('lost'));
          await txn.nextSequence('seq', 1);
          await tick();
          throw failure;
        });
        await assert.rejects(rejected, (error) => error === failure);
        await store.read(async (txn) => {
          assert.equal(await txn.entryCount(), 4);
          assert.equal(await txn.findId('ou=c,dc=example'), undefined);
          assert.equal(await txn.findId('cn=x,ou=a,dc=example'), ids.x);
          assert.deepEqual(await txn.childIds(ids.a), [ids.x]);
          assert.deepEqual(await txn.childIds(ids.root), [ids.a, ids.b]);
          assert.deepEqual(await txn.indexLookup('ou#eq', 'a'), []);
          assert.equal(text(await txn.getMeta('k')), 'kept');
        });
        assert.equal(await store.write((txn) => txn.nextSequence('seq', 1)), 1);
      });

      it('serializes concurrent writes: 200 read-modify-write increments all count', async () => {
        const store = await create();
        const writes = Array.from({ length: 200 }, () =>
          store.write(async (txn) => {
            const value = await readMetaCounter(txn);
            await tick(); // give every other write a chance to interleave
            await txn.putMeta('counter', bytes(String(value + 1)));
          }),
        );
        await Promise.all(writes);
        assert.equal(await store.read(readMetaCounter), 200);
      });

      it('lets reads proceed while a write is open, without seeing it', async () => {
        const store = await create();
        await store.write((txn) => txn.putMeta('k', bytes('before')));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const writing = store.write(async (txn) => {
          await txn.putMeta('k', bytes('after'));
          await gate;
        });
        await tick();
        assert.equal(text(await store.read((txn) => txn.getMeta('k'))), 'before');
        release();
        await writing;
        assert.equal(text(await store.read((txn) => txn.getMeta('k'))), 'after');
      });

      it('refuses a transaction used after its callback', async () => {
        const store = await create();
        const readTxn = await store.read(async (txn) => txn);
        await assert.rejects(readTxn.getEntry(1), StoreError);
        const writeTxn = await store.write(async (txn) => txn);
        await assert.rejects(writeTxn.putMeta('late', bytes('x')), StoreError);
        assert.equal(await store.read((txn) => txn.getMeta('late')), undefined);
      });

      it('is unavailable once closed', async () => {
        const store = await target.create();
        await store.close();
        await assert.rejects(
          store.read(async () => 1),
          StoreUnavailableError,
        );
        await assert.rejects(
          store.write(async () => 1),
          StoreUnavailableError,
        );
      });
    });

    describe('durability', () => {
      it('keeps everything across close and reopen', async () => {
        const first = await create();
        const ids = await first.write(async (txn) => {
          const tree = await addTree(txn);
          await txn.addIndexKeys(tree.x, [{ index: 'cn#eq', key: 'x' }]);
          await txn.putMeta('schema', bytes('v1'));
          await txn.nextSequence('uidNumber', 1000);
          return tree;
        });
        const second = await reopen(first);
        await second.read(async (txn) => {
          assert.deepEqual(await txn.getEntry(ids.x), entry(ids.x, ids.a, 'cn=x,ou=a,dc=example'));
          assert.equal(await txn.findId('ou=b,dc=example'), ids.b);
          assert.deepEqual(await txn.childIds(ids.root), [ids.a, ids.b]);
          assert.deepEqual(await txn.indexLookup('cn#eq', 'x'), [ids.x]);
          assert.equal(text(await txn.getMeta('schema')), 'v1');
          assert.equal(await txn.entryCount(), 4);
        });
        assert.equal(await second.write((txn) => txn.nextSequence('uidNumber', 1000)), 1001);
        assert.ok((await second.write((txn) => txn.allocateId())) > ids.x);
      });

      it('reports entries and size', async () => {
        const store = await create();
        await store.write(addTree);
        const stats = await store.stats();
        assert.equal(stats.engine, store.engine);
        assert.equal(stats.entries, 4);
        assert.ok(stats.sizeBytes > 0);
      });
    });

    describe('changes made elsewhere', () => {
      const sibling = target.openSibling;
      const skip =
        sibling === undefined ? 'the engine has no second handle on the same data to test with' : false;

      it('tells a store of commits made by another', { skip }, async () => {
        const one = await create();
        const two = await sibling!(one);
        open.push(two);
        const heardByOne: StoreChange[] = [];
        const heardByTwo: StoreChange[] = [];
        one.onChange((change) => heardByOne.push(change));
        const stop = two.onChange((change) => heardByTwo.push(change));
        await one.write(async (txn) => {
          await txn.putEntry(entry(7, NO_PARENT, 'o=seven'));
          await txn.putMeta('schema', bytes('v2'));
        });
        const deadline = Date.now() + 5000;
        while (heardByTwo.length === 0 && Date.now() < deadline) {
          await two.read(async () => undefined); // a read is when a store may look for news
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.equal(heardByTwo.length, 1);
        assert.deepEqual(heardByTwo[0]!.ids, [7]);
        assert.deepEqual(heardByTwo[0]!.metaKeys, ['schema']);
        assert.equal(await two.read((txn) => txn.findId('o=seven')), 7);
        assert.equal(heardByOne.length, 0, 'a store is not told of its own commits');
        stop();
        await one.write((txn) => txn.putMeta('schema', bytes('v3')));
        await two.read(async () => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(heardByTwo.length, 1, 'a removed listener hears nothing');
      });

      it('serializes read-modify-write across two stores on the same data', { skip }, async () => {
        const one = await create();
        const two = await sibling!(one);
        open.push(two);
        const increment = (store: Store) =>
          store.write(async (txn) => {
            const value = await readMetaCounter(txn);
            await tick();
            await txn.putMeta('counter', bytes(String(value + 1)));
          });
        await Promise.all(Array.from({ length: 100 }, (_, i) => increment(i % 2 === 0 ? one : two)));
        assert.equal(await one.read(readMetaCounter), 100);
        assert.equal(await two.read(readMetaCounter), 100);
      });
    });
  });
}
