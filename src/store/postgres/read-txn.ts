import type { EntryId, KeyRange, ReadTxn, StoredEntry } from '../contract.ts';
import * as entries from './entries.ts';
import * as meta from './meta.ts';
import * as postings from './postings.ts';
import type { Session } from './session.ts';

/** The contract's ReadTxn over one connection: each call is one statement, one round trip. */
export class PgReadTxn implements ReadTxn {
  constructor(protected readonly session: Session) {}

  getEntry(id: EntryId): Promise<StoredEntry | undefined> {
    return entries.getEntry(this.session, id);
  }

  getEntries(ids: readonly EntryId[]): Promise<(StoredEntry | undefined)[]> {
    this.session.check();
    return entries.getEntries(this.session, ids);
  }

  findId(ndn: string): Promise<EntryId | undefined> {
    return entries.findId(this.session, ndn);
  }

  childIds(parentId: EntryId): Promise<EntryId[]> {
    return entries.childIds(this.session, parentId);
  }

  hasChildren(id: EntryId): Promise<boolean> {
    return entries.hasChildren(this.session, id);
  }

  indexLookup(index: string, key: string): Promise<EntryId[]> {
    return postings.indexLookup(this.session, index, key);
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
