import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ReadTxn,
  type Store,
  type StoreChange,
  StoreCorruptError,
  type StoreStats,
  StoreUnavailableError,
  type WriteTxn,
} from '../contract.ts';
import { runWrite, type WriteEngine } from '../txn/run-write.ts';
import type { Snapshot } from '../txn/store-view.ts';
import { ViewReadTxn } from '../txn/view-txn.ts';
import type { WriteChanges } from '../txn/write-changes.ts';
import { WriteQueue } from '../txn/write-queue.ts';
import { applyChanges } from './apply-changes.ts';
import { ChangeWatch } from './change-watch.ts';
import { openEnvironment } from './environment.ts';
import { LmdbSnapshot } from './lmdb-snapshot.ts';
import { FORMAT_VERSION } from './sequences.ts';
import { Tables } from './tables.ts';

export interface LmdbStoreConfig {
  readonly path: string;
  readonly mapSize?: number;
  /** Trades durability for speed: see `StoreConfig` in `open-store.ts`. */
  readonly noSync?: boolean;
}

/** Layout version of the environment; a different one is refused rather than misread. */
const FORMAT = 1;

/**
 * The embedded engine: one LMDB environment in one folder.
 *
 * Reads run on a read transaction held for the callback's lifetime: MVCC, they
 * never block and see one state across their awaits.
 *
 * Writes. A write callback awaits between its reads and writes, and
 * `linden serve --workers N` runs N processes on one environment. Holding
 * LMDB's write lock across those awaits would stall every other process on one
 * slow callback, so the callback runs optimistically instead: its writes go to
 * an overlay its reads see (`OverlayView`), and at the end one short LMDB
 * write transaction applies the overlay, provided the commit number is still
 * the one the callback's snapshot saw. If another process committed meanwhile,
 * nothing is written and the callback runs again on a fresh snapshot: writes
 * are serializable across processes, and within one process they queue, so
 * there they never conflict. The apply runs in an lmdb child transaction, which
 * lmdb aborts on a throw (a plain `transaction` would commit half of it). The
 * promise resolves once the commit is flushed to disk, unless `noSync` or
 * `deferFlushes` (then `flush` and `close` wait for the disk).
 */
export class LmdbStore implements Store, WriteEngine {
  readonly engine = 'lmdb';
  readonly #writer = randomUUID();
  readonly #queue = new WriteQueue();
  #tables: Tables | undefined;
  #watch: ChangeWatch | undefined;
  #closing = false;
  #deferFlushes = false;
  #reads = 0;
  #readsDone: (() => void) | undefined;

  constructor(private readonly config: LmdbStoreConfig) {}

  async open(): Promise<void> {
    if (this.#tables !== undefined) return;
    const options = {
      ...(this.config.mapSize === undefined ? {} : { mapSize: this.config.mapSize }),
      ...(this.config.noSync === undefined ? {} : { noSync: this.config.noSync }),
    };
    let dbs: ReturnType<typeof openEnvironment>;
    try {
      dbs = openEnvironment(this.config.path, options);
    } catch (error) {
      throw new StoreUnavailableError(`cannot open the LMDB environment in ${this.config.path}`, {
        cause: error,
      });
    }
    const tables = new Tables(dbs);
    const format = await dbs.root.childTransaction(() => {
      const found = tables.sequences.get(FORMAT_VERSION, {});
      if (found === undefined) tables.sequences.put(FORMAT_VERSION, FORMAT);
      return found ?? FORMAT;
    });
    if (format !== FORMAT) {
      await dbs.root.close();
      throw new StoreCorruptError(
        `${this.config.path} holds store format ${format}; this Linden reads ${FORMAT}`,
      );
    }
    this.#tables = tables;
    this.#watch = new ChangeWatch(dbs.root, tables, this.#writer);
    this.#closing = false;
  }

  async close(): Promise<void> {
    const tables = this.#tables;
    if (tables === undefined || this.#closing) return;
    this.#closing = true;
    await this.#queue.drained();
    await tables.dbs.root.flushed;
    if (this.#reads > 0) await new Promise<void>((resolve) => (this.#readsDone = resolve));
    this.#watch?.stop();
    this.#tables = undefined;
    await tables.dbs.root.close();
  }

  async read<T>(fn: (txn: ReadTxn) => Promise<T>): Promise<T> {
    const tables = this.tablesOrThrow();
    const snapshot = new LmdbSnapshot(tables, tables.dbs.root.useReadTransaction());
    if (this.#watch?.active) this.#watch.saw(snapshot.commitNumber());
    const txn = new ViewReadTxn(snapshot);
    this.#reads++;
    try {
      return await fn(txn);
    } finally {
      txn.finish();
      snapshot.release();
      if (--this.#reads === 0) this.#readsDone?.();
    }
  }

  async write<T>(fn: (txn: WriteTxn) => Promise<T>): Promise<T> {
    this.tablesOrThrow();
    return this.#queue.run(() => {
      this.tablesOrThrow();
      return runWrite(this, fn);
    });
  }

  beginSnapshot(): Snapshot {
    const tables = this.tablesOrThrow();
    // lmdb shares one read transaction per event turn; a write wants the
    // latest commit of every process, or it would only fail validation and rerun.
    tables.dbs.root.resetReadTxn();
    return new LmdbSnapshot(tables, tables.dbs.root.useReadTransaction());
  }

  async commit(snapshot: Snapshot, changes: WriteChanges): Promise<boolean> {
    const tables = this.tablesOrThrow();
    const expected = (snapshot as LmdbSnapshot).commitNumber();
    const { root } = tables.dbs;
    const committed = await root.childTransaction(() =>
      applyChanges(tables, changes, expected, this.#writer),
    );
    if (committed && !this.config.noSync && !this.#deferFlushes) await root.flushed;
    return committed;
  }

  deferFlushes(): void {
    this.#deferFlushes = true;
  }

  async flush(): Promise<void> {
    const tables = this.tablesOrThrow();
    await this.#queue.drained();
    await tables.dbs.root.flushed;
  }

  async stats(): Promise<StoreStats> {
    const entries = await this.read((txn) => txn.entryCount());
    const { size } = await stat(join(this.config.path, 'data.mdb'));
    return { engine: this.engine, entries, sizeBytes: size };
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    const watch = this.#watch;
    if (watch === undefined) throw new StoreUnavailableError('LMDB store is not open');
    return watch.add(listener);
  }

  private tablesOrThrow(): Tables {
    const tables = this.#tables;
    if (tables === undefined || this.#closing) throw new StoreUnavailableError('LMDB store is not open');
    return tables;
  }
}
