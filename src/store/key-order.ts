import type { KeyRange } from './contract.ts';

/**
 * Index keys compare as UTF-8 bytes (the contract's `KeyRange`), which is
 * code-point order. JavaScript's `<` compares UTF-16 code units instead; the two
 * differ only when a surrogate (U+D800–U+DFFF, half of a character above
 * U+FFFF) meets a character in U+E000–U+FFFF. Shifting those two blocks past
 * each other at the first differing unit gives code-point order without
 * encoding either string.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointWeight(x) - codePointWeight(y);
  }
  return a.length - b.length;
}

function codePointWeight(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit <= 0xdfff) return unit + 0x2000;
  return unit - 0x800;
}

export function keyInRange(key: string, range: KeyRange): boolean {
  if (range.prefix !== undefined && !key.startsWith(range.prefix)) return false;
  if (range.gte !== undefined && compareKeys(key, range.gte) < 0) return false;
  if (range.lte !== undefined && compareKeys(key, range.lte) > 0) return false;
  return true;
}

/** The smallest key a range can hold: where a sorted walk starts. */
export function rangeStart(range: KeyRange): string {
  const { prefix, gte } = range;
  if (prefix === undefined) return gte ?? '';
  if (gte === undefined) return prefix;
  return compareKeys(prefix, gte) >= 0 ? prefix : gte;
}

/** True once a sorted walk has passed every key the range can hold. */
export function pastRange(key: string, range: KeyRange): boolean {
  if (range.lte !== undefined && compareKeys(key, range.lte) > 0) return true;
  if (range.prefix !== undefined && !key.startsWith(range.prefix)) {
    return compareKeys(key, range.prefix) > 0;
  }
  return false;
}
