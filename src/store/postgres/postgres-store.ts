import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  type ReadTxn,
  type Store,
  type StoreChange,
  StoreCorruptError,
  StoreError,
  type StoreStats,
  StoreUnavailableError,
  type WriteTxn,
} from '../contract.ts';
import { WriteQueue } from '../txn/write-queue.ts';
import { Availability, type Health } from './availability.ts';
import { ChangeFeed } from './change-feed.ts';
import { entryCount } from './entries.ts';
import { metaKeys } from './meta.ts';
import { applyMigrations, LATEST_VERSION, newerSchema, schemaVersion } from './migrations.ts';
import { CHANNEL, encodeChange } from './notify.ts';
import {
  backoff,
  describeServer,
  type PostgresStoreOptions,
  type ResolvedOptions,
  resolveOptions,
} from './options.ts';
import { isConnectionLoss, isUnavailable, reasonOf, toStoreError } from './pg-errors.ts';
import { PG_TYPES } from './pg-types.ts';
import { ReadBatches } from './read-batch.ts';
import { PgReadTxn } from './read-txn.ts';
import { Session } from './session.ts';
import { statement } from './statement.ts';
import { PgWriteTxn } from './write-txn.ts';

/** The oldest server accepted. */
export const MIN_SERVER_VERSION = 130_000;

/**
 * Refuses a server older than `minimum` (a `server_version_num`) with a
 * message naming both versions; `server` names the server in it.
 */
export async function checkServerVersion(
  client: Pick<pg.ClientBase, 'query'>,
  server: string,
  minimum = MIN_SERVER_VERSION,
): Promise<void> {
  const { rows } = await client.query<{ num: string; version: string }>(
    "SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version",
  );
  const num = Number(rows[0]?.num);
  if (!(num >= minimum)) {
    throw new StoreError(
      `PostgreSQL at ${server} is version ${rows[0]?.version}; Linden needs PostgreSQL ${Math.floor(minimum / 10_000)} or later`,
    );
  }
}

/** An arbitrary constant: the transaction advisory lock every write takes, on every node. */
const WRITE_LOCK = 0x4c4e_5752; // "LNWR"

/**
 * A write runs READ COMMITTED on purpose: each statement then sees everything
 * committed before it, and since the lock is taken first, that is every
 * earlier write. (REPEATABLE READ would fix the snapshot at the lock statement's
 * start, before the wait: a read-modify-write would then lose updates.)
 */
const BEGIN_WRITE = `BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL plan_cache_mode = force_custom_plan; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
/**
 * Settings of every pooled connection. A read's statements run in an implicit
 * transaction (`read-batch.ts`): REPEATABLE READ gives it one snapshot. A write
 * names its own level. Linden's statements are prepared once and their plans
 * do not depend on the values bound (one table's primary key or hash index
 * each), so the server plans each once instead of once per execution.
 */
const SESSION_OPTIONS =
  '-c default_transaction_isolation=repeatable\\ read -c plan_cache_mode=force_generic_plan';

/**
 * The scale-out engine: the store in a PostgreSQL database that several Linden
 * nodes share.
 *
 * Reads: one connection per `read`, in a REPEATABLE READ READ ONLY transaction
 * opened with the first call (a callback that calls nothing costs nothing) and
 * committed after the callback returns without the caller waiting.
 *
 * Writes: queued in the process (one connection at a time waits for the lock,
 * not the whole pool), then one PostgreSQL transaction that first takes a
 * transaction-scoped advisory lock, so that writes from every node are
 * serialized; rollback on throw, durable when the COMMIT returns (with the
 * server's synchronous_commit). The commit NOTIFYs the change channel with what
 * it changed; other nodes tell their `onChange` listeners (`change-feed.ts`).
 */
export class PostgresStore implements Store {
  readonly engine = 'postgres';
  /** This node's token in change notifications. */
  readonly node = randomUUID();
  readonly #options: ResolvedOptions;
  readonly #server: string;
  readonly #queue = new WriteQueue();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #availability: Availability;
  #pool: pg.Pool | undefined;
  #batches: ReadBatches | undefined;
  #feed: ChangeFeed | undefined;
  #closed = false;

  constructor(options: PostgresStoreOptions) {
    this.#options = resolveOptions(options);
    this.#server = describeServer(options.url);
    this.#availability = new Availability(
      () => this.probe(),
      this.#options.retryInitialMs,
      this.#options.retryMaxMs,
    );
  }

  /**
   * Connects, checks the server version and the schema (migrating it unless
   * `autoMigrate` is false), and starts listening for other nodes' changes.
   * While the server is not reachable it retries with back-off, up to
   * `openTimeoutMs`; then it throws StoreUnavailableError naming the server.
   */
  async open(): Promise<void> {
    if (this.#pool !== undefined) return;
    const options = this.#options;
    const pool = new pg.Pool({
      ...this.clientConfig(),
      options: SESSION_OPTIONS,
      max: options.poolSize,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection that breaks (the server stopped) is reported here; without a listener the process would end.
    pool.on('error', (error) => this.connectionFailed(error));
    try {
      await this.prepare(pool);
      const feed = new ChangeFeed({
        client: this.clientConfig(),
        node: this.node,
        retryInitialMs: options.retryInitialMs,
        retryMaxMs: options.retryMaxMs,
        emit: (change) => {
          for (const listener of this.#listeners) listener(change);
        },
        metaKeys: () => this.autocommit(metaKeys),
        reconnected: () => this.#availability.up(),
      });
      await feed.start();
      this.#feed = feed;
    } catch (error) {
      await pool.end().catch(() => {});
      throw toStoreError(error, this.#server);
    }
    this.#pool = pool;
    this.#batches = new ReadBatches(
      async () => {
        this.checkOpen();
        this.#availability.check();
        try {
          return await pool.connect();
        } catch (error) {
          throw this.fail(error);
        }
      },
      (error) => (error instanceof StoreError ? error : this.fail(error)),
      options.statementTimeoutMs + options.connectTimeoutMs,
    );
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    if (this.#closed || pool === undefined) {
      this.#closed = true;
      return;
    }
    this.#closed = true;
    await this.#queue.drained();
    this.#availability.stop();
    await this.#feed?.stop();
    await pool.end();
  }

  async read<T>(fn: (txn: ReadTxn) => Promise<T>): Promise<T> {
    this.checkOpen();
    this.#availability.check();
    const reader = this.#batches!.reader();
    try {
      return await fn(new PgReadTxn(reader));
    } finally {
      reader.finish();
    }
  }

  async write<T>(fn: (txn: WriteTxn) => Promise<T>): Promise<T> {
    this.checkOpen();
    return this.#queue.run(async () => {
      const session = await this.session();
      let txn: PgWriteTxn | undefined;
      try {
        await session.exec(BEGIN_WRITE);
        txn = new PgWriteTxn(session);
        const result = await fn(txn);
        await txn.flush();
        const { changedIds, changedMeta } = txn;
        const notify =
          changedIds.size + changedMeta.size === 0
            ? ''
            : `SELECT pg_notify('${CHANNEL}', ${pg.escapeLiteral(encodeChange(this.node, [...changedIds], [...changedMeta]))}); `;
        await session.finish(`${notify}COMMIT`);
        return result;
      } catch (error) {
        // The ROLLBACK's own failure (a dropped connection) changes nothing: the server rolls back.
        await session.finish('ROLLBACK').catch(() => {});
        // A statement sent in the background failed first: the later error is only its echo
        // ("current transaction is aborted"). The ROLLBACK ran after it, so its outcome is known.
        throw txn?.failure ?? error;
      }
    });
  }

  async stats(): Promise<StoreStats> {
    return this.autocommit(async (db) => {
      const [row] = await db.rows<{ bytes: number }>(SIZE, []);
      return { engine: this.engine, entries: await entryCount(db), sizeBytes: row?.bytes ?? 0 };
    });
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    // Each registration is its own, even for the same function.
    const wrapped = (change: StoreChange): void => listener(change);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  /** Whether the database answers now (one round trip); a success also ends a failing-fast period. */
  async health(): Promise<Health> {
    if (this.#closed || this.#pool === undefined) return { ok: false, reason: 'the store is not open' };
    return this.#availability.health();
  }

  // ---- connections ----

  private clientConfig(): pg.ClientConfig {
    const options = this.#options;
    return {
      connectionString: options.url,
      ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      // The client's own limit for a server that stopped answering without closing the socket.
      query_timeout: options.statementTimeoutMs + options.connectTimeoutMs,
      keepAlive: true,
      application_name: 'linden',
      types: PG_TYPES,
    };
  }

  /** A pooled connection for one transaction; fails fast while the server is known to be down. */
  private async session(): Promise<Session> {
    this.checkOpen();
    this.#availability.check();
    let client: pg.PoolClient;
    try {
      client = await this.#pool!.connect();
    } catch (error) {
      throw this.fail(error);
    }
    if (this.#closed) {
      client.release();
      throw new StoreUnavailableError('the PostgreSQL store is closed');
    }
    return new Session(client, (error) => this.fail(error));
  }

  /** Statements outside any transaction, each seeing the latest commit. */
  private async autocommit<T>(fn: (db: Session) => Promise<T>): Promise<T> {
    const session = await this.session();
    try {
      return await fn(session);
    } finally {
      session.release();
    }
  }

  private checkOpen(): void {
    if (this.#closed || this.#pool === undefined) {
      throw new StoreUnavailableError(`the PostgreSQL store (${this.#server}) is not open`);
    }
  }

  /** Translates a driver error; a lost connection starts the failing-fast period. */
  private fail(error: unknown): Error {
    const translated = toStoreError(error, this.#server);
    if (translated instanceof StoreUnavailableError && isConnectionLoss(error)) {
      this.#availability.lost(translated);
    }
    return translated;
  }

  private connectionFailed(error: Error): void {
    if (isConnectionLoss(error)) this.fail(error);
  }

  private async probe(): Promise<void> {
    const pool = this.#pool;
    if (pool === undefined) throw new StoreUnavailableError('the store is not open');
    await pool.query('SELECT 1');
  }

  /** Open's first contact: retried while the server is unreachable, then version and schema checks. */
  private async prepare(pool: pg.Pool): Promise<void> {
    const { openTimeoutMs, retryInitialMs, retryMaxMs, autoMigrate } = this.#options;
    const deadline = Date.now() + openTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        const pause = backoff(attempt, retryInitialMs, retryMaxMs);
        if (!isUnavailable(error) || Date.now() + pause > deadline) {
          throw new StoreUnavailableError(
            `cannot reach PostgreSQL at ${this.#server}: ${reasonOf(error)}` +
              (isUnavailable(error) ? ` (gave up after ${attempt + 1} attempts)` : ''),
            { cause: error },
          );
        }
        await sleep(pause);
        continue;
      }
      try {
        await this.checkServer(client, autoMigrate);
        client.release();
        return;
      } catch (error) {
        client.release(true);
        throw error;
      }
    }
  }

  private async checkServer(client: pg.PoolClient, autoMigrate: boolean): Promise<void> {
    await checkServerVersion(client, this.#server);
    if (autoMigrate) {
      await applyMigrations(client);
      return;
    }
    const version = await schemaVersion(client);
    if (version > LATEST_VERSION) throw newerSchema(version);
    if (version < LATEST_VERSION) {
      throw new StoreCorruptError(
        `the database at ${this.#server} is at schema version ${version}, this Linden needs ${LATEST_VERSION}: ` +
          'run `linden store migrate` (or open with autoMigrate)',
      );
    }
  }
}

const SIZE = statement(
  'store_size',
  `SELECT (pg_total_relation_size('linden_entries') + pg_total_relation_size('linden_postings')
  + pg_total_relation_size('linden_meta') + pg_total_relation_size('linden_sequences'))::float8 AS bytes`,
);
