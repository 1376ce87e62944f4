import type { Transaction } from 'lmdb';
import type { EntryId, KeyRange, RangeFirst, StoredEntry } from '../contract.ts';
import type { Snapshot } from '../txn/store-view.ts';
import type { ReadOptions } from './read-options.ts';
import { COMMIT_SEQUENCE, ENTRY_COUNT } from './sequences.ts';
import type { Tables } from './tables.ts';

/**
 * One LMDB read transaction: a consistent state that stays put across awaits
 * (lmdb's `useReadTransaction`), released with `done()` when the store's
 * callback settles. Readers never block writers or each other.
 */
export class LmdbSnapshot implements Snapshot {
  readonly #txn: Transaction;
  readonly #options: ReadOptions;
  #released = false;

  constructor(
    private readonly tables: Tables,
    txn: Transaction,
  ) {
    this.#txn = txn;
    this.#options = { transaction: txn };
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#txn.done();
  }

  /** How many commits the environment had when this snapshot began. */
  commitNumber(): number {
    return this.tables.sequences.get(COMMIT_SEQUENCE, this.#options) ?? 0;
  }

  getEntry(id: EntryId): StoredEntry | undefined {
    return this.tables.id2entry.get(id, this.#options);
  }

  findId(ndn: string): EntryId | undefined {
    return this.tables.dn2id.get(ndn, this.#options);
  }

  childIds(parentId: EntryId): EntryId[] {
    return this.tables.children.ids(parentId, this.#options);
  }

  childCount(parentId: EntryId): number {
    return this.tables.children.count(parentId, this.#options);
  }

  isChild(parentId: EntryId, id: EntryId): boolean {
    return this.tables.id2entry.parentOf(id, this.#options) === parentId;
  }

  indexLookup(index: string, key: string): EntryId[] {
    return this.tables.indexKeys.lookup(index, key, this.#options);
  }

  indexCount(index: string, key: string): number {
    return this.tables.indexKeys.count(index, key, this.#options);
  }

  hasPosting(index: string, key: string, id: EntryId): boolean {
    return this.tables.indexKeys.has(index, key, id, this.#options);
  }

  indexRange(index: string, range: KeyRange): EntryId[] {
    return this.tables.indexKeys.range(index, range, this.#options);
  }

  indexRangeFirst(index: string, range: KeyRange, limit: number): RangeFirst {
    return this.tables.indexKeys.rangeFirst(index, range, limit, this.#options);
  }

  forEachPosting(index: string, range: KeyRange, visit: (key: string, id: EntryId) => void): void {
    this.tables.indexKeys.forEach(index, range, this.#options, visit);
  }

  scanIds(afterId: EntryId, limit: number): EntryId[] {
    return this.tables.id2entry.scanIds(afterId, limit, this.#options);
  }

  entryCount(): number {
    return this.tables.sequences.get(ENTRY_COUNT, this.#options) ?? 0;
  }

  getMeta(key: string): Uint8Array | undefined {
    return this.tables.meta.get(key, this.#options);
  }

  getSequence(name: string): number | undefined {
    return this.tables.sequences.get(name, this.#options);
  }
}
