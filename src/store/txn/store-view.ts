import type { EntryId, KeyRange, RangeFirst, StoredEntry } from '../contract.ts';

/**
 * A synchronous, consistent view of a store: what an engine's snapshot offers,
 * and what a write transaction's overlay offers on top of one. The contract's
 * asynchronous `ReadTxn` is a thin wrapper over it (`ViewReadTxn`), so every
 * engine whose reads are local (memory, LMDB) shares one transaction layer.
 */
export interface StoreView {
  getEntry(id: EntryId): StoredEntry | undefined;
  findId(ndn: string): EntryId | undefined;
  /** Ascending. */
  childIds(parentId: EntryId): EntryId[];
  childCount(parentId: EntryId): number;
  isChild(parentId: EntryId, id: EntryId): boolean;
  /** Ascending. */
  indexLookup(index: string, key: string): EntryId[];
  indexCount(index: string, key: string): number;
  hasPosting(index: string, key: string, id: EntryId): boolean;
  /** Ascending, without duplicates. */
  indexRange(index: string, range: KeyRange): EntryId[];
  /** The ids of the first `limit` postings in key order (ascending, without duplicates), and whether that was all. */
  indexRangeFirst(index: string, range: KeyRange, limit: number): RangeFirst;
  /** Every `(key, id)` posting in range, in key order; lets an overlay subtract its removals per key. */
  forEachPosting(index: string, range: KeyRange, visit: (key: string, id: EntryId) => void): void;
  /** Ascending ids greater than `afterId`, at most `limit`. */
  scanIds(afterId: EntryId, limit: number): EntryId[];
  entryCount(): number;
  getMeta(key: string): Uint8Array | undefined;
  getSequence(name: string): number | undefined;
}

/** A view pinned to one committed state; `release` lets the engine forget that state. */
export interface Snapshot extends StoreView {
  release(): void;
}
