import type { EntryId, KeyRange, ReadTxn, StoredEntry } from '../contract.ts';
import * as entries from './entries.ts';
import * as meta from './meta.ts';
import * as postings from './postings.ts';
import type { Session } from './session.ts';

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

  constructor(protected readonly session: Session) {}

  async getEntry(id: EntryId): Promise<StoredEntry | undefined> {
    const known = this.#fetched.get(id);
    if (known !== undefined) {
      this.session.check();
      return known;
    }
    return entries.getEntry(this.session, id);
  }

  async getEntries(ids: readonly EntryId[]): Promise<(StoredEntry | undefined)[]> {
    this.session.check();
    const fetched = this.#fetched;
    if (fetched.size > 0) {
      const missing = ids.filter((id) => !fetched.has(id));
      if (missing.length === 0) return ids.map((id) => fetched.get(id));
      if (missing.length < ids.length) {
        const more = await entries.getEntries(this.session, missing);
        const byId = new Map(missing.map((id, i) => [id, more[i]]));
        return ids.map((id) => fetched.get(id) ?? byId.get(id));
      }
    }
    return entries.getEntries(this.session, ids);
  }

  findId(ndn: string): Promise<EntryId | undefined> {
    return entries.findId(this.session, ndn);
  }

  findEntry(ndn: string): Promise<StoredEntry | undefined> {
    return entries.findEntry(this.session, ndn);
  }

  childIds(parentId: EntryId): Promise<EntryId[]> {
    return entries.childIds(this.session, parentId);
  }

  hasChildren(id: EntryId): Promise<boolean> {
    return entries.hasChildren(this.session, id);
  }

  async indexLookup(index: string, key: string): Promise<EntryId[]> {
    const found = await postings.indexLookupEntries(this.session, index, key);
    if (found.entries.length > 0) {
      if (this.#fetched.size + found.entries.length > FETCHED_LIMIT) this.#fetched.clear();
      for (const entry of found.entries) this.#fetched.set(entry.id, entry);
    }
    return found.ids;
  }

  indexRange(index: string, range: KeyRange): Promise<EntryId[]> {
    return postings.indexRange(this.session, index, range);
  }

  indexCount(index: string, key: string): Promise<number> {
    return postings.indexCount(this.session, index, key);
  }

  async scanIds(afterId: EntryId, limit: number): Promise<EntryId[]> {
    this.session.check();
    if (!(limit > 0)) return [];
    return entries.scanIds(this.session, afterId, limit);
  }

  entryCount(): Promise<number> {
    return entries.entryCount(this.session);
  }

  getMeta(key: string): Promise<Uint8Array | undefined> {
    return meta.getMeta(this.session, key);
  }
}
