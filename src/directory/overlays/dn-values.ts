import type { Directory } from '../directory.ts';

/** Normalize a DN-valued attribute value; undefined when it is not a valid DN. */
export function normalizeDnValue(dir: Directory, value: Buffer): string | undefined {
  try {
    return dir.dn.normalize(value.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The set of normalized DNs held in an attribute. */
export function dnSet(dir: Directory, values: readonly Buffer[] | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const v of values ?? []) {
    const n = normalizeDnValue(dir, v);
    if (n !== undefined) out.set(n, v);
  }
  return out;
}
