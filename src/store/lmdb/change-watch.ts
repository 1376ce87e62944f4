import type { RootDatabase } from 'lmdb';
import type { StoreChange } from '../contract.ts';
import { COMMIT_SEQUENCE } from './sequences.ts';
import type { Tables } from './tables.ts';

/** How often an idle process looks for other processes' commits while someone listens. */
const POLL_MS = 250;

/**
 * Tells `onChange` listeners of commits made by other processes (or other
 * store instances) on the same environment. Every commit bumps a commit number
 * and logs what it changed (`change-log.ts`); a process notices a higher number
 * when a read starts (one extra get, only while someone listens) or at the
 * latest on a timer, then reads the log entries it has not seen, skipping its
 * own. No sockets, no files beyond the environment.
 */
export class ChangeWatch {
  readonly #listeners = new Set<(change: StoreChange) => void>();
  #seen = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: RootDatabase,
    private readonly tables: Tables,
    private readonly writer: string,
  ) {}

  get active(): boolean {
    return this.#listeners.size > 0;
  }

  add(listener: (change: StoreChange) => void): () => void {
    if (this.#listeners.size === 0) {
      this.#seen = this.latestCommit(); // a new listener hears only what comes after it
      this.#timer = setInterval(() => this.saw(this.latestCommit()), POLL_MS);
      this.#timer.unref();
    }
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  /** A read found commit number `commit`; news are announced outside the reader's call stack. */
  saw(commit: number): void {
    if (commit <= this.#seen) return;
    const after = this.#seen;
    this.#seen = commit;
    queueMicrotask(() => this.announce(after, commit));
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  private latestCommit(): number {
    this.root.resetReadTxn(); // the timer must not look at this turn's possibly older snapshot
    return this.tables.sequences.get(COMMIT_SEQUENCE, {}) ?? 0;
  }

  private announce(after: number, upTo: number): void {
    const txn = this.root.useReadTransaction();
    let changes: StoreChange[];
    try {
      changes = this.tables.changeLog.since(after, upTo, this.writer, { transaction: txn });
    } finally {
      txn.done();
    }
    for (const change of changes) for (const listener of this.#listeners) listener(change);
  }
}
