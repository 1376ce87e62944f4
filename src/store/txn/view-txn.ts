import {
  type EntryId,
  type IndexKey,
  type KeyRange,
  type RangeFirst,
  type ReadTxn,
  type StoredEntry,
  StoreError,
  type WriteTxn,
} from '../contract.ts';
import type { OverlayView } from './overlay-view.ts';
import type { StoreView } from './store-view.ts';

/**
 * The contract's asynchronous ReadTxn over a synchronous view. A transaction
 * lives only while its callback runs: afterwards its snapshot is released, and
 * a late call must fail loudly rather than read a state nobody pinned.
 */
export class ViewReadTxn implements ReadTxn {
  #view: StoreView | undefined;

  constructor(view: StoreView) {
    this.#view = view;
  }

  /** Called by the engine once the callback has settled. */
  finish(): void {
    this.#view = undefined;
  }

  protected get view(): StoreView {
    const view = this.#view;
    if (view === undefined) throw new StoreError('transaction is finished: use it only inside its callback');
    return view;
  }

  async getEntry(id: EntryId): Promise<StoredEntry | undefined> {
    return this.view.getEntry(id);
  }

  async getEntries(ids: readonly EntryId[]): Promise<(StoredEntry | undefined)[]> {
    const view = this.view;
    return ids.map((id) => view.getEntry(id));
  }

  async findId(ndn: string): Promise<EntryId | undefined> {
    return this.view.findId(ndn);
  }

  async findEntry(ndn: string): Promise<StoredEntry | undefined> {
    const view = this.view;
    const id = view.findId(ndn);
    return id === undefined ? undefined : view.getEntry(id);
  }

  async childIds(parentId: EntryId): Promise<EntryId[]> {
    return this.view.childIds(parentId);
  }

  async hasChildren(id: EntryId): Promise<boolean> {
    return this.view.childCount(id) > 0;
  }

  async indexLookup(index: string, key: string): Promise<EntryId[]> {
    return this.view.indexLookup(index, key);
  }

  async indexRange(index: string, range: KeyRange): Promise<EntryId[]> {
    return this.view.indexRange(index, range);
  }

  async hasPosting(index: string, key: string, id: EntryId): Promise<boolean> {
    return this.view.hasPosting(index, key, id);
  }

  async indexRangeFirst(index: string, range: KeyRange, limit: number): Promise<RangeFirst> {
    return this.view.indexRangeFirst(index, range, limit);
  }

  async indexCount(index: string, key: string): Promise<number> {
    return this.view.indexCount(index, key);
  }

  async scanIds(afterId: EntryId, limit: number): Promise<EntryId[]> {
    if (!(limit > 0)) return [];
    return this.view.scanIds(afterId, limit);
  }

  async entryCount(): Promise<number> {
    return this.view.entryCount();
  }

  async getMeta(key: string): Promise<Uint8Array | undefined> {
    return this.view.getMeta(key);
  }
}

/** A WriteTxn over a transaction's overlay; all writes stay in the overlay until commit. */
export class ViewWriteTxn extends ViewReadTxn implements WriteTxn {
  #overlay: OverlayView | undefined;

  constructor(overlay: OverlayView) {
    super(overlay);
    this.#overlay = overlay;
  }

  override finish(): void {
    super.finish();
    this.#overlay = undefined;
  }

  private get overlay(): OverlayView {
    const overlay = this.#overlay;
    if (overlay === undefined)
      throw new StoreError('transaction is finished: use it only inside its callback');
    return overlay;
  }

  async allocateId(): Promise<EntryId> {
    return this.overlay.allocateId();
  }

  async putEntry(entry: StoredEntry): Promise<void> {
    this.overlay.putEntry(entry);
  }

  async deleteEntry(id: EntryId): Promise<void> {
    this.overlay.deleteEntry(id);
  }

  async addIndexKeys(id: EntryId, keys: readonly IndexKey[]): Promise<void> {
    this.overlay.addPostings(id, keys);
  }

  async removeIndexKeys(id: EntryId, keys: readonly IndexKey[]): Promise<void> {
    const overlay = this.overlay;
    for (const { index, key } of keys) overlay.removePosting(index, key, id);
  }

  async putMeta(key: string, value: Uint8Array | undefined): Promise<void> {
    this.overlay.putMeta(key, value);
  }

  async nextSequence(name: string, start: number): Promise<number> {
    return this.overlay.nextSequence(name, start);
  }
}
