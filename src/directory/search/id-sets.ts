import type { EntryId } from '../../store/contract.ts';

/** Intersection of two ascending id lists; gallops through the longer one when sizes differ a lot. */
export function intersectSorted(a: readonly EntryId[], b: readonly EntryId[]): EntryId[] {
  if (a.length > b.length) [a, b] = [b, a];
  const out: EntryId[] = [];
  if (a.length === 0) return out;
  if (b.length > a.length * 16) {
    let lo = 0;
    for (const x of a) {
      let hi = b.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      if (lo < b.length && b[lo] === x) out.push(x);
    }
    return out;
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

export function unionSorted(a: readonly EntryId[], b: readonly EntryId[]): EntryId[] {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a.slice();
  const out: EntryId[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      out.push(x!);
      i++;
    } else if (x === undefined || y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out;
}
