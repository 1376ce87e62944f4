import type pg from 'pg';
import { StoreError } from '../contract.ts';
import { isConnectionLoss } from './pg-errors.ts';
import type { Statement, WriteDb } from './statement.ts';

/**
 * One pooled connection lent to one transaction. Every driver error leaves it
 * translated by `fail` (to StoreUnavailableError when the server is away); a
 * connection that failed that way is closed at release instead of going back
 * to the pool.
 */
export class Session implements WriteDb {
  #client: pg.PoolClient | undefined;
  #broken: Error | undefined;

  constructor(
    client: pg.PoolClient,
    private readonly fail: (error: unknown) => Error,
  ) {
    this.#client = client;
    // The pool listens for errors only on idle connections; one that breaks while
    // lent out (between two statements of a write) would otherwise end the process.
    client.on('error', this.#onError);
  }

  readonly #onError = (error: Error): void => {
    this.failed(error);
  };

  /** Throws once the transaction is over: a transaction object used after its callback must fail loudly. */
  check(): pg.PoolClient {
    const client = this.#client;
    if (client === undefined)
      throw new StoreError('transaction is finished: use it only inside its callback');
    return client;
  }

  async rows<R>(statement: Statement, values: readonly unknown[]): Promise<R[]> {
    return (await this.run(statement, values)).rows as R[];
  }

  async count(statement: Statement, values: readonly unknown[]): Promise<number> {
    return (await this.run(statement, values)).rowCount ?? 0;
  }

  /**
   * Work sent while the caller goes on (a bulk load's buffered inserts). `work`
   * must ask for its statements before its first await: they are then queued
   * on the connection at once, behind what was asked for before and ahead of
   * what is asked for after, and the server goes from one to the next without
   * waiting for this process. A failure is left to `work` to record.
   */
  background(work: () => Promise<void>): void {
    this.#background.add(work().catch(() => {}));
  }

  readonly #background = new Set<Promise<void>>();

  /** Until the background work sent so far is done. */
  async waitBackground(): Promise<void> {
    while (this.#background.size > 0) {
      const pending = [...this.#background];
      this.#background.clear();
      await Promise.all(pending);
    }
  }

  /** A simple-protocol query: several statements, no parameters, one round trip. */
  async exec(text: string): Promise<void> {
    const client = this.check();
    try {
      await this.send(() => client.query(text));
    } catch (error) {
      throw this.failed(error);
    }
  }

  /** A prepared statement: parsed once per connection, then only bound and executed. */
  private async run(statement: Statement, values: readonly unknown[]): Promise<pg.QueryResult> {
    const client = this.check();
    try {
      return await this.send(() =>
        client.query({ name: statement.name, text: statement.text, values: values as unknown[] }),
      );
    } catch (error) {
      throw this.failed(error);
    }
  }

  /** `COPY … FROM STDIN` of `data`; the rows copied. */
  async copyIn(copy: string, data: Buffer): Promise<number> {
    const client = this.check();
    try {
      return await this.send(() => {
        const query = new CopyIn(copy, data);
        client.query(query as unknown as pg.Submittable);
        return query.done;
      });
    } catch (error) {
      throw this.failed(error);
    }
  }

  /**
   * Statements go to the server in the order they were asked for, each as soon
   * as the one before is answered (from that answer's handling, without
   * waiting for the caller): node-postgres takes one query at a time.
   */
  private send<T>(query: () => Promise<T>): Promise<T> {
    const sent = this.#last.then(query, query);
    this.#last = sent.then(
      () => undefined,
      () => undefined,
    );
    return sent;
  }

  #last: Promise<void> = Promise.resolve();

  private failed(error: unknown): Error {
    const translated = this.fail(error);
    if (isConnectionLoss(error)) this.#broken = translated;
    return translated;
  }

  /** Gives the connection back (closed instead when it broke). */
  release(): void {
    this.detach()?.release(this.#broken);
  }

  /** Ends the transaction with `end` (COMMIT, ROLLBACK), waiting for the server's answer, then gives the connection back. */
  async finish(end: string): Promise<void> {
    try {
      await this.exec(end);
    } finally {
      this.detach()?.release(this.#broken);
    }
  }

  private detach(): pg.PoolClient | undefined {
    const client = this.#client;
    this.#client = undefined;
    client?.removeListener('error', this.#onError);
    return client;
  }
}

/**
 * `COPY … FROM STDIN` as one node-postgres query (a "submittable"): the
 * statement, then `data` in one CopyData message and CopyDone once the server
 * asks for it.
 */
class CopyIn {
  readonly done: Promise<number>;
  #resolve!: (rows: number) => void;
  #reject!: (error: Error) => void;
  #rows = 0;
  #settled = false;
  /** Set by node-postgres when it keeps a timer for the query; called at the end, it clears that timer. */
  callback: ((error: Error | null) => void) | undefined;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.#rows = Number(message.text.slice(message.text.lastIndexOf(' ') + 1)) || 0;
  }

  handleReadyForQuery(): void {
    this.settle(undefined);
  }

  /** node-postgres lets go of a query at its first error; what comes after is not told to it. */
  handleError(error: Error): void {
    this.settle(error);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  private settle(error: Error | undefined): void {
    if (this.#settled) return;
    this.#settled = true;
    const callback = this.callback;
    this.callback = undefined;
    callback?.(error ?? null);
    if (error === undefined) this.#resolve(this.#rows);
    else this.#reject(error);
  }
}
