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
  if (added.size === 0) return removed.size === 0 ? base.slice() : base.filter((id) => !removed.has(id));
  const extra = [...added].sort(ascending);
  const out: EntryId[] = [];
  let e = 0;
  for (const id of base) {
    while (e < extra.length && extra[e]! < id) out.push(extra[e++]!);
    if (extra[e] === id) e++; // in both: kept once, below
    if (!removed.has(id)) out.push(id);
  }
  while (e < extra.length) out.push(extra[e++]!);
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
