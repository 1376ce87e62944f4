import type { Database } from 'lmdb';
import type { EntryId, KeyRange, RangeFirst } from '../contract.ts';
import { rangeStart } from '../key-order.ts';
import { ascending, dedupeSorted } from '../txn/sorted-ids.ts';
import type { ReadOptions } from './read-options.ts';

/*
 * Index postings: `(index, key) → ids` in one dupsort database whose keys are
 * the UTF-8 bytes `index NUL key`. Index names hold no NUL, so an index's keys
 * are exactly those between `index NUL` and `index 0x01`, in key order; ids are
 * dupsort values in ordered-binary, so each key's ids come back ascending.
 * Index names are at most 200 bytes and keys 500, so a composite key stays far
 * below LMDB's 1,978-byte limit.
 */
const NUL = Buffer.from([0]);
const FF = Buffer.from([0xff]);

export function postingKey(index: string, key: string): Buffer {
  return Buffer.from(`${index}\u0000${key}`);
}

/**
 * The byte bounds `[start, end)` of a range. A prefix ends before `prefix 0xFF`
 * (0xFF never occurs in UTF-8), and `lte` before `lte NUL`, its successor.
 */
export function rangeBounds(index: string, range: KeyRange): { start: Buffer; end: Buffer } | undefined {
  const start = postingKey(index, rangeStart(range));
  let end: Buffer = Buffer.from(`${index}\u0001`);
  if (range.prefix !== undefined) end = lesser(end, Buffer.concat([postingKey(index, range.prefix), FF]));
  if (range.lte !== undefined) end = lesser(end, Buffer.concat([postingKey(index, range.lte), NUL]));
  return Buffer.compare(start, end) < 0 ? { start, end } : undefined;
}

function lesser(a: Buffer, b: Buffer): Buffer {
  return Buffer.compare(a, b) <= 0 ? a : b;
}

export class IndexKeys {
  constructor(private readonly db: Database<number, Buffer>) {}

  lookup(index: string, key: string, options: ReadOptions): EntryId[] {
    const ids: EntryId[] = [];
    for (const id of this.db.getValues(postingKey(index, key), options)) ids.push(id);
    return ids;
  }

  count(index: string, key: string, options: ReadOptions): number {
    // lmdb writes its own fields into the options of a count; it gets a copy.
    return this.db.getValuesCount(postingKey(index, key), { ...options });
  }

  has(index: string, key: string, id: EntryId, options: ReadOptions): boolean {
    return this.db.doesExist(postingKey(index, key), id, options);
  }

  range(index: string, range: KeyRange, options: ReadOptions): EntryId[] {
    const bounds = rangeBounds(index, range);
    if (bounds === undefined) return [];
    const ids: EntryId[] = [];
    let sorted = true;
    for (const { value } of this.db.getRange({ ...bounds, ...options })) {
      // One key's ids come ascending; only a second key can break the order.
      if (sorted && ids.length > 0 && ids[ids.length - 1]! >= value) sorted = false;
      ids.push(value);
    }
    return sorted ? ids : dedupeSorted(ids.sort(ascending));
  }

  /** The first `limit` postings of the range in key order (lmdb stops its cursor there). */
  rangeFirst(index: string, range: KeyRange, limit: number, options: ReadOptions): RangeFirst {
    const bounds = rangeBounds(index, range);
    if (bounds === undefined) return { ids: [], complete: true };
    const ids: EntryId[] = [];
    // One posting past the limit tells whether anything was left unread.
    for (const { value } of this.db.getRange({ ...bounds, ...options, limit: limit + 1 })) ids.push(value);
    const complete = ids.length <= limit;
    if (!complete) ids.pop();
    return { ids: dedupeSorted(ids.sort(ascending)), complete };
  }

  forEach(
    index: string,
    range: KeyRange,
    options: ReadOptions,
    visit: (key: string, id: EntryId) => void,
  ): void {
    const bounds = rangeBounds(index, range);
    if (bounds === undefined) return;
    const keyStart = Buffer.byteLength(index) + 1;
    for (const { key, value } of this.db.getRange({ ...bounds, ...options })) {
      visit(key.toString('utf8', keyStart), value);
    }
  }

  add(index: string, key: string, id: EntryId): void {
    this.db.putSync(postingKey(index, key), id);
  }

  remove(index: string, key: string, id: EntryId): void {
    this.db.removeSync(postingKey(index, key), id);
  }

  /** One key's changes: its bytes are built once for all its ids. */
  apply(index: string, key: string, removed: Iterable<EntryId>, added: Iterable<EntryId>): void {
    const k = postingKey(index, key);
    for (const id of removed) this.db.removeSync(k, id);
    for (const id of added) this.db.putSync(k, id);
  }
}
