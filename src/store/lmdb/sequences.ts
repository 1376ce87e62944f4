import type { Database } from 'lmdb';
import type { ReadOptions } from './read-options.ts';

/** Counters the engine keeps for itself beside the directory's named sequences (which never start with NUL). */
export const COMMIT_SEQUENCE = '\u0000commit';
export const ENTRY_COUNT = '\u0000entries';
export const FORMAT_VERSION = '\u0000format';

/** counter name → value */
export class Sequences {
  constructor(private readonly db: Database<number, string>) {}

  get(name: string, options: ReadOptions): number | undefined {
    return this.db.get(name, options);
  }

  put(name: string, value: number): void {
    this.db.putSync(name, value);
  }
}
