import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two digests in time that depends only on their length. Lengths are
 * not secret (a scheme fixes its digest size), so a length mismatch may return
 * early; equal lengths go through `timingSafeEqual`, which never short-circuits.
 */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
