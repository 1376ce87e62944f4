import type { EntryId, KeyRange, RangeFirst, StoredEntry } from '../contract.ts';
import { keyInRange, pastRange, rangeStart } from '../key-order.ts';
import { ascending, dedupeSorted, upperBound } from '../txn/sorted-ids.ts';
import type { Snapshot } from '../txn/store-view.ts';
import { type MemoryState, postingKey } from './memory-state.ts';

/** The memory state as of one version. Arrays handed out are copies: callers may keep or change them. */
export class MemorySnapshot implements Snapshot {
  readonly at: number;
  #released = false;

  constructor(private readonly state: MemoryState) {
    this.at = state.pin();
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.state.unpin(this.at);
    // The oldest reader may have moved on; a write's own snapshot is released
    // only after its commit, so pruning at commit alone would keep every version.
    this.state.prune();
  }

  getEntry(id: EntryId): StoredEntry | undefined {
    const entry = this.state.entries.get(id, this.at);
    // A copy of the bytes, so a caller writing into them cannot change the store.
    return entry && { id: entry.id, parentId: entry.parentId, ndn: entry.ndn, data: entry.data.slice() };
  }

  findId(ndn: string): EntryId | undefined {
    return this.state.dn2id.get(ndn, this.at);
  }

  childIds(parentId: EntryId): EntryId[] {
    return this.state.children.get(parentId, this.at)?.slice() ?? [];
  }

  childCount(parentId: EntryId): number {
    return this.state.children.get(parentId, this.at)?.length ?? 0;
  }

  isChild(parentId: EntryId, id: EntryId): boolean {
    return this.state.entries.get(id, this.at)?.parentId === parentId;
  }

  indexLookup(index: string, key: string): EntryId[] {
    return this.state.postings.get(postingKey(index, key), this.at)?.slice() ?? [];
  }

  indexCount(index: string, key: string): number {
    return this.state.postings.get(postingKey(index, key), this.at)?.length ?? 0;
  }

  hasPosting(index: string, key: string, id: EntryId): boolean {
    const ids = this.state.postings.get(postingKey(index, key), this.at);
    if (ids === undefined) return false;
    return ids[upperBound(ids, id) - 1] === id;
  }

  indexRange(index: string, range: KeyRange): EntryId[] {
    const ids: EntryId[] = [];
    this.forEachPosting(index, range, (_key, id) => ids.push(id));
    return dedupeSorted(ids.sort(ascending));
  }

  indexRangeFirst(index: string, range: KeyRange, limit: number): RangeFirst {
    const ids: EntryId[] = [];
    const sorted = this.state.indexKeys.get(index);
    let complete = true;
    if (sorted !== undefined) {
      const { keys } = sorted;
      for (let i = sorted.lowerBound(rangeStart(range)); i < keys.length; i++) {
        const key = keys[i]!;
        if (pastRange(key, range)) break;
        if (!keyInRange(key, range)) continue;
        if (ids.length >= limit) {
          complete = false;
          break;
        }
        const found = this.state.postings.get(postingKey(index, key), this.at);
        if (found !== undefined) for (const id of found) ids.push(id);
      }
    }
    return { ids: dedupeSorted(ids.sort(ascending)), complete };
  }

  forEachPosting(index: string, range: KeyRange, visit: (key: string, id: EntryId) => void): void {
    const sorted = this.state.indexKeys.get(index);
    if (sorted === undefined) return;
    const { keys } = sorted;
    for (let i = sorted.lowerBound(rangeStart(range)); i < keys.length; i++) {
      const key = keys[i]!;
      if (pastRange(key, range)) break;
      if (!keyInRange(key, range)) continue;
      const ids = this.state.postings.get(postingKey(index, key), this.at);
      if (ids !== undefined) for (const id of ids) visit(key, id);
    }
  }

  scanIds(afterId: EntryId, limit: number): EntryId[] {
    const { ids, entries } = this.state;
    const out: EntryId[] = [];
    for (let i = upperBound(ids, afterId); i < ids.length && out.length < limit; i++) {
      const id = ids[i]!;
      if (entries.get(id, this.at) !== undefined) out.push(id);
    }
    return out;
  }

  entryCount(): number {
    return this.state.entryCounts.get('entries', this.at) ?? 0;
  }

  getMeta(key: string): Uint8Array | undefined {
    return this.state.meta.get(key, this.at)?.slice();
  }

  getSequence(name: string): number | undefined {
    return this.state.sequences.get(name, this.at);
  }
}
