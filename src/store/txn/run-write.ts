import { StoreError, type WriteTxn } from '../contract.ts';
import { OverlayView } from './overlay-view.ts';
import type { Snapshot } from './store-view.ts';
import { ViewWriteTxn } from './view-txn.ts';
import type { WriteChanges } from './write-changes.ts';

/** What an engine provides for `runWrite`. */
export interface WriteEngine {
  /** A snapshot of the latest committed state. */
  beginSnapshot(): Snapshot;
  /**
   * Make `changes` (computed on top of `snapshot`) durable and visible, in one
   * atomic step. Resolves false, writing nothing, if the store moved past
   * `snapshot` meanwhile (another process committed): the callback must run again.
   */
  commit(snapshot: Snapshot, changes: WriteChanges): Promise<boolean>;
}

/** Optimistic retries before giving up; only other processes' commits cause them. */
const MAX_ATTEMPTS = 100;

/**
 * One write transaction: run `fn` against an overlay on a fresh snapshot, then
 * commit the overlay. The caller serializes calls within the process.
 *
 * When another process commits while `fn` runs, the overlay was computed from a
 * stale state and `fn` runs again on a new snapshot. So `fn` may run more than
 * once: it must keep its effects inside the transaction.
 */
export async function runWrite<T>(engine: WriteEngine, fn: (txn: WriteTxn) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = engine.beginSnapshot();
    let result: T;
    let committed: boolean;
    try {
      const overlay = new OverlayView(snapshot);
      const txn = new ViewWriteTxn(overlay);
      try {
        result = await fn(txn);
      } finally {
        txn.finish();
      }
      committed = overlay.changes.isEmpty || (await engine.commit(snapshot, overlay.changes));
    } finally {
      snapshot.release();
    }
    if (committed) return result;
    if (attempt >= MAX_ATTEMPTS) {
      throw new StoreError(`write gave up after ${attempt} attempts: other processes kept committing first`);
    }
  }
}
