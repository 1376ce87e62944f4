/**
 * The storage contract: what the directory engine asks of a store, and all it
 * asks. Every engine (memory, LMDB, PostgreSQL) implements it and passes the one
 * conformance suite in `test/store/conformance.ts`.
 *
 * The store knows nothing of LDAP beyond normalized keys: an entry is an id, the
 * id of its parent, its normalized DN and an opaque byte string that the
 * directory encodes and decodes. Index keys are computed by the directory from
 * the schema's matching rules; the store keeps `(index, key) → ids` and answers
 * exact, prefix and range lookups over them.
 *
 * Every call is asynchronous so that a network engine fits behind it; the LMDB
 * engine answers from memory-mapped pages without leaving the event loop.
 */

/** A positive integer assigned by the store, never reused. 0 is "no entry" (the parent of a suffix). */
export type EntryId = number;

export const NO_PARENT: EntryId = 0;

export interface StoredEntry {
  readonly id: EntryId;
  /** The id of the parent entry, or NO_PARENT for a suffix (naming context) entry. */
  readonly parentId: EntryId;
  /** The normalized DN: the key of the DN → id mapping, unique across the store. */
  readonly ndn: string;
  /** The entry as the directory encoded it; the store never looks inside. */
  readonly data: Uint8Array;
}

/**
 * One index posting: `index` names an index the directory chose (`uid#eq`,
 * `cn#sub`, `mail#pres`), `key` is a normalized key within it. Keys are at most
 * 500 UTF-8 bytes; the directory shortens longer ones before they get here.
 */
export interface IndexKey {
  readonly index: string;
  readonly key: string;
}

/** A key range within one index; bounds are compared as UTF-8 bytes (code-point order). */
export interface KeyRange {
  /** Only keys starting with this string. */
  readonly prefix?: string;
  readonly gte?: string;
  readonly lte?: string;
}

/** What `indexRangeFirst` read: some or all of a range's ids. */
export interface RangeFirst {
  readonly ids: EntryId[];
  /** True when every posting in the range was read, so `ids` is the whole answer. */
  readonly complete: boolean;
}

/** A snapshot of the store. Everything read through one ReadTxn is from the same consistent state. */
export interface ReadTxn {
  getEntry(id: EntryId): Promise<StoredEntry | undefined>;
  /** Batch read, in the order asked; a missing id gives `undefined` at its place. */
  getEntries(ids: readonly EntryId[]): Promise<(StoredEntry | undefined)[]>;
  /** DN → id. */
  findId(ndn: string): Promise<EntryId | undefined>;
  /**
   * The entry holding `ndn`: `getEntry(await findId(ndn))` in one call, which a
   * network engine answers in one round trip.
   */
  findEntry(ndn: string): Promise<StoredEntry | undefined>;
  /** The ids of the direct children of `parentId` (NO_PARENT lists the suffix entries), ascending. */
  childIds(parentId: EntryId): Promise<EntryId[]>;
  hasChildren(id: EntryId): Promise<boolean>;
  /** The ids under `index` with exactly `key`, ascending. */
  indexLookup(index: string, key: string): Promise<EntryId[]>;
  /** The ids under `index` with a key in `range`, ascending and without duplicates. */
  indexRange(index: string, range: KeyRange): Promise<EntryId[]>;
  /**
   * Optional. Like `indexRange`, but may stop after reading `limit` postings in
   * key order: `ids` (ascending, without duplicates) is then a subset of the
   * range's ids and `complete` is false. Lets a search with a size limit read
   * the first few hundred keys of a prefix instead of all of them.
   */
  indexRangeFirst?(index: string, range: KeyRange, limit: number): Promise<RangeFirst>;
  /**
   * Optional. Whether `id` is among the ids under `index` with exactly `key`:
   * one probe, which lets the planner check a broad term (`objectClass=…`)
   * for a few candidates instead of reading its whole id list.
   */
  hasPosting?(index: string, key: string, id: EntryId): Promise<boolean>;
  /** How many ids `indexLookup(index, key)` would give; lets the planner intersect smallest first. */
  indexCount(index: string, key: string): Promise<number>;
  /** Entry ids in ascending order, starting after `afterId`, at most `limit`: for export and full scans. */
  scanIds(afterId: EntryId, limit: number): Promise<EntryId[]>;
  /** Number of entries in the store. */
  entryCount(): Promise<number>;
  /** Small named values the directory keeps beside the entries (schema, counters, lockout state). */
  getMeta(key: string): Promise<Uint8Array | undefined>;
}

/**
 * A write transaction. Writes are serialized store-wide (across processes and
 * nodes sharing the store); reads through a WriteTxn see its own writes.
 * Nothing is visible to others until the `write` callback's promise resolves,
 * and then it is durable.
 */
export interface WriteTxn extends ReadTxn {
  /**
   * Optional, a hint: the transaction is about to ask for these DNs
   * (`findId`, `findEntry`); a network engine learns which exist in one round
   * trip and answers those calls without another. `linden import` calls it per batch.
   */
  prefetchDns?(ndns: readonly string[]): Promise<void>;
  /** A fresh id, never given out before. */
  allocateId(): Promise<EntryId>;
  /**
   * Insert, or replace the entry with the same id. Keeps DN → id and
   * parent → children right when `ndn` or `parentId` change.
   * Throws `StoreConflictError` if another entry already holds `ndn`.
   */
  putEntry(entry: StoredEntry): Promise<void>;
  /** Remove the entry, its DN → id mapping and its place among its parent's children. Index postings are removed by the caller. */
  deleteEntry(id: EntryId): Promise<void>;
  addIndexKeys(id: EntryId, keys: readonly IndexKey[]): Promise<void>;
  removeIndexKeys(id: EntryId, keys: readonly IndexKey[]): Promise<void>;
  putMeta(key: string, value: Uint8Array | undefined): Promise<void>;
  /** Next value of a named counter, starting at `start` the first time. */
  nextSequence(name: string, start: number): Promise<number>;
}

export interface StoreStats {
  readonly engine: string;
  readonly entries: number;
  /** Bytes used on disk (or in memory for the memory engine). */
  readonly sizeBytes: number;
}

/** A change made through some process or node; lets caches learn of writes made elsewhere. */
export interface StoreChange {
  readonly ids: readonly EntryId[];
  /** Meta keys written, so caches of schema, rules or config kept in the store can reload. */
  readonly metaKeys: readonly string[];
}

export interface Store {
  readonly engine: string;
  open(): Promise<void>;
  close(): Promise<void>;
  read<T>(fn: (txn: ReadTxn) => Promise<T>): Promise<T>;
  /**
   * Run `fn` in a write transaction. If `fn` throws, nothing is written and the
   * error is rethrown. When the returned promise resolves, the changes are durable.
   */
  write<T>(fn: (txn: WriteTxn) => Promise<T>): Promise<T>;
  stats(): Promise<StoreStats>;
  /** Called after a commit made by another process or node sharing this store. */
  onChange(listener: (change: StoreChange) => void): () => void;
  /**
   * Bulk loading (`linden import`): from now on a write resolves once its commit
   * is visible, without waiting for the flush to disk; `flush` then waits for
   * every commit so far. A killed process loses nothing committed (the commits
   * are in the operating system's cache); a crash of the machine may lose the
   * commits not yet flushed. Engines whose commits are durable anyway omit it.
   */
  deferFlushes?(): void;
  /** Resolves once every commit so far is on disk. */
  flush?(): Promise<void>;
}

/** Base of the store's own errors; the directory translates them to LDAP result codes at one boundary. */
export class StoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
/** A uniqueness rule of the store was broken (two entries with one DN). */
export class StoreConflictError extends StoreError {}
/** The store cannot be reached or is closed (PostgreSQL down, environment closed). */
export class StoreUnavailableError extends StoreError {}
/** The stored data is not what the engine expects (corruption, wrong version). */
export class StoreCorruptError extends StoreError {}
