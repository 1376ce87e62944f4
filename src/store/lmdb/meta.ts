import type { Database } from 'lmdb';
import { getBinary, type ReadOptions } from './read-options.ts';

/** meta key → bytes: the small named values the directory keeps beside the entries. */
export class Meta {
  constructor(private readonly db: Database<Buffer, string>) {}

  get(key: string, options: ReadOptions): Uint8Array | undefined {
    const value = getBinary(this.db, key, options);
    return value === undefined ? undefined : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }

  put(key: string, value: Uint8Array | null): void {
    if (value === null) this.db.removeSync(key);
    else this.db.putSync(key, Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
}
