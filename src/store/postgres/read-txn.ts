import type { EntryId, KeyRange, ReadTxn, StoredEntry } from '../contract.ts';
import * as entries from './entries.ts';
import * as meta from './meta.ts';
import * as postings from './postings.ts';
import type { Db } from './statement.ts';

/** What a read runs its statements through: a batch's reader, or a write's session. */
export interface ReadDb extends Db {
  /** Throws once the transaction is over. */
  check(): unknown;
}

/** Entries a read keeps from its lookups before it starts over. */
const FETCHED_LIMIT = 1_024;

/**
 * The contract's ReadTxn over one connection: each call is one statement, one
 * round trip. An exact index lookup that finds a few ids brings their entries
 * along (`postings.indexLookupEntries`); the read keeps them, since nothing
 * changes within its snapshot, and answers `getEntry`/`getEntries` of those ids
 * without another round trip.
 */
export class PgReadTxn implements ReadTxn {
  readonly #fetched = new Map<EntryId, StoredEntry>();

  constructor(protected readonly db: ReadDb) {}

  async getEntry(id: EntryId): Promise<StoredEntry | undefined> {
    const known = this.#fetched.get(id);
    if (known !== undefined) {
      this.db.check();
      return known;
    }
    return entries.getEntry(this.db, id);
  }

  async getEntries(ids: readonly EntryId[]): Promise<(StoredEntry | undefined)[]> {
    this.db.check();
    const fetched = this.#fetched;
    if (fetched.size > 0) {
      const missing = ids.filter((id) => !fetched.has(id));
      if (missing.length === 0) return ids.map((id) => fetched.get(id));
      if (missing.length < ids.length) {
        const more = await entries.getEntries(this.db, missing);
        const byId = new Map(missing.map((id, i) => [id, more[i]]));
        return ids.map((id) => fetched.get(id) ?? byId.get(id));
      }
    }
    return entries.getEntries(this.db, ids);
  }

  findId(ndn: string): Promise<EntryId | undefined> {
    return entries.findId(this.db, ndn);
  }

  findEntry(ndn: string): Promise<StoredEntry | undefined> {
    return entries.findEntry(this.db, ndn);
  }

  childIds(parentId: EntryId): Promise<EntryId[]> {
    return entries.childIds(this.db, parentId);
  }

  hasChildren(id: EntryId): Promise<boolean> {
    return entries.hasChildren(this.db, id);
  }

  async indexLookup(index: string, key: string): Promise<EntryId[]> {
    const found = await postings.indexLookupEntries(this.db, index, key);
    if (found.entries.length > 0) {
      if (this.#fetched.size + found.entries.length > FETCHED_LIMIT) this.#fetched.clear();
      for (const entry of found.entries) this.#fetched.set(entry.id, entry);
    }
    return found.ids;
  }

  indexRange(index: string, range: KeyRange): Promise<EntryId[]> {
    return postings.indexRange(this.db, index, range);
  }

  indexCount(index: string, key: string): Promise<number> {
    return postings.indexCount(this.db, index, key);
  }

  async scanIds(afterId: EntryId, limit: number): Promise<EntryId[]> {
    this.db.check();
    if (!(limit > 0)) return [];
    return entries.scanIds(this.db, afterId, limit);
  }

  entryCount(): Promise<number> {
    return entries.entryCount(this.db);
  }

  getMeta(key: string): Promise<Uint8Array | undefined> {
    return meta.getMeta(this.db, key);
  }
}
