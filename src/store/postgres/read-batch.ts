import type pg from 'pg';
import { StoreError, StoreUnavailableError } from '../contract.ts';
import { PG_TYPES } from './pg-types.ts';
import type { Db, Statement } from './statement.ts';

/**
 * Reads share round trips. Every read whose first statement is asked for in
 * the same turn of the event loop joins one batch; the batch takes one pooled
 * connection and sends all those statements in one message, through the
 * extended protocol (statements prepared once per connection, parameters
 * bound in binary), ended by Flush rather than Sync. They all run in one
 * implicit REPEATABLE READ transaction (the pool's connections default to it),
 * so each read has one snapshot for all its calls: the further statements a
 * read asks for go to the same connection, gathered the same way, and the
 * batch sends Sync, ending the transaction, once its last read is done.
 *
 * Sharing a snapshot this way keeps every guarantee of a snapshot per read:
 * the snapshot is taken when the server runs the batch's first statement,
 * after every read in the batch began, so each read sees every write
 * acknowledged before it started. What it saves is per-message work, which is
 * most of the cost of a small read: the kernel's and both processes' work for
 * one socket write and wake-up, the server's work for one command, shared by
 * the batch's reads.
 *
 * A statement error ends the whole batch (the server would skip everything up
 * to Sync): every read in it fails with that error, and the connection is
 * closed rather than reused.
 */
export class ReadBatches {
  #forming: Batch | undefined;

  constructor(
    /** A pooled connection, or a translated error. */
    readonly acquire: () => Promise<pg.PoolClient>,
    /** Translates a driver error (and notes a lost connection). */
    readonly fail: (error: unknown) => Error,
    /** How long the server may take to answer a message before the connection is given up. */
    readonly answerMs: number,
  ) {}

  /** The statements of one read: it joins a batch at its first statement. */
  reader(): BatchReader {
    return new BatchReader(this);
  }

  /** The batch a read's first statement joins: the one not sent yet, or a new one. */
  forming(): Batch {
    let batch = this.#forming;
    if (batch === undefined) {
      const fresh = new Batch(this);
      this.#forming = fresh;
      setImmediate(() => void this.start(fresh));
      batch = fresh;
    }
    return batch;
  }

  private async start(batch: Batch): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.acquire();
    } catch (error) {
      if (this.#forming === batch) this.#forming = undefined;
      batch.abandon(error);
      return;
    }
    // Reads that began while the connection was coming join too: their snapshot is taken after they began.
    if (this.#forming === batch) this.#forming = undefined;
    batch.send(client);
  }
}

/** The statements of one read, in the batch it joined; a `Db` for the mapping modules. */
export class BatchReader implements Db {
  #batch: Batch | undefined;
  #finished = false;

  constructor(private readonly batches: ReadBatches) {}

  /** Throws once the read is over: a transaction object used after its callback must fail loudly. */
  check(): void {
    if (this.#finished) throw new StoreError('transaction is finished: use it only inside its callback');
  }

  async rows<R>(statement: Statement, values: readonly unknown[]): Promise<R[]> {
    return (await this.run(statement, values)).rows as R[];
  }

  async count(statement: Statement, values: readonly unknown[]): Promise<number> {
    return (await this.run(statement, values)).rowCount;
  }

  private run(statement: Statement, values: readonly unknown[]): Promise<Answer> {
    this.check();
    let batch = this.#batch;
    if (batch === undefined) {
      batch = this.batches.forming();
      batch.join();
      this.#batch = batch;
    }
    return batch.run(statement, values);
  }

  /** The read is over; the batch ends its transaction once all its reads are. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#batch?.leave();
  }
}

interface Answer {
  rows: Record<string, unknown>[];
  rowCount: number;
}

interface Item {
  readonly statement: Statement;
  readonly values: readonly unknown[];
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
  rows: Record<string, unknown>[];
}

/** A statement's result columns: names and text parsers. */
interface Columns {
  readonly names: readonly string[];
  readonly parsers: readonly ((text: string) => unknown)[];
}

/** Each statement's columns, learnt from its first description on any connection. */
const COLUMNS = new Map<string, Columns>();

type State = 'forming' | 'open' | 'syncing' | 'done';

/**
 * One connection's implicit transaction, shared by the reads that joined it;
 * to node-postgres, one query (a "submittable") that stays active from its
 * first message until the server answers its Sync.
 */
class Batch {
  #state: State = 'forming';
  #members = 0;
  /** Statements asked for and not written yet. */
  #queue: Item[] = [];
  /** Statements written, in order, waiting for their answers. */
  readonly #sent: Item[] = [];
  #client: pg.PoolClient | undefined;
  #connection: Connection | undefined;
  #writeScheduled = false;
  #timer: NodeJS.Timeout | undefined;
  /** Set once the batch failed: later statements of its reads fail with it. */
  #failure: Error | undefined;
  /** The connection must not be reused: a statement failed or the server stopped answering. */
  #discard: Error | undefined;

  /**
   * node-postgres' client-side limit applies to a whole query, and this one
   * lasts as long as its slowest read (a search streaming to a slow client).
   * The batch keeps its own limit on each answer instead (`answerMs`).
   */
  readonly query_timeout = 2_147_483_647;
  /** Called by node-postgres' timer wrapper; calling it at the end clears that timer. */
  callback: ((error: Error | null) => void) | undefined;

  constructor(private readonly batches: ReadBatches) {}

  join(): void {
    this.#members++;
  }

  run(statement: Statement, values: readonly unknown[]): Promise<Answer> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#state === 'syncing' || this.#state === 'done')
      return Promise.reject(new StoreError('transaction is finished: use it only inside its callback'));
    return new Promise<Answer>((resolve, reject) => {
      this.#queue.push({ statement, values, resolve, reject, rows: [] });
      if (this.#state === 'open') this.scheduleWrite();
    });
  }

  leave(): void {
    this.#members--;
    this.maybeSync();
  }

  /** The connection could not be had: every statement fails with the reason. */
  abandon(error: unknown): void {
    this.failAll(this.batches.fail(error));
    this.#state = 'done';
  }

  send(client: pg.PoolClient): void {
    this.#client = client;
    client.on('error', this.#onClientError);
    // node-postgres calls `submit` at once: the connection is idle.
    client.query(this as unknown as pg.Submittable);
  }

  // ---- node-postgres' Submittable ----

  submit(connection: Connection): void {
    this.#connection = connection;
    this.#state = 'open';
    this.write();
    this.maybeSync();
  }

  handleRowDescription(message: { fields: { name: string; dataTypeID: number }[] }): void {
    const item = this.#sent[0];
    if (item === undefined) return;
    COLUMNS.set(item.statement.name, {
      names: message.fields.map((f) => f.name),
      parsers: message.fields.map(
        (f) => PG_TYPES.getTypeParser(f.dataTypeID, 'text') as (t: string) => unknown,
      ),
    });
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    const item = this.#sent[0];
    if (item === undefined) return;
    const columns = COLUMNS.get(item.statement.name)!;
    const row: Record<string, unknown> = {};
    const { fields } = message;
    for (let i = 0; i < fields.length; i++) {
      const text = fields[i];
      row[columns.names[i]!] = text === null || text === undefined ? null : columns.parsers[i]!(text);
    }
    item.rows.push(row);
  }

  handleCommandComplete(message: { text: string }): void {
    const item = this.#sent.shift();
    if (item === undefined) return;
    if (this.#sent.length === 0) this.disarm();
    const space = message.text.lastIndexOf(' ');
    const count = Number(message.text.slice(space + 1));
    item.resolve({ rows: item.rows, rowCount: Number.isSafeInteger(count) ? count : item.rows.length });
    this.maybeSync();
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete({ text: '' });
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(): void {}

  handleCopyData(): void {}

  handleError(error: Error): void {
    if (this.#state === 'done') return;
    const failure = this.batches.fail(error);
    this.#discard = failure;
    this.failAll(failure);
    // node-postgres lets go of a query at its first error: what the connection answers
    // after it (to a Sync) would reach nobody. The connection is closed instead.
    this.end();
  }

  handleReadyForQuery(): void {
    this.end();
  }

  // ---- internals ----

  readonly #onClientError = (error: Error): void => {
    this.handleError(error);
  };

  private scheduleWrite(): void {
    if (this.#writeScheduled) return;
    this.#writeScheduled = true;
    // The other reads' statements asked for in this turn go in the same message.
    setImmediate(() => {
      this.#writeScheduled = false;
      if (this.#state === 'open' && this.#failure === undefined) this.write();
    });
  }

  /** Writes the queued statements in one message, ended by Flush: the transaction stays open. */
  private write(): void {
    const items = this.#queue;
    if (items.length === 0) return;
    this.#queue = [];
    const connection = this.#connection!;
    // node-postgres' own record of the statements prepared on the connection, which its queries (a write's) share.
    const prepared = connection.parsedStatements;
    connection.stream.cork();
    for (const item of items) {
      const { name, text } = item.statement;
      if (prepared[name] === undefined) {
        connection.parse({ name, text });
        prepared[name] = text;
      }
      if (!COLUMNS.has(name)) connection.describe({ type: 'S', name });
      connection.bind({ statement: name, values: item.values, valueMapper: bindValue });
      connection.execute({});
      this.#sent.push(item);
    }
    connection.flush();
    connection.stream.uncork();
    this.arm();
  }

  /** Once no read is left and every answer came: Sync ends the transaction. */
  private maybeSync(): void {
    if (this.#state !== 'open' || this.#members > 0 || this.#queue.length > 0 || this.#sent.length > 0)
      return;
    this.sync();
  }

  private sync(): void {
    if (this.#state !== 'open') return;
    this.#state = 'syncing';
    this.#connection!.sync();
    this.arm();
  }

  private arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const error = new StoreUnavailableError(
        `PostgreSQL did not answer within ${this.batches.answerMs} ms; the connection is closed`,
      );
      this.#discard = error;
      this.failAll(error);
      this.end();
    }, this.batches.answerMs);
    this.#timer.unref();
  }

  private disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  private failAll(error: Error): void {
    this.#failure ??= error;
    for (const item of this.#sent.splice(0)) item.reject(error);
    for (const item of this.#queue.splice(0)) item.reject(error);
  }

  /** Gives the connection back (closing it when it must not be reused). */
  private end(): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.disarm();
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) {
      client.removeListener('error', this.#onClientError);
      client.release(this.#discard);
    }
    // Clears node-postgres' timer for this query.
    const callback = this.callback;
    this.callback = undefined;
    callback?.(null);
  }
}

/** The part of node-postgres' connection a batch writes to. */
interface Connection {
  readonly parsedStatements: Record<string, string>;
  readonly stream: { cork(): void; uncork(): void };
  parse(query: { name: string; text: string }): void;
  describe(message: { type: 'S' | 'P'; name: string }): void;
  bind(config: {
    statement: string;
    values: readonly unknown[];
    valueMapper: (value: unknown) => unknown;
  }): void;
  execute(config: object): void;
  flush(): void;
  sync(): void;
}

/** A parameter as the protocol takes it: Buffers in binary (bytea), the rest as text. */
function bindValue(value: unknown): unknown {
  if (value === null || value === undefined || Buffer.isBuffer(value) || typeof value === 'string')
    return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v))) return `{${value.join(',')}}`;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new StoreError(`cannot send a ${typeof value} as a statement parameter`);
}
