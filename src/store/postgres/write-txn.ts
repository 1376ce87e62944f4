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
import * as postings from './postings.ts';
import { PostingBuffer } from './postings.ts';
import { PgReadTxn } from './read-txn.ts';
import type { Session } from './session.ts';

/** The largest block of ids one allocation takes (an import's blocks grow 1, 2, 4 … up to it). */
const MAX_ID_BLOCK = 4_096;
/** Blocks at least this large have the next one asked for half way through. */
const ASK_AHEAD = 64;
/** Entries (and DN answers) a write transaction remembers before it starts over. */
const CACHE_LIMIT = 10_000;
/** Buffered entry writes (and their bytes) a transaction sends at once. */
const PENDING_LIMIT = 1_000;
const PENDING_BYTES = 8 << 20;
/** The most postings of an index a transaction copies into memory to answer its lookups. */
const SMALL_INDEX = 2_000;
/**
 * Lookups of an index a transaction sends to the server before it copies the
 * index: a single add's one or two lookups cost what they cost, a bulk load's
 * hundreds are answered from the copy.
 */
const COPY_AFTER = 2;

/**
 * The contract's WriteTxn inside one PostgreSQL transaction that holds the
 * store's write lock. Entry and meta writes go to the server at once (the
 * transaction's own reads see them, and a DN conflict is reported by the call
 * that caused it); index postings are buffered (`PostingBuffer`) and sent
 * before the next index read and at commit. It records what it changed for the
 * commit's notification.
 */
export class PgWriteTxn extends PgReadTxn implements WriteTxn {
  readonly postings = new PostingBuffer((id) => this.#allocated.has(id));
  readonly changedIds = new Set<EntryId>();
  readonly changedMeta = new Set<string>();
  /** Ids taken from the sequence and not handed out yet, ascending. */
  #ids: EntryId[] = [];
  #next = 0;
  #block = 1;
  /** The largest caller-chosen id of an inserted entry, which the sequence must pass before commit. */
  #passTo = 0;
  /** The next block, asked for before this one ran out. */
  #idsAhead: Promise<EntryId[]> | undefined;

  /**
   * Entries and DN → id answers this transaction has seen or written. It holds
   * the store's write lock, so nothing but its own writes changes what it reads:
   * a bulk load asks for the same parent entry hundreds of times, and answers
   * it once. Dropped when it grows past CACHE_LIMIT.
   */
  readonly #entries = new Map<EntryId, StoredEntry | undefined>();
  readonly #dnIds = new Map<string, EntryId | undefined>();

  /**
   * Entry writes not sent yet (`putEntry` defers the ones that cannot
   * conflict): id → the entry as written and whether it is an insert. Sent in
   * one statement (`entries.writeMany`) when PENDING_LIMIT is reached, before
   * a statement that reads the entries table as a whole, before any other
   * entry write, and at commit. `#pendingDns` holds the DNs of the inserts.
   */
  readonly #pending = new Map<EntryId, { entry: StoredEntry; insert: boolean }>();
  readonly #pendingDns = new Map<string, EntryId>();
  #pendingBytes = 0;
  /**
   * Indexes this transaction looked up more than COPY_AFTER times that held at most SMALL_INDEX postings:
   * a copy of all their postings, kept up to date by its own changes (nothing
   * else changes them while it holds the write lock), answers their lookups
   * without a round trip: an import's memberOf lookups of `member#eq` and
   * `uniqueMember#eq` for each new entry, while no group names anyone yet.
   * null: too large, looked up on the server.
   */
  readonly #smallIndexes = new Map<string, postings.IndexCopy | null>();
  /** Lookups of each index sent to the server; the copy is made at the COPY_AFTER + 1st. */
  readonly #lookups = new Map<string, number>();
  /** Ids allocateId handed out that no entry holds yet. */
  readonly #fresh = new Set<EntryId>();
  /** Every id allocateId handed out, or read as free and then inserted: no posting of one was on the server before this transaction. */
  readonly #allocated = new Set<EntryId>();

  constructor(protected readonly session: Session) {
    super(session);
  }

  // ---- reads answered from what the transaction already knows ----

  override async getEntry(id: EntryId): Promise<StoredEntry | undefined> {
    const pending = this.#pending.get(id);
    if (pending !== undefined) {
      this.session.check();
      return pending.entry;
    }
    if (this.#entries.has(id)) {
      this.session.check();
      return this.#entries.get(id);
    }
    const entry = await super.getEntry(id);
    this.remember(id, entry);
    return entry;
  }

  override async getEntries(ids: readonly EntryId[]): Promise<(StoredEntry | undefined)[]> {
    if (this.#pending.size > 0 && ids.some((id) => this.#pending.has(id))) {
      const rest = await this.getEntries(ids.filter((id) => !this.#pending.has(id)));
      let next = 0;
      return ids.map((id) => this.#pending.get(id)?.entry ?? rest[next++]);
    }
    const missing = ids.filter((id) => !this.#entries.has(id));
    if (missing.length === 0) {
      this.session.check();
      return ids.map((id) => this.#entries.get(id));
    }
    const fetched = await super.getEntries(missing);
    if (missing.length === ids.length) {
      for (let i = 0; i < missing.length; i++) this.remember(missing[i]!, fetched[i]);
      return fetched;
    }
    const byId = new Map(missing.map((id, i) => [id, fetched[i]]));
    const out = ids.map((id) => (byId.has(id) ? byId.get(id) : this.#entries.get(id)));
    for (let i = 0; i < missing.length; i++) this.remember(missing[i]!, fetched[i]);
    return out;
  }

  override async findId(ndn: string): Promise<EntryId | undefined> {
    const pending = this.#pendingDns.get(ndn);
    if (pending !== undefined) {
      this.session.check();
      return pending;
    }
    if (this.#dnIds.has(ndn)) {
      this.session.check();
      return this.#dnIds.get(ndn);
    }
    const id = await super.findId(ndn);
    if (this.#dnIds.size >= CACHE_LIMIT) this.#dnIds.clear();
    this.#dnIds.set(ndn, id);
    return id;
  }

  async prefetchDns(ndns: readonly string[]): Promise<void> {
    this.session.check();
    // Entries still buffered here are not on the server, but their DNs are in #pendingDns.
    const unknown = [...new Set(ndns)]
      .filter((n) => !this.#pendingDns.has(n) && !this.#dnIds.has(n))
      .slice(0, CACHE_LIMIT);
    if (unknown.length === 0) return;
    if (this.#dnIds.size + unknown.length > CACHE_LIMIT) this.#dnIds.clear();
    if (this.#entries.size + unknown.length > CACHE_LIMIT) this.#entries.clear();
    // The entries come along: the batch reads those that exist (parents, the members a group names).
    for (const entry of await entries.findEntries(this.session, unknown)) this.remember(entry.id, entry);
    for (const ndn of unknown) if (!this.#dnIds.has(ndn)) this.#dnIds.set(ndn, undefined);
  }

  override async findEntry(ndn: string): Promise<StoredEntry | undefined> {
    const pending = this.#pendingDns.get(ndn);
    if (pending !== undefined) return this.getEntry(pending);
    if (this.#dnIds.has(ndn)) {
      const id = this.#dnIds.get(ndn);
      if (id === undefined) {
        this.session.check();
        return undefined;
      }
      return this.getEntry(id);
    }
    const entry = await entries.findEntry(this.session, ndn);
    if (entry === undefined) {
      if (this.#dnIds.size >= CACHE_LIMIT) this.#dnIds.clear();
      this.#dnIds.set(ndn, undefined);
    } else this.remember(entry.id, entry);
    return entry;
  }

  private remember(id: EntryId, entry: StoredEntry | undefined): void {
    if (this.#entries.size >= CACHE_LIMIT) this.#entries.clear();
    this.#entries.set(id, entry);
    if (entry !== undefined) {
      if (this.#dnIds.size >= CACHE_LIMIT) this.#dnIds.clear();
      this.#dnIds.set(entry.ndn, id);
    }
  }

  /** After a write of entry `id`: its old DN no longer names it (when unknown, forget every DN answer). */
  private forgetDn(id: EntryId): void {
    const known = this.#entries.get(id);
    if (known !== undefined) this.#dnIds.delete(known.ndn);
    else if (!this.#entries.has(id)) this.#dnIds.clear();
  }

  // ---- reads that must see buffered entry writes ----

  override async childIds(parentId: EntryId): Promise<EntryId[]> {
    await this.flushEntries();
    return super.childIds(parentId);
  }

  override async hasChildren(id: EntryId): Promise<boolean> {
    await this.flushEntries();
    return super.hasChildren(id);
  }

  override async scanIds(afterId: EntryId, limit: number): Promise<EntryId[]> {
    await this.flushEntries();
    return super.scanIds(afterId, limit);
  }

  override async entryCount(): Promise<number> {
    await this.flushEntries();
    return super.entryCount();
  }

  // ---- reads that must see buffered postings ----

  override async indexLookup(index: string, key: string): Promise<EntryId[]> {
    let copy = this.#smallIndexes.get(index);
    if (copy === undefined && (this.#lookups.get(index) ?? 0) >= COPY_AFTER) {
      await this.flushPostings(index);
      copy = await postings.loadSmallIndex(this.session, index, SMALL_INDEX);
      this.#smallIndexes.set(index, copy);
    }
    if (copy === undefined) this.#lookups.set(index, (this.#lookups.get(index) ?? 0) + 1);
    else if (copy !== null) {
      this.session.check();
      const ids = copy.get(key);
      return ids === undefined ? [] : [...ids].sort((a, b) => a - b);
    }
    await this.flushPostings(index);
    // The ids only: a write's lookups (memberOf, uniqueness) seldom read the entries they find.
    return postings.indexLookup(this.session, index, key);
  }

  override async indexRange(index: string, range: KeyRange): Promise<EntryId[]> {
    await this.flushPostings(index);
    return super.indexRange(index, range);
  }

  override async indexCount(index: string, key: string): Promise<number> {
    await this.flushPostings(index);
    return super.indexCount(index, key);
  }

  // ---- writes ----

  async allocateId(): Promise<EntryId> {
    this.session.check();
    if (this.#passTo > 0) await this.passChosenIds();
    if (this.#next >= this.#ids.length) {
      const ahead = this.#idsAhead;
      this.#idsAhead = undefined;
      this.#ids = await (ahead ?? meta.allocateIds(this.session, this.#block));
      this.#next = 0;
      this.#block = Math.min(this.#block * 2, MAX_ID_BLOCK);
    }
    if (
      this.#idsAhead === undefined &&
      this.#ids.length >= ASK_AHEAD &&
      this.#next === this.#ids.length >>> 1
    ) {
      // Half way through a bulk load's block, the next one is asked for without waiting: the
      // sequence is outside transactions, so it need not wait for the postings being sent.
      const ahead = meta.allocateIds(this.session, this.#block);
      ahead.catch(() => {}); // met where it is awaited
      this.#idsAhead = ahead;
    }
    const id = this.#ids[this.#next++]!;
    this.#fresh.add(id);
    this.#allocated.add(id);
    return id;
  }

  async putEntry(entry: StoredEntry): Promise<void> {
    this.session.check();
    checkEntry(entry);
    // A copy, as a read from the server would give: the caller may reuse its buffer.
    const copy: StoredEntry = {
      id: entry.id,
      parentId: entry.parentId,
      ndn: entry.ndn,
      data: new Uint8Array(entry.data),
    };
    if (this.defer(copy)) {
      this.changedIds.add(entry.id);
      if (this.#pending.size >= PENDING_LIMIT || this.#pendingBytes >= PENDING_BYTES)
        this.background(() => this.flushEntries());
      return;
    }
    await this.flushEntries();
    this.#fresh.delete(entry.id);
    const outcome = await entries.putEntry(this.session, entry);
    if (outcome === 'conflict') {
      const holder = await entries.findId(this.session, entry.ndn);
      throw new StoreConflictError(`another entry (id ${holder}) already holds this DN`);
    }
    // A new id had no DN before; a replaced entry may have had another one.
    if (outcome === 'replaced') this.forgetDn(entry.id);
    this.remember(entry.id, copy);
    this.changedIds.add(entry.id);
    if (outcome === 'inserted') this.chose(entry.id);
  }

  /**
   * Buffers the write of `entry` when it cannot break a rule of the store: an
   * id from allocateId that nothing holds yet, or one this transaction read as
   * free, with a DN it saw absent (it holds the write lock, so only its own
   * writes change that); or
   * new data for an entry whose DN and parent stay as this transaction knows them.
   */
  private defer(entry: StoredEntry): boolean {
    const { id, ndn } = entry;
    const pending = this.#pending.get(id);
    if (pending !== undefined) {
      if (pending.entry.ndn !== ndn || pending.entry.parentId !== entry.parentId) return false;
      this.#pendingBytes += entry.data.byteLength - pending.entry.data.byteLength;
      pending.entry = entry;
      this.remember(id, entry);
      return true;
    }
    let insert: boolean;
    const dnFree = !this.#pendingDns.has(ndn) && this.#dnIds.has(ndn) && this.#dnIds.get(ndn) === undefined;
    if (dnFree && this.#fresh.has(id)) {
      this.#fresh.delete(id);
      this.#pendingDns.set(ndn, id);
      insert = true;
    } else if (dnFree && this.#entries.has(id) && this.#entries.get(id) === undefined) {
      // An id the caller chose (a copy keeps ids) that this transaction read as free: no
      // entry holds it, and postings go and come with their entry, so none has it either.
      this.#pendingDns.set(ndn, id);
      this.#allocated.add(id);
      this.chose(id);
      insert = true;
    } else {
      const known = this.#entries.get(id);
      if (known === undefined || known.ndn !== ndn || known.parentId !== entry.parentId) return false;
      insert = false;
    }
    this.#pending.set(id, { entry, insert });
    this.#pendingBytes += entry.data.byteLength + ndn.length;
    this.remember(id, entry);
    return true;
  }

  /** Sends the buffered entry writes. */
  private async flushEntries(): Promise<void> {
    this.session.check();
    if (this.#pending.size === 0) return;
    const inserts: StoredEntry[] = [];
    const updates: StoredEntry[] = [];
    for (const { entry, insert } of this.#pending.values()) (insert ? inserts : updates).push(entry);
    this.#pending.clear();
    this.#pendingDns.clear();
    this.#pendingBytes = 0;
    await entries.writeMany(this.session, inserts, updates);
  }

  async deleteEntry(id: EntryId): Promise<void> {
    this.session.check();
    checkId(id);
    if (this.#pending.has(id)) await this.flushEntries();
    this.#fresh.delete(id);
    const deleted = await entries.deleteEntry(this.session, id);
    this.forgetDn(id);
    this.#entries.set(id, undefined);
    if (deleted) this.changedIds.add(id);
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
    await this.session.waitBackground();
    if (this.failure !== undefined) throw this.failure;
    await this.flushEntries();
    await this.flushPostings();
    if (this.#passTo > 0) await this.passChosenIds();
  }

  /** Sends the buffered postings of `index`, or all of them. */
  private async flushPostings(index?: string): Promise<void> {
    this.session.check();
    await this.postings.flush(this.session, index);
  }

  private async changePostings(id: EntryId, keys: readonly IndexKey[], add: boolean): Promise<void> {
    this.session.check();
    this.postings.change(id, keys, add);
    if (this.#smallIndexes.size > 0) this.changeSmallIndexes(id, keys, add);
    if (keys.length > 0) this.changedIds.add(id);
    if (this.postings.full) this.background(() => this.postings.flush(this.session));
  }

  /**
   * A bulk load goes on while the server inserts what it was sent: the
   * statement is queued on the connection (so every later statement runs after
   * it) and its outcome is collected before commit. A failure ends the
   * transaction; `failure` then names the first cause.
   */
  private background(work: () => Promise<void>): void {
    this.session.background(async () => {
      // After a failure the transaction is over on the server: nothing more is sent.
      if (this.failure !== undefined) return;
      try {
        await work();
      } catch (error) {
        this.failure ??= error;
      }
    });
  }

  /** The first failure of a statement sent in the background, if any. */
  failure: unknown;

  /** Keeps the in-memory copies of small indexes what the server plus the buffer hold. */
  private changeSmallIndexes(id: EntryId, keys: readonly IndexKey[], add: boolean): void {
    for (const { index, key } of keys) {
      const copy = this.#smallIndexes.get(index);
      if (copy == null) continue;
      let ids = copy.get(key);
      if (add) {
        if (ids === undefined) {
          ids = new Set();
          copy.set(key, ids);
        }
        if (ids.has(id)) continue;
        ids.add(id);
        if (++copy.postings > SMALL_INDEX) this.#smallIndexes.set(index, null);
      } else if (ids?.delete(id)) {
        copy.postings--;
        if (ids.size === 0) copy.delete(key);
      }
    }
  }

  /**
   * A newly inserted entry with an id this transaction did not allocate: ids of
   * its unused block up to that one are dropped, and unless the block goes
   * beyond it (the sequence is then already past), the sequence is moved past
   * it before the next allocation or the commit, whichever comes first.
   */
  private chose(id: EntryId): void {
    // A block asked for ahead may hold ids up to this one: it is dropped (ids are never handed out twice anyway).
    this.#idsAhead = undefined;
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
