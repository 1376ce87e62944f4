import { createHash } from 'node:crypto';
import type { Database } from 'lmdb';
import type { EntryId } from '../contract.ts';
import type { ReadOptions } from './read-options.ts';

/**
 * LMDB keys stop at 1,978 bytes (lmdb-js's build); a DN may be longer. Such a
 * DN, and any DN starting with NUL, is keyed by NUL + its SHA-256 instead, so
 * the two key forms never meet and every DN has exactly one key.
 */
const MAX_PLAIN_KEY_BYTES = 1900;

export function dnKey(ndn: string): string {
  const plain =
    ndn.charCodeAt(0) !== 0 &&
    (ndn.length * 3 <= MAX_PLAIN_KEY_BYTES || Buffer.byteLength(ndn) <= MAX_PLAIN_KEY_BYTES);
  return plain ? ndn : `\u0000${createHash('sha256').update(ndn).digest('base64')}`;
}

/** normalized DN → id */
export class Dn2Id {
  constructor(private readonly db: Database<number, string>) {}

  get(ndn: string, options: ReadOptions): EntryId | undefined {
    return this.db.get(dnKey(ndn), options);
  }

  put(ndn: string, id: EntryId): void {
    this.db.putSync(dnKey(ndn), id);
  }

  remove(ndn: string): void {
    this.db.removeSync(dnKey(ndn));
  }
}
