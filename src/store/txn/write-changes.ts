import type { EntryId, StoreChange, StoredEntry } from '../contract.ts';

/** Ids gained and lost by one posting list (an index key's ids, or a parent's children) within a write. */
export class PostingDelta {
  /** Ids not in the snapshot that the write adds. */
  readonly added = new Set<EntryId>();
  /** Ids in the snapshot that the write removes. */
  readonly removed = new Set<EntryId>();

  get isEmpty(): boolean {
    return this.added.size === 0 && this.removed.size === 0;
  }
}

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
