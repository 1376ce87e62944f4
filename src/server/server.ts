import type { Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SecureContext } from 'node:tls';
import { type Logger, pino } from 'pino';
import { ResultCode } from '../protocol/index.ts';
import { encodeNoticeOfDisconnection } from './codec.ts';
import { Connection, type ConnectionConfig } from './connection.ts';
import type { RequestHandler, Session, TlsInfo } from './handler.ts';
import { ConnectionLimiter } from './limits.ts';
import { createTcpListener, listen, stopListening } from './listeners/tcp.ts';
import { acceptTls } from './listeners/tls.ts';
import { SessionState } from './session-state.ts';
import { ServerStats } from './stats.ts';
import { loadSecureContext, type TlsFiles } from './tls/context.ts';

export interface ListenAddress {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** 0 picks a free port; read it back from `address()` or `url`. */
  readonly port: number;
}

export interface ServerLimits {
  /** Largest request PDU accepted, in bytes (default 10 MiB). Larger ones end the connection. */
  readonly maxPduBytes?: number;
  /** Open connections in total (default 10000; 0 = no limit). */
  readonly maxConnections?: number;
  /** Open connections per client IP address (default 2000; 0 = no limit). */
  readonly maxConnectionsPerAddress?: number;
  /** Outstanding operations per connection before `busy` (default 256; 0 = no limit). */
  readonly maxOutstandingPerConnection?: number;
  /** Seconds a connection with nothing outstanding may stay silent (default 900; 0 = forever). */
  readonly idleTimeout?: number;
}

export interface LdapServerOptions {
  readonly handler: RequestHandler;
  /** Where connection, error and access-log lines go. Default: a silent logger. */
  readonly logger?: Logger;
  /** The `ldap://` listener (StartTLS is offered on it when `tls` is set); omit for none. */
  readonly ldap?: ListenAddress;
  /** The `ldaps://` listener; needs `tls`. */
  readonly ldaps?: ListenAddress;
  /** Certificate and key for ldaps:// and StartTLS. */
  readonly tls?: TlsFiles;
  readonly limits?: ServerLimits;
  /** One access-log line per operation at `info` (default true). */
  readonly accessLog?: boolean;
  /** Milliseconds a graceful close waits for running operations (default 10000). */
  readonly shutdownTimeoutMs?: number;
  /** Milliseconds a closing connection may take to flush its last writes (default 10000). */
  readonly closeTimeoutMs?: number;
  /** Milliseconds allowed for an ldaps:// handshake (default 10000). */
  readonly handshakeTimeoutMs?: number;
}

export interface CloseOptions {
  /** true (default): let running operations finish and flush; false: drop every connection at once. */
  readonly graceful?: boolean;
  /** Overrides `shutdownTimeoutMs` for this close. */
  readonly timeoutMs?: number;
}

/**
 * The LDAP server: listeners, admission limits, TLS material, and the set of
 * live connections. All protocol work is in `Connection`; this class only
 * accepts streams and hands them over (`handle()` takes any duplex stream).
 */
export class LdapServer {
  readonly stats = new ServerStats();
  readonly #options: LdapServerOptions;
  readonly #log: Logger;
  readonly #limiter: ConnectionLimiter;
  readonly #config: ConnectionConfig;
  readonly #connections = new Set<Connection>();
  /** Sockets accepted on ldaps:// whose handshake has not finished. */
  readonly #handshaking = new Set<Socket>();
  #secureContext: SecureContext | undefined;
  #ldap: Server | undefined;
  #ldaps: Server | undefined;
  #ldapAddress: { host: string; port: number } | undefined;
  #ldapsAddress: { host: string; port: number } | undefined;
  #nextConnectionId = 1;
  #closing = false;

  constructor(options: LdapServerOptions) {
    this.#options = options;
    this.#log = options.logger ?? pino({ level: 'silent' });
    const limits = options.limits ?? {};
    this.#limiter = new ConnectionLimiter(
      limits.maxConnections ?? 10_000,
      limits.maxConnectionsPerAddress ?? 2000,
    );
    this.#config = {
      handler: options.handler,
      log: this.#log,
      stats: this.stats,
      maxPduBytes: limits.maxPduBytes ?? 10 * 1024 * 1024,
      idleTimeoutMs: (limits.idleTimeout ?? 900) * 1000,
      maxOutstanding: limits.maxOutstandingPerConnection ?? 256,
      accessLog: options.accessLog ?? true,
      closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
      secureContext: () => this.#secureContext,
    };
  }

  /** Loads TLS material (if configured) and starts the listeners. */
  async listen(): Promise<void> {
    const { ldap, ldaps, tls } = this.#options;
    if (ldaps !== undefined && tls === undefined)
      throw new Error('an ldaps:// listener needs tls.certFile and tls.keyFile');
    if (tls !== undefined) this.#secureContext = await loadSecureContext(tls);
    if (ldap !== undefined) {
      this.#ldap = createTcpListener((socket) => this.#accept(socket, 'ldap'));
      this.#ldapAddress = await listen(this.#ldap, ldap.host ?? '127.0.0.1', ldap.port);
      this.#log.info({ url: this.url }, 'listening');
    }
    if (ldaps !== undefined) {
      this.#ldaps = createTcpListener((socket) => this.#accept(socket, 'ldaps'));
      this.#ldapsAddress = await listen(this.#ldaps, ldaps.host ?? '127.0.0.1', ldaps.port);
      this.#log.info({ url: this.ldapsUrl }, 'listening');
    }
  }

  /** `ldap://host:port` of the plain listener once listening. */
  get url(): string | undefined {
    return this.#ldapAddress && formatUrl('ldap', this.#ldapAddress);
  }

  /** `ldaps://host:port` of the TLS listener once listening. */
  get ldapsUrl(): string | undefined {
    return this.#ldapsAddress && formatUrl('ldaps', this.#ldapsAddress);
  }

  address(): { ldap?: { host: string; port: number }; ldaps?: { host: string; port: number } } {
    return {
      ...(this.#ldapAddress ? { ldap: this.#ldapAddress } : {}),
      ...(this.#ldapsAddress ? { ldaps: this.#ldapsAddress } : {}),
    };
  }

  /** Live connections (for the admin console and tests). */
  get connections(): ReadonlySet<Connection> {
    return this.#connections;
  }

  /**
   * Re-reads the certificate and key (SIGHUP). New ldaps:// connections and
   * StartTLS upgrades use them; established TLS sessions keep theirs. On
   * error the old context stays in use and the error is thrown.
   */
  async reloadTls(): Promise<void> {
    const tls = this.#options.tls;
    if (tls === undefined) return;
    this.#secureContext = await loadSecureContext(tls);
    this.#log.info('TLS certificate reloaded');
  }

  /**
   * Serves one LDAP session over any duplex stream (a socket, a TLS socket,
   * an in-memory pair in tests). Connection limits are not applied here.
   */
  handle(
    stream: Duplex,
    info: {
      remoteAddress?: string;
      remotePort?: number;
      transport?: Session['transport'];
      tls?: TlsInfo;
    } = {},
  ): Connection {
    const session = new SessionState(
      this.#nextConnectionId++,
      info.remoteAddress ?? '',
      info.remotePort ?? 0,
      info.transport ?? 'stream',
    );
    session.tls = info.tls;
    const connection = new Connection(stream, session, this.#config);
    this.#connections.add(connection);
    this.stats.connectionsOpen++;
    this.stats.connectionsTotal++;
    void connection.closed.then(() => {
      this.#connections.delete(connection);
      this.stats.connectionsOpen--;
    });
    connection.start();
    return connection;
  }

  /**
   * Stops accepting, then ends every connection. Graceful: running operations
   * get up to the timeout to finish, queued responses are flushed, and each
   * client receives a Notice of Disconnection (unavailable) before the close.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    this.#closing = true;
    const graceful = options.graceful ?? true;
    const timeoutMs = options.timeoutMs ?? this.#options.shutdownTimeoutMs ?? 10_000;
    const listeners = [this.#ldap, this.#ldaps].filter((s): s is Server => s !== undefined);
    const stopped = Promise.all(listeners.map(stopListening));
    for (const socket of this.#handshaking) socket.destroy();
    const connections = [...this.#connections];
    if (graceful) {
      await Promise.all(connections.map((c) => c.shutdown(timeoutMs)));
    } else {
      for (const c of connections) c.destroy();
      await Promise.all(connections.map((c) => c.closed));
    }
    await stopped;
  }

  #accept(socket: Socket, transport: 'ldap' | 'ldaps'): void {
    // An 'error' before a Connection owns the socket must not crash the process.
    socket.on('error', () => socket.destroy());
    const address = socket.remoteAddress ?? '';
    if (this.#closing) {
      socket.destroy();
      return;
    }
    if (!this.#limiter.tryAdmit(address)) {
      this.stats.connectionsRefused++;
      this.#log.warn({ from: address, transport }, 'connection refused: limit reached');
      if (transport === 'ldap') {
        // RFC 4511 §4.4.1: tell the client why before closing.
        socket.end(encodeNoticeOfDisconnection(ResultCode.unavailable, 'too many connections'));
        setTimeout(() => socket.destroy(), 1000).unref();
      } else {
        socket.destroy();
      }
      return;
    }
    socket.once('close', () => this.#limiter.release(address));
    const remotePort = socket.remotePort ?? 0;
    if (transport === 'ldap') {
      this.handle(socket, { remoteAddress: address, remotePort, transport });
      return;
    }
    const secureContext = this.#secureContext;
    if (secureContext === undefined) {
      socket.destroy();
      return;
    }
    this.#handshaking.add(socket);
    acceptTls(
      socket,
      secureContext,
      this.#options.handshakeTimeoutMs ?? 10_000,
      (secure, tls) => {
        this.#handshaking.delete(socket);
        this.handle(secure, { remoteAddress: address, remotePort, transport, tls });
      },
      (err) => {
        this.#handshaking.delete(socket);
        this.#log.debug({ from: address, err: err.message }, 'TLS handshake failed');
      },
    );
  }
}

function formatUrl(scheme: string, address: { host: string; port: number }): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${scheme}://${host}:${address.port}`;
}
