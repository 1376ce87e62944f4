import { Attribute, Change, Client, ResultCodeError } from 'ldapts';
import type { ResolvedConnectionConfig } from '../config.ts';
import { DirectoryError } from '../errors.ts';

/** Attribute values as strings, keyed by the attribute name the server returned. */
export type Attributes = Record<string, string[]>;

export interface DirectoryEntry {
  readonly dn: string;
  readonly attributes: Attributes;
}

export interface SearchParams {
  readonly scope?: 'base' | 'one' | 'sub';
  readonly filter?: string;
  readonly attributes?: readonly string[];
  readonly sizeLimit?: number;
}

export interface Modification {
  readonly operation: 'add' | 'delete' | 'replace';
  readonly attribute: string;
  readonly values: readonly string[];
}

/**
 * The connection broke (refused, reset, closed, timed out, TLS failure): the
 * pool drops it and, for operations that may be repeated, tries another server.
 */
export class TransportError extends Error {
  readonly url: string;
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'TransportError';
    this.url = url;
  }
}

/** Who the connection is bound as, so the pool knows when a rebind is due. */
export type BoundAs = 'service' | 'other';

/** One ldapts client to one server, with errors translated and the bound identity tracked. */
export class Connection {
  readonly url: string;
  lastUsed = Date.now();
  boundAs: BoundAs = 'other';
  private readonly client: Client;
  private readonly config: ResolvedConnectionConfig;
  private broken = false;

  constructor(url: string, config: ResolvedConnectionConfig) {
    this.url = url;
    this.config = config;
    this.client = new Client({
      url,
      timeout: config.operationTimeoutMs,
      connectTimeout: config.connectTimeoutMs,
      // ldapts speaks TLS from the first byte whenever tlsOptions is present, so only ldaps:// gets them.
      ...(url.startsWith('ldaps:') ? { tlsOptions: config.tlsOptions } : {}),
    });
  }

  /** Connects, upgrades with StartTLS when configured, and binds as the service identity. */
  async open(): Promise<void> {
    if (this.config.startTls && this.url.startsWith('ldap:')) {
      await this.run(() => this.client.startTLS(this.config.tlsOptions));
    }
    await this.bindService();
  }

  /** Whether the pool may hand this connection out again. */
  get usable(): boolean {
    return !this.broken && this.client.isConnected;
  }

  /** Rebinds as the service identity, or anonymously when none is configured. */
  async bindService(): Promise<void> {
    this.boundAs = 'other';
    await this.bind(
      this.config.bindDn ?? '',
      this.config.bindDn === undefined ? '' : this.config.bindPassword,
    );
    this.boundAs = 'service';
  }

  async bind(dn: string, password: string): Promise<void> {
    this.boundAs = 'other';
    await this.run(() => this.client.bind(dn, password));
  }

  async search(base: string, params: SearchParams = {}): Promise<DirectoryEntry[]> {
    const result = await this.run(() =>
      this.client.search(base, {
        scope: params.scope ?? 'sub',
        filter: params.filter ?? '(objectClass=*)',
        ...(params.attributes ? { attributes: [...params.attributes] } : {}),
        ...(params.sizeLimit !== undefined ? { sizeLimit: params.sizeLimit } : {}),
      }),
    );
    return result.searchEntries.map(({ dn, ...rest }) => ({ dn, attributes: toAttributes(rest) }));
  }

  async add(dn: string, attributes: Attributes): Promise<void> {
    await this.run(() => this.client.add(dn, attributes));
  }

  async modify(dn: string, changes: readonly Modification[]): Promise<void> {
    const ldapChanges = changes.map(
      (c) =>
        new Change({
          operation: c.operation,
          modification: new Attribute({ type: c.attribute, values: [...c.values] }),
        }),
    );
    await this.run(() => this.client.modify(dn, ldapChanges));
  }

  async del(dn: string): Promise<void> {
    await this.run(() => this.client.del(dn));
  }

  async exop(oid: string, value?: Buffer): Promise<void> {
    await this.run(() => this.client.exop(oid, value));
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.client.unbind().catch(() => {});
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      this.lastUsed = Date.now();
      return result;
    } catch (error) {
      if (error instanceof ResultCodeError) {
        this.lastUsed = Date.now();
        throw new DirectoryError(this.url, error.code, error.message, { cause: error });
      }
      this.broken = true;
      void this.client.unbind().catch(() => {});
      throw new TransportError(this.url, describeTransportError(error, this.config), { cause: error });
    }
  }
}

function describeTransportError(error: unknown, config: ResolvedConnectionConfig): string {
  const e = error as NodeJS.ErrnoException;
  const message = e?.message ?? String(error);
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ECONNRESET') return 'connection reset';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return `host not found (${e.code})`;
  if (e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH') return `unreachable (${e.code})`;
  if (message === 'Connection timeout') return `no connection within ${config.connectTimeoutMs} ms`;
  if (message.endsWith('Operation timed out')) return `no answer within ${config.operationTimeoutMs} ms`;
  if (message.startsWith('Connection closed')) return 'the server closed the connection';
  if (typeof e?.code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|VERIFY/.test(e.code)) return `TLS: ${message}`;
  return message;
}

function toAttributes(raw: Record<string, Buffer | Buffer[] | string[] | string>): Attributes {
  const out: Attributes = {};
  for (const [name, value] of Object.entries(raw)) {
    // ldapts echoes a requested "1.1" (no attributes) as an empty attribute.
    if (name === '1.1') continue;
    const list = Array.isArray(value) ? value : [value];
    out[name] = list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
  }
  return out;
}
