import type { ResolvedConnectionConfig } from '../config.ts';
import { ReadOnlyError, SdkError, SdkErrorCode, type ServerFailure, UnavailableError } from '../errors.ts';
import { Connection, TransportError } from './connection.ts';

/**
 * Whether an operation may be repeated on another server after the connection
 * broke mid-way. Reads and binds may; a write might already have been applied,
 * so it is reported, not repeated.
 */
export type Access = 'read' | 'write';

interface Server {
  readonly url: string;
  readonly idle: Connection[];
  busy: number;
  /** Until this time the server is tried only after the healthy ones. */
  downUntil: number;
  readonly waiters: Array<(connection: Connection | undefined) => void>;
}

/**
 * A small pool per server with ordered failover: servers are tried in the
 * configured order, skipping (until `serverRetryMs` passes) those that just
 * failed; when all have failed recently they are all tried again rather than
 * giving up, so one blip never makes the pool refuse to work.
 */
export class ConnectionPool {
  readonly config: ResolvedConnectionConfig;
  private readonly servers = new Map<string, Server>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(config: ResolvedConnectionConfig) {
    this.config = config;
    for (const url of [...config.readUrls, ...config.writeUrls]) {
      if (!this.servers.has(url))
        this.servers.set(url, { url, idle: [], busy: 0, downUntil: 0, waiters: [] });
    }
    // Closing idle connections in the background means none reaches a firewall's idle cut-off.
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, config.idleTimeoutMs / 2));
    this.sweeper.unref();
  }

  /**
   * Runs `work` on a connection bound as the service identity (or anonymous).
   * The connection goes back to the pool afterwards; if `work` rebinds it as
   * someone else, it is rebound before its next use.
   */
  async run<T>(access: Access, work: (connection: Connection) => Promise<T>): Promise<T> {
    if (this.closed) throw new SdkError(SdkErrorCode.closed, 'the directory client is closed');
    const urls = access === 'write' ? this.config.writeUrls : this.config.readUrls;
    const failures: ServerFailure[] = [];
    for (const server of this.ordered(urls)) {
      let connection: Connection;
      try {
        connection = await this.acquire(server);
      } catch (error) {
        failures.push(this.fail(server, error));
        continue;
      }
      try {
        const result = await work(connection);
        this.release(server, connection);
        return result;
      } catch (error) {
        if (!(error instanceof TransportError)) {
          this.release(server, connection);
          throw error;
        }
        this.discard(server, connection);
        failures.push(this.fail(server, error));
        if (access === 'write') break;
      }
    }
    if (access === 'write' && this.config.separateWriters) throw new ReadOnlyError(failures);
    throw new UnavailableError(failures);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const closing: Promise<void>[] = [];
    for (const server of this.servers.values()) {
      for (const c of server.idle.splice(0)) closing.push(c.close());
      for (const waiter of server.waiters.splice(0)) waiter(undefined);
    }
    await Promise.all(closing);
  }

  /** Healthy servers in configured order, then the recently failed ones. */
  private ordered(urls: readonly string[]): Server[] {
    const now = Date.now();
    const list = urls.map((u) => this.servers.get(u)).filter((s): s is Server => s !== undefined);
    return [...list.filter((s) => s.downUntil <= now), ...list.filter((s) => s.downUntil > now)];
  }

  private fail(server: Server, error: unknown): ServerFailure {
    server.downUntil = Date.now() + this.config.serverRetryMs;
    const reason =
      error instanceof TransportError || error instanceof SdkError ? error.message : String(error);
    return { url: server.url, reason };
  }

  private async acquire(server: Server): Promise<Connection> {
    for (;;) {
      const connection = server.idle.pop();
      if (connection === undefined) break;
      if (connection.usable && Date.now() - connection.lastUsed < this.config.idleTimeoutMs) {
        server.busy++;
        if (connection.boundAs !== 'service') await this.rebind(server, connection);
        return connection;
      }
      void connection.close();
    }
    if (server.busy >= this.config.poolSize) {
      const handed = await this.waitForConnection(server);
      if (handed !== undefined) {
        if (handed.boundAs !== 'service') await this.rebind(server, handed);
        return handed;
      }
      if (this.closed) throw new SdkError(SdkErrorCode.closed, 'the directory client is closed');
    }
    server.busy++;
    const connection = new Connection(server.url, this.config);
    try {
      await connection.open();
    } catch (error) {
      server.busy--;
      await connection.close();
      throw error;
    }
    return connection;
  }

  /** Rebinding a handed-out connection; on failure the slot is freed before the error propagates. */
  private async rebind(server: Server, connection: Connection): Promise<void> {
    try {
      await connection.bindService();
    } catch (error) {
      this.discard(server, connection);
      throw error;
    }
  }

  /**
   * Waits for a busy connection to come back. Resolves `undefined` when a slot
   * was freed instead (a connection was discarded), so the caller opens one.
   */
  private waitForConnection(server: Server): Promise<Connection | undefined> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = server.waiters.indexOf(waiter);
        if (i >= 0) server.waiters.splice(i, 1);
        reject(new TransportError(server.url, `all ${this.config.poolSize} connections stayed busy`));
      }, this.config.operationTimeoutMs);
      const waiter = (connection: Connection | undefined) => {
        clearTimeout(timer);
        resolve(connection);
      };
      server.waiters.push(waiter);
    });
  }

  private release(server: Server, connection: Connection): void {
    if (!connection.usable || this.closed) {
      this.discard(server, connection);
      return;
    }
    const waiter = server.waiters.shift();
    if (waiter) {
      waiter(connection);
      return;
    }
    server.busy--;
    server.idle.push(connection);
  }

  private discard(server: Server, connection: Connection): void {
    server.busy--;
    void connection.close();
    const waiter = server.waiters.shift();
    if (waiter) {
      // The waiter opens a fresh connection in the freed slot.
      waiter(undefined);
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const server of this.servers.values()) {
      for (let i = server.idle.length - 1; i >= 0; i--) {
        const c = server.idle[i];
        if (c && (!c.usable || now - c.lastUsed >= this.config.idleTimeoutMs)) {
          server.idle.splice(i, 1);
          void c.close();
        }
      }
    }
  }
}
