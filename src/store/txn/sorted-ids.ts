import type { EntryId } from '../contract.ts';

export function ascending(a: number, b: number): number {
  return a - b;
}

/**
 * `base` (ascending) without `removed`, plus `added`, ascending and without
 * duplicates. One linear merge: a commit to a large posting list (every
 * `person` under objectClass) costs a copy, not a sort.
 */
export function mergeIds(
  base: readonly EntryId[],
  added: ReadonlySet<EntryId>,
  removed: ReadonlySet<EntryId>,
): EntryId[] {
  if (added.size + removed.size <= SMALL_DELTA) return patchIds(base, added, removed);
  const extra = [...added].sort(ascending);
  // Skipping the lookup when nothing is removed halves the merge of a large list.
  const checkRemoved = removed.size > 0;
  const out: EntryId[] = [];
  let e = 0;
  for (const id of base) {
    while (e < extra.length && extra[e]! < id) out.push(extra[e++]!);
    if (extra[e] === id) e++; // in both: kept once, below
    if (checkRemoved && removed.has(id)) continue;
    out.push(id);
  }
  while (e < extra.length) out.push(extra[e++]!);
  return out;
}

/**
 * Deltas up to this size are patched into a copy rather than merged: `slice`
 * and `splice` move memory natively, where the merge loop costs ~30 ns per
 * element (measured: 1.6 ms for one id added to a 50,000-id list, against
 * tens of microseconds patched).
 */
const SMALL_DELTA = 32;

function patchIds(
  base: readonly EntryId[],
  added: ReadonlySet<EntryId>,
  removed: ReadonlySet<EntryId>,
): EntryId[] {
  const out = base.slice();
  for (const id of removed) {
    const at = upperBound(out, id) - 1;
    if (out[at] === id) out.splice(at, 1);
  }
  for (const id of added) {
    const at = upperBound(out, id);
    if (out[at - 1] !== id) out.splice(at, 0, id);
  }
  return out;
}

/** Removes neighbours that repeat, in place. */
export function dedupeSorted(ids: EntryId[]): EntryId[] {
  let w = 0;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (w === 0 || ids[w - 1] !== id) ids[w++] = id;
  }
  ids.length = w;
  return ids;
}

/** First index in `sorted` whose value is greater than `after`. */
export function upperBound(sorted: readonly number[], after: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
