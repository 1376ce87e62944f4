import type { EntryId, StoreChange, StoredEntry } from '../contract.ts';

/**
 * What a write does to one posting list (an index key's ids, or a parent's
 * children): ids it puts in and ids it takes out, never both. Whether an id was
 * in the snapshot already is not looked up as the write goes: on LMDB that is a
 * cursor per call (several microseconds, measured), paid for every index key of
 * a bulk load. Only an exact count inside the write asks the snapshot.
 */
export class PostingDelta {
  /** Ids the write puts in; some may be in the snapshot already. */
  readonly added = new Set<EntryId>();
  #removed: Set<EntryId> | undefined;

  /** Ids the write takes out; some may not be in the snapshot. (Made on the first removal: most deltas only add.) */
  get removed(): ReadonlySet<EntryId> {
    return this.#removed ?? NONE;
  }

  add(id: EntryId): void {
    this.#removed?.delete(id);
    this.added.add(id);
  }

  remove(id: EntryId): void {
    this.added.delete(id);
    this.#removed ??= new Set();
    this.#removed.add(id);
  }

  /** How much this delta changes the list's length, given which ids the snapshot holds. */
  countChange(inSnapshot: (id: EntryId) => boolean): number {
    let change = 0;
    for (const id of this.added) if (!inSnapshot(id)) change++;
    for (const id of this.removed) if (inSnapshot(id)) change--;
    return change;
  }

  get isEmpty(): boolean {
    return this.added.size === 0 && this.removed.size === 0;
  }
}

const NONE: ReadonlySet<EntryId> = new Set();

/**
 * Everything one write transaction changes, relative to the snapshot it started
 * from. Engines apply it in one step at commit; until then nobody else sees it,
 * and a throw simply drops it. `null` marks a deletion.
 */
export class WriteChanges {
  readonly entries = new Map<EntryId, StoredEntry | null>();
  readonly dn2id = new Map<string, EntryId | null>();
  /** parent id → children delta */
  readonly children = new Map<EntryId, PostingDelta>();
  /** index → key → ids delta */
  readonly postings = new Map<string, Map<string, PostingDelta>>();
  readonly meta = new Map<string, Uint8Array | null>();
  readonly sequences = new Map<string, number>();
  /** Entries added minus entries deleted. */
  entryDelta = 0;

  get isEmpty(): boolean {
    return (
      this.entries.size === 0 &&
      this.dn2id.size === 0 &&
      this.children.size === 0 &&
      this.postings.size === 0 &&
      this.meta.size === 0 &&
      this.sequences.size === 0
    );
  }

  /** What other processes are told about this commit. */
  toStoreChange(): StoreChange {
    const ids = new Set<EntryId>(this.entries.keys());
    for (const keys of this.postings.values()) {
      for (const delta of keys.values()) {
        for (const id of delta.added) ids.add(id);
        for (const id of delta.removed) ids.add(id);
      }
    }
    return { ids: [...ids].sort((a, b) => a - b), metaKeys: [...this.meta.keys()] };
  }
}

/** Sequence names the store keeps for itself; a NUL never starts a caller's name. */
export const ID_SEQUENCE = '\u0000id';
