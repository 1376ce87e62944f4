import {
  type EntryId,
  type IndexKey,
  type KeyRange,
  type RangeFirst,
  StoreConflictError,
  type StoredEntry,
} from '../contract.ts';
import { compareKeys, keyInRange } from '../key-order.ts';
import { getOrCreate } from './get-or-create.ts';
import { checkEntry, checkId, checkIndexKey } from './limits.ts';
import { ascending, dedupeSorted, mergeIds } from './sorted-ids.ts';
import type { StoreView } from './store-view.ts';
import { ID_SEQUENCE, PostingDelta, WriteChanges } from './write-changes.ts';

/**
 * A write transaction's view: its own buffered changes over the snapshot it
 * started from. Reads see the transaction's writes; nothing reaches the engine
 * until commit applies `changes` in one step, so a throw in the write callback
 * leaves no trace.
 */
export class OverlayView implements StoreView {
  readonly changes = new WriteChanges();

  constructor(private readonly base: StoreView) {}

  getEntry(id: EntryId): StoredEntry | undefined {
    const entry = this.changes.entries.get(id);
    return entry === undefined ? this.base.getEntry(id) : (entry ?? undefined);
  }

  findId(ndn: string): EntryId | undefined {
    const id = this.changes.dn2id.get(ndn);
    return id === undefined ? this.base.findId(ndn) : (id ?? undefined);
  }

  childIds(parentId: EntryId): EntryId[] {
    const delta = this.changes.children.get(parentId);
    const base = this.base.childIds(parentId);
    return delta === undefined ? base : mergeIds(base, delta.added, delta.removed);
  }

  childCount(parentId: EntryId): number {
    const delta = this.changes.children.get(parentId);
    const base = this.base.childCount(parentId);
    return delta === undefined ? base : base + delta.countChange((id) => this.base.isChild(parentId, id));
  }

  isChild(parentId: EntryId, id: EntryId): boolean {
    return this.getEntry(id)?.parentId === parentId;
  }

  indexLookup(index: string, key: string): EntryId[] {
    const delta = this.changes.postings.get(index)?.get(key);
    const base = this.base.indexLookup(index, key);
    return delta === undefined ? base : mergeIds(base, delta.added, delta.removed);
  }

  indexCount(index: string, key: string): number {
    const delta = this.changes.postings.get(index)?.get(key);
    const base = this.base.indexCount(index, key);
    return delta === undefined
      ? base
      : base + delta.countChange((id) => this.base.hasPosting(index, key, id));
  }

  hasPosting(index: string, key: string, id: EntryId): boolean {
    const delta = this.changes.postings.get(index)?.get(key);
    if (delta?.added.has(id)) return true;
    if (delta?.removed.has(id)) return false;
    return this.base.hasPosting(index, key, id);
  }

  indexRange(index: string, range: KeyRange): EntryId[] {
    const keys = this.changes.postings.get(index);
    if (keys === undefined) return this.base.indexRange(index, range);
    const ids: EntryId[] = [];
    this.forEachPosting(index, range, (_key, id) => ids.push(id));
    return dedupeSorted(ids.sort(ascending));
  }

  indexRangeFirst(index: string, range: KeyRange, limit: number): RangeFirst {
    // With this write's own changes to the index, the whole range (they are few next to a search's limit).
    if (!this.changes.postings.has(index)) return this.base.indexRangeFirst(index, range, limit);
    return { ids: this.indexRange(index, range), complete: true };
  }

  forEachPosting(index: string, range: KeyRange, visit: (key: string, id: EntryId) => void): void {
    const keys = this.changes.postings.get(index);
    if (keys === undefined) {
      this.base.forEachPosting(index, range, visit);
      return;
    }
    const pairs: [string, EntryId][] = [];
    this.base.forEachPosting(index, range, (key, id) => {
      const delta = keys.get(key);
      // An id this write (re)adds under the key is visited once, with the write's own postings.
      if (delta === undefined || (!delta.removed.has(id) && !delta.added.has(id))) pairs.push([key, id]);
    });
    for (const [key, delta] of keys) {
      if (delta.added.size > 0 && keyInRange(key, range)) for (const id of delta.added) pairs.push([key, id]);
    }
    pairs.sort((a, b) => compareKeys(a[0], b[0]) || a[1] - b[1]);
    for (const [key, id] of pairs) visit(key, id);
  }

  scanIds(afterId: EntryId, limit: number): EntryId[] {
    const { entries } = this.changes;
    // Ids this transaction wrote and kept; the snapshot's copies of them are skipped below.
    const mine: EntryId[] = [];
    for (const [id, entry] of entries) if (entry !== null && id > afterId) mine.push(id);
    mine.sort(ascending);
    const out: EntryId[] = [];
    let m = 0;
    let cursor = afterId;
    while (out.length < limit) {
      const page = this.base.scanIds(cursor, limit);
      for (const id of page) {
        while (m < mine.length && mine[m]! < id && out.length < limit) out.push(mine[m++]!);
        if (out.length >= limit) break;
        if (!entries.has(id)) out.push(id);
      }
      if (page.length < limit) break;
      cursor = page[page.length - 1]!;
    }
    while (m < mine.length && out.length < limit) out.push(mine[m++]!);
    return out;
  }

  entryCount(): number {
    return this.base.entryCount() + this.changes.entryDelta;
  }

  getMeta(key: string): Uint8Array | undefined {
    const value = this.changes.meta.get(key);
    return value === undefined ? this.base.getMeta(key) : (value ?? undefined);
  }

  getSequence(name: string): number | undefined {
    return this.changes.sequences.get(name) ?? this.base.getSequence(name);
  }

  // ---- writes ----

  allocateId(): EntryId {
    const id = (this.getSequence(ID_SEQUENCE) ?? 0) + 1;
    this.changes.sequences.set(ID_SEQUENCE, id);
    return id;
  }

  putEntry(entry: StoredEntry): void {
    checkEntry(entry);
    const { id, parentId, ndn } = entry;
    const holder = this.findId(ndn);
    if (holder !== undefined && holder !== id) {
      throw new StoreConflictError(`another entry (id ${holder}) already holds this DN`);
    }
    const old = this.getEntry(id);
    if (old === undefined) {
      this.changes.entryDelta++;
      // An id chosen by the caller must never be handed out again by allocateId.
      if (id > (this.getSequence(ID_SEQUENCE) ?? 0)) this.changes.sequences.set(ID_SEQUENCE, id);
    } else {
      if (old.ndn !== ndn) this.changes.dn2id.set(old.ndn, null);
      if (old.parentId !== parentId) this.removeChild(old.parentId, id);
    }
    if (old?.ndn !== ndn) this.changes.dn2id.set(ndn, id);
    if (old?.parentId !== parentId) this.addChild(parentId, id);
    // A private copy: the caller may reuse its buffer after the call.
    this.changes.entries.set(id, { id, parentId, ndn, data: new Uint8Array(entry.data) });
  }

  deleteEntry(id: EntryId): void {
    checkId(id);
    const old = this.getEntry(id);
    if (old === undefined) return;
    this.changes.entryDelta--;
    this.changes.dn2id.set(old.ndn, null);
    this.removeChild(old.parentId, id);
    this.changes.entries.set(id, null);
  }

  addPosting(index: string, key: string, id: EntryId): void {
    checkIndexKey(index, key);
    checkId(id);
    this.postingDelta(index, key).add(id);
  }

  /** `addPosting` for many keys of one entry (an add's whole index postings), each index's map found once per run of its keys. */
  addPostings(id: EntryId, keys: readonly IndexKey[]): void {
    checkId(id);
    let lastIndex: string | undefined;
    let byKey: Map<string, PostingDelta> | undefined;
    for (const { index, key } of keys) {
      checkIndexKey(index, key);
      if (index !== lastIndex || byKey === undefined) {
        byKey = this.changes.postings.get(index);
        if (byKey === undefined) {
          byKey = new Map();
          this.changes.postings.set(index, byKey);
        }
        lastIndex = index;
      }
      let delta = byKey.get(key);
      if (delta === undefined) {
        delta = new PostingDelta();
        byKey.set(key, delta);
      }
      delta.add(id);
    }
  }

  removePosting(index: string, key: string, id: EntryId): void {
    checkIndexKey(index, key);
    this.postingDelta(index, key).remove(id);
  }

  putMeta(key: string, value: Uint8Array | undefined): void {
    this.changes.meta.set(key, value === undefined ? null : new Uint8Array(value));
  }

  nextSequence(name: string, start: number): number {
    if (name.startsWith('\u0000')) throw new RangeError('sequence names starting with NUL are reserved');
    const current = this.getSequence(name);
    const next = current === undefined ? start : current + 1;
    this.changes.sequences.set(name, next);
    return next;
  }

  private addChild(parentId: EntryId, id: EntryId): void {
    this.childDelta(parentId).add(id);
  }

  private removeChild(parentId: EntryId, id: EntryId): void {
    this.childDelta(parentId).remove(id);
  }

  private childDelta(parentId: EntryId): PostingDelta {
    return getOrCreate(this.changes.children, parentId, () => new PostingDelta());
  }

  private postingDelta(index: string, key: string): PostingDelta {
    const keys = getOrCreate(this.changes.postings, index, () => new Map<string, PostingDelta>());
    return getOrCreate(keys, key, () => new PostingDelta());
  }
}
