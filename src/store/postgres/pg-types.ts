import pg from 'pg';

const INT8 = 20;
const INT8_ARRAY = 1016;

/**
 * Ids are bigint columns, which node-postgres hands back as strings (an int8
 * may exceed 2^53). Linden's ids are safe integers by contract, so they are
 * parsed straight to numbers, and id arrays (`array_agg`, one text value per
 * lookup instead of one row object per id) with a plain scan.
 */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === INT8) return Number;
    if (oid === INT8_ARRAY) return parseIdArray;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

/** `{1,2,3}` → [1, 2, 3]. */
export function parseIdArray(text: string): number[] {
  const ids: number[] = [];
  let n = 0;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n = n * 10 + (c - 48);
    else {
      if (i > 1) ids.push(n); // ',' or the closing '}'; "{}" pushes nothing
      n = 0;
    }
  }
  return ids;
}
