import {
  type ReadTxn,
  type Store,
  type StoreChange,
  type StoreStats,
  StoreUnavailableError,
  type WriteTxn,
} from '../contract.ts';
import { runWrite, type WriteEngine } from '../txn/run-write.ts';
import type { Snapshot } from '../txn/store-view.ts';
import { ViewReadTxn } from '../txn/view-txn.ts';
import type { WriteChanges } from '../txn/write-changes.ts';
import { WriteQueue } from '../txn/write-queue.ts';
import { MemorySnapshot } from './memory-snapshot.ts';
import { MemoryState } from './memory-state.ts';

/**
 * The in-memory engine: the whole contract, with snapshots (multi-version maps),
 * serialized writes and rollback, for fast unit tests. Nothing survives the
 * process; stores built on one `MemoryState` share data as processes share an
 * LMDB environment.
 *
 * Sized for test data: a commit copies each id list it touches (a parent's
 * children, an index key's ids), so a write costs time in proportion to the
 * largest list it changes (measured ~1 ms per 50,000 ids on a loaded 2-core
 * machine). Use LMDB for large data.
 */
export class MemoryStore implements Store, WriteEngine {
  readonly engine = 'memory';
  readonly state: MemoryState;
  readonly #queue = new WriteQueue();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #notify = (change: StoreChange): void => {
    // Outside the committing call stack, as another process would hear of it.
    queueMicrotask(() => {
      for (const listener of this.#listeners) listener(change);
    });
  };
  #detach: (() => void) | undefined;

  constructor(state: MemoryState = new MemoryState()) {
    this.state = state;
  }

  async open(): Promise<void> {
    this.#detach ??= this.state.attach(this.#notify);
  }

  async close(): Promise<void> {
    const detach = this.#detach;
    if (detach === undefined) return;
    this.#detach = undefined;
    await this.#queue.drained();
    detach();
  }

  async read<T>(fn: (txn: ReadTxn) => Promise<T>): Promise<T> {
    this.checkOpen();
    const snapshot = new MemorySnapshot(this.state);
    const txn = new ViewReadTxn(snapshot);
    try {
      return await fn(txn);
    } finally {
      txn.finish();
      snapshot.release();
    }
  }

  async write<T>(fn: (txn: WriteTxn) => Promise<T>): Promise<T> {
    this.checkOpen();
    return this.#queue.run(() => {
      this.checkOpen();
      return runWrite(this, fn);
    });
  }

  beginSnapshot(): Snapshot {
    return new MemorySnapshot(this.state);
  }

  async commit(snapshot: Snapshot, changes: WriteChanges): Promise<boolean> {
    // Another store on the same state may have committed since the snapshot.
    if ((snapshot as MemorySnapshot).at !== this.state.version) return false;
    this.state.apply(changes, this.#notify);
    return true;
  }

  async stats(): Promise<StoreStats> {
    this.checkOpen();
    let sizeBytes = 0;
    for (const [, entry] of this.state.entries.latest())
      sizeBytes += entry.data.byteLength + entry.ndn.length * 2;
    return {
      engine: this.engine,
      entries: this.state.entryCounts.get('entries', this.state.version) ?? 0,
      sizeBytes,
    };
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  private checkOpen(): void {
    if (this.#detach === undefined) throw new StoreUnavailableError('memory store is not open');
  }
}
