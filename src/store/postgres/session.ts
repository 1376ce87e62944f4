import pg from 'pg';
import { StoreError } from '../contract.ts';
import { isConnectionLoss } from './pg-errors.ts';
import type { Db, Statement } from './statement.ts';

/**
 * One pooled connection lent to one transaction. Every driver error leaves it
 * translated by `fail` (to StoreUnavailableError when the server is away); a
 * connection that failed that way is closed at release instead of going back
 * to the pool.
 */
export class Session implements Db {
  #client: pg.PoolClient | undefined;
  #broken: Error | undefined;
  /** Sent just before the first statement, if any: a read's BEGIN costs nothing when the callback makes no call. */
  #lazyBegin: string | undefined;
  /** A read's first statements, gathered until the event loop turns, then sent together with its BEGIN. */
  #opening: Opening | undefined;
  /** `COMMIT; ` when the connection came with an earlier read's transaction still open (`releaseRead`). */
  #end = '';

  constructor(
    client: pg.PoolClient,
    private readonly fail: (error: unknown) => Error,
  ) {
    this.#client = client;
    const timer = OPEN_READS.get(client);
    if (timer !== undefined) {
      clearTimeout(timer);
      OPEN_READS.delete(client);
      this.#end = 'COMMIT; ';
    }
    // The pool listens for errors only on idle connections; one that breaks while
    // lent out (between two statements of a write) would otherwise end the process.
    client.on('error', this.#onError);
  }

  readonly #onError = (error: Error): void => {
    this.failed(error);
  };

  /** Open a transaction with `begin` just before the first statement. */
  beginLazily(begin: string): void {
    this.#lazyBegin = begin;
  }

  /** True once a transaction was opened on the connection. */
  get begun(): boolean {
    return this.#lazyBegin === undefined;
  }

  /** Throws once the transaction is over: a transaction object used after its callback must fail loudly. */
  check(): pg.PoolClient {
    const client = this.#client;
    if (client === undefined)
      throw new StoreError('transaction is finished: use it only inside its callback');
    return client;
  }

  async rows<R>(statement: Statement, values: readonly unknown[]): Promise<R[]> {
    if (this.#background !== undefined) await this.waitBackground();
    return (await this.run(statement, values)).rows as R[];
  }

  async count(statement: Statement, values: readonly unknown[]): Promise<number> {
    if (this.#background !== undefined) await this.waitBackground();
    return (await this.run(statement, values)).rowCount ?? 0;
  }

  /**
   * Work sent while the caller goes on (a bulk load's buffered inserts): it
   * runs after the background work before it, through `direct`, and every
   * statement asked for meanwhile waits until it is done, so statements reach
   * the server in the order they were asked for. A failure is left to `work`
   * to record; the session only keeps the order.
   */
  background(work: (db: Db) => Promise<void>): void {
    const before = this.#background ?? Promise.resolve();
    this.#background = before.then(() => work(this.direct)).catch(() => {});
  }

  /** Statements that do not wait for background work: what that work itself runs. */
  readonly direct: Db = {
    rows: async <R>(statement: Statement, values: readonly unknown[]) =>
      (await this.run(statement, values)).rows as R[],
    count: async (statement: Statement, values: readonly unknown[]) =>
      (await this.run(statement, values)).rowCount ?? 0,
  };

  #background: Promise<void> | undefined;

  /** Until the background work sent so far is done. */
  async waitBackground(): Promise<void> {
    while (this.#background !== undefined) {
      const pending = this.#background;
      await pending;
      if (this.#background === pending) this.#background = undefined;
    }
  }

  /** A simple-protocol query: several statements, no parameters, one round trip. */
  async exec(text: string): Promise<void> {
    if (this.#background !== undefined) await this.waitBackground();
    const client = this.check();
    const end = this.takeEnd();
    try {
      await client.query(`${end}${text}`);
    } catch (error) {
      throw this.failed(error);
    }
  }

  private async run(statement: Statement, values: readonly unknown[]): Promise<pg.QueryResult> {
    const client = this.check();
    const opening = this.#opening;
    if (opening !== undefined) {
      const literals = preparedOn(client).has(statement.name) ? sqlLiterals(values) : undefined;
      if (literals !== undefined)
        return new Promise<pg.QueryResult>((resolve, reject) =>
          opening.items.push({ text: execute(statement, literals), resolve, reject }),
        );
      // Not expressible there: it goes after the opening message.
      await opening.sent;
    }
    const begin = this.#lazyBegin;
    const end = this.takeEnd();
    try {
      if (begin === undefined) {
        // node-postgres sends the queued statement as soon as the COMMIT is answered.
        if (end !== '') void client.query(end).catch(() => {});
        const result = await client.query({
          name: statement.name,
          text: statement.text,
          values: values as unknown[],
        });
        preparedOn(client).add(statement.name);
        return result;
      }
      this.#lazyBegin = undefined;
      const prepared = preparedOn(client);
      const literals = prepared.has(statement.name) ? sqlLiterals(values) : undefined;
      if (literals !== undefined) {
        // The statement is prepared on this connection: BEGIN and its execution
        // go in one simple-protocol message, one round trip, and the server
        // runs the plan it keeps for the statement. Statements the callback
        // asks for before the event loop turns (the base entry and the index
        // lookup of a search, started together) join the same message.
        const items: Opening['items'] = [];
        const opening: Opening = {
          items,
          sent: new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
            this.sendOpening(client, `${end}${begin}`, items),
          ),
        };
        this.#opening = opening;
        return await new Promise<pg.QueryResult>((resolve, reject) =>
          items.push({ text: execute(statement, literals), resolve, reject }),
        );
      }
      // node-postgres queues both and sends the second as soon as the first is
      // answered, without a turn of the event loop; the statement gets prepared.
      const [, result] = await Promise.all([
        client.query(`${end}${begin}`),
        client.query({ name: statement.name, text: statement.text, values: values as unknown[] }),
      ]);
      prepared.add(statement.name);
      return result;
    } catch (error) {
      throw this.failed(error);
    }
  }

  /** Sends a read's first statements with its BEGIN (and an earlier read's COMMIT) in one message. */
  private async sendOpening(client: pg.PoolClient, prefix: string, items: Opening['items']): Promise<void> {
    this.#opening = undefined;
    if (this.#client !== client) {
      // The callback returned without waiting for these calls: the connection is someone else's now.
      const finished = new StoreError('transaction is finished: use it only inside its callback');
      for (const item of items) item.reject(finished);
      return;
    }
    try {
      const results = (await client.query(
        `${prefix}; ${items.map((i) => i.text).join('; ')}`,
      )) as unknown as pg.QueryResult[];
      const ours = results.slice(results.length - items.length);
      items.forEach((item, k) => {
        item.resolve(ours[k]!);
      });
    } catch (error) {
      const failure = this.failed(error);
      for (const item of items) item.reject(failure);
    }
  }

  private takeEnd(): string {
    const end = this.#end;
    this.#end = '';
    return end;
  }

  /**
   * Gives the connection back with a read-only transaction still open: its
   * COMMIT goes out in the same message as the next user's first statement
   * (a round trip saved on every read), or on its own after OPEN_READ_MS if
   * nobody takes the connection by then, so that no snapshot is held for long.
   */
  releaseRead(): void {
    const client = this.detach();
    if (client === undefined) return;
    if (this.#broken !== undefined) {
      client.release(this.#broken);
      return;
    }
    OPEN_READS.set(
      client,
      setTimeout(() => {
        if (OPEN_READS.get(client) === undefined) return;
        OPEN_READS.delete(client);
        // Until the pool lends the connection again, a break here is also reported to the pool's listener.
        client.on('error', ignoreError);
        client.query('COMMIT').then(
          () => client.removeListener('error', ignoreError),
          () => client.removeListener('error', ignoreError),
        );
      }, OPEN_READ_MS).unref(),
    );
    client.release();
  }

  private failed(error: unknown): Error {
    const translated = this.fail(error);
    if (isConnectionLoss(error)) this.#broken = translated;
    return translated;
  }

  /** Gives the connection back: ends the transaction first if `end` is given, without making the caller wait. */
  release(end?: string): void {
    if (this.#end !== '') {
      // An earlier read's transaction is still open: it stays so, as that read left it.
      this.releaseRead();
      return;
    }
    const client = this.detach();
    if (client === undefined) return;
    if (end === undefined || this.#broken !== undefined) {
      client.release(this.#broken);
      return;
    }
    // Until the pool has it back, a connection that breaks during this statement emits
    // 'error' as well as failing it: with no listener, that would end the process.
    client.on('error', ignoreError);
    client.query(end).then(
      () => {
        client.removeListener('error', ignoreError);
        client.release();
      },
      (error: Error) => {
        client.removeListener('error', ignoreError);
        client.release(error);
      },
    );
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

interface Opening {
  readonly items: {
    readonly text: string;
    readonly resolve: (result: pg.QueryResult) => void;
    readonly reject: (error: unknown) => void;
  }[];
  /** Settles once the message is answered. */
  readonly sent: Promise<void>;
}

function execute(statement: Statement, literals: string): string {
  return `EXECUTE ${statement.name}${literals === '' ? '' : `(${literals})`}`;
}

/** How long a pooled connection may keep a finished read's transaction open, waiting for its next user. */
const OPEN_READ_MS = 20;
/** Connections in the pool whose last read's transaction is still open, with the timer that ends it. */
const OPEN_READS = new WeakMap<pg.PoolClient, NodeJS.Timeout>();

/** The names of the statements node-postgres prepared on each connection. */
const PREPARED = new WeakMap<pg.PoolClient, Set<string>>();

function preparedOn(client: pg.PoolClient): Set<string> {
  let names = PREPARED.get(client);
  if (names === undefined) {
    names = new Set();
    PREPARED.set(client, names);
  }
  return names;
}

/**
 * Parameters as SQL literals for `EXECUTE name(…)`, each taking the type the
 * prepared statement gave its parameter; undefined for a value of another kind.
 */
export function sqlLiterals(values: readonly unknown[]): string | undefined {
  const out: string[] = [];
  for (const value of values) {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) return undefined;
      out.push(String(value));
    } else if (typeof value === 'string') out.push(pg.escapeLiteral(value));
    else if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v)))
      out.push(`'{${value.join(',')}}'`);
    else if (Buffer.isBuffer(value)) out.push(`E'\\\\x${value.toString('hex')}'`);
    else return undefined;
  }
  return out.join(', ');
}

/** The statement's own rejection reports the failure. */
function ignoreError(): void {}
