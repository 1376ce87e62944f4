import assert from 'node:assert';
import type { EntryId, StoredEntry } from '../contract.ts';

/** The contract's bound on an index key; engines size their composite keys from it. */
export const MAX_INDEX_KEY_BYTES = 500;
/** Index names are chosen by the directory (`uid#eq`); a bound keeps composite keys within LMDB's limit. */
export const MAX_INDEX_NAME_BYTES = 200;

export function checkId(id: EntryId, what = 'id'): void {
  // The message only on failure: this runs for every posting of a bulk load.
  if (!(Number.isSafeInteger(id) && id > 0)) assert.fail(`${what} must be a positive integer, got ${id}`);
}

export function checkEntry(entry: StoredEntry): void {
  checkId(entry.id);
  if (!(Number.isSafeInteger(entry.parentId) && entry.parentId >= 0))
    assert.fail(`bad parentId ${entry.parentId}`);
  assert(entry.parentId !== entry.id, 'an entry cannot be its own parent');
  assert(typeof entry.ndn === 'string', 'ndn must be a string');
  assert(entry.data instanceof Uint8Array, 'data must be a Uint8Array');
}

export function checkIndexKey(index: string, key: string): void {
  assert(typeof index === 'string' && index.length > 0, 'index name must be a non-empty string');
  assert(!index.includes('\u0000'), 'index name must not contain NUL');
  assert(typeof key === 'string', 'index key must be a string');
  // Length in UTF-16 units bounds UTF-8 bytes at 3×, so most keys skip the byte count.
  if (key.length * 3 > MAX_INDEX_KEY_BYTES) {
    assert(
      Buffer.byteLength(key) <= MAX_INDEX_KEY_BYTES,
      `index key longer than ${MAX_INDEX_KEY_BYTES} bytes`,
    );
  }
  if (index.length * 3 > MAX_INDEX_NAME_BYTES) {
    assert(
      Buffer.byteLength(index) <= MAX_INDEX_NAME_BYTES,
      `index name longer than ${MAX_INDEX_NAME_BYTES} bytes`,
    );
  }
}
