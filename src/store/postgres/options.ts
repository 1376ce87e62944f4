import type { ConnectionOptions } from 'node:tls';

/** How the PostgreSQL engine reaches its database and how long it waits. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (libpq's URL form; `?sslmode=` works too). */
  readonly url: string;
  /** Connections this node keeps for reads and writes (one more listens for other nodes' changes). Default 10. */
  readonly poolSize?: number;
  /** TLS to the server: `true` verifies against the system's CAs; an object is passed to `tls.connect`. */
  readonly ssl?: boolean | ConnectionOptions;
  /** Apply pending migrations at open (default true). When false, an unmigrated database is refused. */
  readonly autoMigrate?: boolean;
  /** How long `open` keeps retrying while the server is not reachable yet, in ms. Default 30 000. */
  readonly openTimeoutMs?: number;
  /** How long a new connection may take before the call fails with StoreUnavailableError, in ms. Default 5 000. */
  readonly connectTimeoutMs?: number;
  /** Server-side limit on one statement (and on waiting for the write lock), in ms. Default 30 000. */
  readonly statementTimeoutMs?: number;
  /** First and longest pause between reconnection attempts, in ms. Defaults 100 and 5 000. */
  readonly retryDelayMs?: { readonly initial?: number; readonly max?: number };
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly ssl: boolean | ConnectionOptions | undefined;
  readonly autoMigrate: boolean;
  readonly openTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
}

export function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  return {
    url: options.url,
    poolSize: options.poolSize ?? 10,
    ssl: options.ssl,
    autoMigrate: options.autoMigrate ?? true,
    openTimeoutMs: options.openTimeoutMs ?? 30_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    retryInitialMs: options.retryDelayMs?.initial ?? 100,
    retryMaxMs: options.retryDelayMs?.max ?? 5_000,
  };
}

/** The host and port a URL names, for error messages (never the password). */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    const database = parsed.pathname.replace(/^\//, '');
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${database ? `/${database}` : ''}`;
  } catch {
    return 'the configured server';
  }
}

/** Back-off: doubles from `initial` up to `max`, with jitter so that many nodes do not retry in step. */
export function backoff(attempt: number, initial: number, max: number): number {
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 20));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}
