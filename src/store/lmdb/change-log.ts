import type { Database } from 'lmdb';
import type { StoreChange } from '../contract.ts';
import type { ChangeRecord } from './environment.ts';
import type { ReadOptions } from './read-options.ts';

/**
 * commit number → what the commit changed and which store instance made it.
 * Other processes read it to tell their `onChange` listeners. Only the last
 * RETAINED commits are kept: a process further behind than that hears only
 * those (a cache that far behind should be dropped anyway).
 */
export const RETAINED = 10_000;

export class ChangeLog {
  constructor(private readonly db: Database<ChangeRecord, number>) {}

  record(commit: number, writer: string, change: StoreChange): void {
    this.db.putSync(commit, { w: writer, i: [...change.ids], m: [...change.metaKeys] });
    if (commit > RETAINED) this.db.removeSync(commit - RETAINED);
  }

  /** The changes of commits after `after` up to `upTo`, except those made by `writer`. */
  since(after: number, upTo: number, writer: string, options: ReadOptions): StoreChange[] {
    const changes: StoreChange[] = [];
    for (const { value } of this.db.getRange({
      start: after,
      exclusiveStart: true,
      end: upTo,
      inclusiveEnd: true,
      ...options,
    })) {
      if (value.w !== writer) changes.push({ ids: value.i, metaKeys: value.m });
    }
    return changes;
  }
}
