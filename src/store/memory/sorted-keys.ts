import { compareKeys } from '../key-order.ts';

/** A sorted array of strings in code-point order, for range walks over one index's keys. */
export class SortedKeys {
  readonly keys: string[] = [];

  /** Position of the first key not less than `key`. */
  lowerBound(key: string): number {
    const { keys } = this;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(key: string): void {
    const at = this.lowerBound(key);
    if (this.keys[at] !== key) this.keys.splice(at, 0, key);
  }

  delete(key: string): void {
    const at = this.lowerBound(key);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }
}
