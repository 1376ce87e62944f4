import {
  type EntryId,
  type IndexKey,
  type KeyRange,
  StoreConflictError,
  type StoredEntry,
  type WriteTxn,
} from '../contract.ts';
import { checkEntry, checkId } from '../txn/limits.ts';
import * as entries from './entries.ts';
import * as meta from './meta.ts';
import { PostingBuffer } from './postings.ts';
import { PgReadTxn } from './read-txn.ts';

/** The largest block of ids one allocation takes (an import's blocks grow 1, 2, 4 … up to it). */
const MAX_ID_BLOCK = 256;

/**
 * The contract's WriteTxn inside one PostgreSQL transaction that holds the
 * store's write lock. Entry and meta writes go to the server at once (the
 * transaction's own reads see them, and a DN conflict is reported by the call
 * that caused it); index postings are buffered (`PostingBuffer`) and sent
 * before the next index read and at commit. It records what it changed for the
 * commit's notification.
 */
export class PgWriteTxn extends PgReadTxn implements WriteTxn {
  readonly postings = new PostingBuffer();
  readonly changedIds = new Set<EntryId>();
  readonly changedMeta = new Set<string>();
  /** Ids taken from the sequence and not handed out yet, ascending. */
  #ids: EntryId[] = [];
  #next = 0;
  #block = 1;
  /** The largest caller-chosen id of an inserted entry, which the sequence must pass before commit. */
  #passTo = 0;

  // ---- reads that must see buffered postings ----

  override async indexLookup(index: string, key: string): Promise<EntryId[]> {
    await this.flushPostings();
    return super.indexLookup(index, key);
  }

  override async indexRange(index: string, range: KeyRange): Promise<EntryId[]> {
    await this.flushPostings();
    return super.indexRange(index, range);
  }

  override async indexCount(index: string, key: string): Promise<number> {
    await this.flushPostings();
    return super.indexCount(index, key);
  }

  // ---- writes ----

  async allocateId(): Promise<EntryId> {
    this.session.check();
    if (this.#passTo > 0) await this.passChosenIds();
    if (this.#next >= this.#ids.length) {
      this.#ids = await meta.allocateIds(this.session, this.#block);
      this.#next = 0;
      this.#block = Math.min(this.#block * 2, MAX_ID_BLOCK);
    }
    return this.#ids[this.#next++]!;
  }

  async putEntry(entry: StoredEntry): Promise<void> {
    this.session.check();
    checkEntry(entry);
    const outcome = await entries.putEntry(this.session, entry);
    if (outcome === 'conflict') {
      const holder = await entries.findId(this.session, entry.ndn);
      throw new StoreConflictError(`another entry (id ${holder}) already holds this DN`);
    }
    this.changedIds.add(entry.id);
    if (outcome === 'inserted') this.chose(entry.id);
  }

  async deleteEntry(id: EntryId): Promise<void> {
    this.session.check();
    checkId(id);
    if (await entries.deleteEntry(this.session, id)) this.changedIds.add(id);
  }

  async addIndexKeys(id: EntryId, keys: readonly IndexKey[]): Promise<void> {
    await this.changePostings(id, keys, true);
  }

  async removeIndexKeys(id: EntryId, keys: readonly IndexKey[]): Promise<void> {
    await this.changePostings(id, keys, false);
  }

  async putMeta(key: string, value: Uint8Array | undefined): Promise<void> {
    this.session.check();
    await meta.putMeta(this.session, key, value);
    this.changedMeta.add(key);
  }

  async nextSequence(name: string, start: number): Promise<number> {
    this.session.check();
    if (name.startsWith('\u0000')) throw new RangeError('sequence names starting with NUL are reserved');
    return meta.nextSequence(this.session, name, start);
  }

  /** Sends what is still buffered; the store calls it before commit. */
  async flush(): Promise<void> {
    await this.flushPostings();
    if (this.#passTo > 0) await this.passChosenIds();
  }

  private async flushPostings(): Promise<void> {
    this.session.check();
    await this.postings.flush(this.session);
  }

  private async changePostings(id: EntryId, keys: readonly IndexKey[], add: boolean): Promise<void> {
    this.session.check();
    this.postings.change(id, keys, add);
    if (keys.length > 0) this.changedIds.add(id);
    if (this.postings.full) await this.flushPostings();
  }

  /**
   * A newly inserted entry with an id this transaction did not allocate: ids of
   * its unused block up to that one are dropped, and unless the block goes
   * beyond it (the sequence is then already past), the sequence is moved past
   * it before the next allocation or the commit, whichever comes first.
   */
  private chose(id: EntryId): void {
    const ids = this.#ids;
    if (this.#next > 0 && ids[this.#next - 1]! >= id) return; // allocated here, or below what was
    while (this.#next < ids.length && ids[this.#next]! <= id) this.#next++;
    if (this.#next >= ids.length) this.#passTo = Math.max(this.#passTo, id);
  }

  private async passChosenIds(): Promise<void> {
    const id = this.#passTo;
    this.#passTo = 0;
    await meta.passId(this.session, id);
  }
}
