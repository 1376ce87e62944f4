import type { EntryId, StoreChange, StoredEntry } from '../contract.ts';
import { getOrCreate } from '../txn/get-or-create.ts';
import { mergeIds, upperBound } from '../txn/sorted-ids.ts';
import type { WriteChanges } from '../txn/write-changes.ts';
import { SortedKeys } from './sorted-keys.ts';
import { VersionedMap } from './versioned-map.ts';

/** Composite key of one index posting list. NUL cannot occur in an index name. */
export function postingKey(index: string, key: string): string {
  return `${index}\u0000${key}`;
}

/**
 * The whole content of a memory store, every version a reader still needs.
 * Outlives a `MemoryStore`: closing a store and opening another on the same
 * state is how tests "reopen" memory, and stores sharing one state behave like
 * processes sharing one LMDB environment (they hear of each other's commits).
 */
export class MemoryState {
  /** The last committed version; a snapshot pins one. */
  version = 0;
  /** Open snapshots per version, to know which old versions can go. */
  readonly readers = new Map<number, number>();

  readonly entries = new VersionedMap<EntryId, StoredEntry>();
  /** Every id with a version in `entries`, ascending, for scans. */
  readonly ids: EntryId[] = [];
  readonly dn2id = new VersionedMap<string, EntryId>();
  readonly children = new VersionedMap<EntryId, readonly EntryId[]>();
  readonly postings = new VersionedMap<string, readonly EntryId[]>();
  /** index → its keys with a version in `postings`. */
  readonly indexKeys = new Map<string, SortedKeys>();
  readonly meta = new VersionedMap<string, Uint8Array>();
  readonly sequences = new VersionedMap<string, number>();
  readonly entryCounts = new VersionedMap<'entries', number>();

  /** Keys whose old versions may be pruned once readers move on; each returns true when done. */
  #pending: (() => boolean)[] = [];
  #prunedUpTo = -1;
  readonly #stores = new Set<(change: StoreChange) => void>();

  pin(): number {
    const at = this.version;
    this.readers.set(at, (this.readers.get(at) ?? 0) + 1);
    return at;
  }

  unpin(at: number): void {
    const left = (this.readers.get(at) ?? 1) - 1;
    if (left > 0) this.readers.set(at, left);
    else this.readers.delete(at);
  }

  /** Registers a store on this state; `notify` hears the commits of the others. */
  attach(notify: (change: StoreChange) => void): () => void {
    this.#stores.add(notify);
    return () => this.#stores.delete(notify);
  }

  /** Applies one transaction's changes as the next version. */
  apply(changes: WriteChanges, from: (change: StoreChange) => void): void {
    const before = this.version;
    const at = before + 1;
    for (const [id, entry] of changes.entries) {
      if (!this.entries.has(id)) this.addId(id);
      this.entries.set(id, entry ?? undefined, at);
      this.#pending.push(() => this.settle(this.entries.prune(id, this.oldest()), () => this.removeId(id)));
    }
    for (const [ndn, id] of changes.dn2id) this.setPruned(this.dn2id, ndn, id ?? undefined, at);
    for (const [parentId, delta] of changes.children) {
      const ids = mergeIds(this.children.get(parentId, before) ?? [], delta.added, delta.removed);
      this.setPruned(this.children, parentId, ids.length > 0 ? ids : undefined, at);
    }
    for (const [index, keys] of changes.postings) {
      const indexKeys = getOrCreate(this.indexKeys, index, () => new SortedKeys());
      for (const [key, delta] of keys) {
        const pk = postingKey(index, key);
        const ids = mergeIds(this.postings.get(pk, before) ?? [], delta.added, delta.removed);
        if (!this.postings.has(pk)) indexKeys.add(key);
        this.postings.set(pk, ids.length > 0 ? ids : undefined, at);
        this.#pending.push(() =>
          this.settle(this.postings.prune(pk, this.oldest()), () => indexKeys.delete(key)),
        );
      }
    }
    for (const [key, value] of changes.meta) this.setPruned(this.meta, key, value ?? undefined, at);
    for (const [name, value] of changes.sequences) this.setPruned(this.sequences, name, value, at);
    if (changes.entryDelta !== 0) {
      const count = (this.entryCounts.get('entries', before) ?? 0) + changes.entryDelta;
      this.setPruned(this.entryCounts, 'entries', count, at);
    }
    this.version = at;
    this.prune();
    const change = changes.toStoreChange();
    for (const notify of this.#stores) if (notify !== from) notify(change);
  }

  /** Drops versions no open snapshot can see; runs when the oldest reader has moved. */
  prune(): void {
    const oldest = this.oldest();
    if (oldest === this.#prunedUpTo) return;
    this.#prunedUpTo = oldest;
    this.#pending = this.#pending.filter((done) => !done());
  }

  oldest(): number {
    let oldest = this.version;
    for (const at of this.readers.keys()) if (at < oldest) oldest = at;
    return oldest;
  }

  private setPruned<K, V>(map: VersionedMap<K, V>, key: K, value: V | undefined, at: number): void {
    map.set(key, value, at);
    this.#pending.push(() => map.prune(key, this.oldest()) !== 'history');
  }

  private settle(outcome: 'gone' | 'settled' | 'history', onGone: () => void): boolean {
    if (outcome === 'gone') onGone();
    return outcome !== 'history';
  }

  private addId(id: EntryId): void {
    const { ids } = this;
    if (ids.length === 0 || ids[ids.length - 1]! < id) ids.push(id);
    else ids.splice(upperBound(ids, id), 0, id);
  }

  private removeId(id: EntryId): void {
    const at = upperBound(this.ids, id) - 1;
    if (this.ids[at] === id) this.ids.splice(at, 1);
  }
}
