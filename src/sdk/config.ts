import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { SdkError, SdkErrorCode } from './errors.ts';

/** How to verify the server's certificate. */
export interface TlsConfig {
  /** CA bundle(s) as PEM text or buffers. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Path of a PEM CA bundle; read once when the configuration is resolved. */
  readonly caFile?: string;
  /** Only for tests against throwaway servers; defaults to true. */
  readonly rejectUnauthorized?: boolean;
  /** Name to check the certificate against when it differs from the URL's host. */
  readonly servername?: string;
}

export interface ConnectionConfig {
  /** One URL, a space-separated list (`ldap://a:389 ldap://b:389`), or an array; tried in order. */
  readonly urls: string | readonly string[];
  /**
   * Servers that accept writes, when only some do (a primary with read-only
   * replicas). Reads use `urls`; when every write server is down, writes fail
   * with `LINDEN_SDK_READ_ONLY` and reads keep working. Default: `urls`.
   */
  readonly writeUrls?: string | readonly string[];
  /** Upgrade `ldap://` connections with StartTLS before any bind. */
  readonly startTls?: boolean;
  readonly tls?: TlsConfig;
  /** The service identity (DUA). Absent: the SDK works anonymously. */
  readonly bindDn?: string;
  readonly bindPassword?: string;
  /** Connections kept per server; default 4. */
  readonly poolSize?: number;
  /**
   * An idle connection older than this is closed rather than reused; default
   * 45 s, because firewalls silently drop idle TCP sessions after a minute or so.
   */
  readonly idleTimeoutMs?: number;
  /** TCP (and TLS) connect timeout; default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Timeout for every operation, bind included; default 10 s. */
  readonly operationTimeoutMs?: number;
  /** How long a server that failed is tried only after the others; default 30 s. */
  readonly serverRetryMs?: number;
}

export interface ResolvedConnectionConfig {
  readonly readUrls: readonly string[];
  readonly writeUrls: readonly string[];
  /** True when writes have their own servers, so their loss means "read-only", not "unavailable". */
  readonly separateWriters: boolean;
  readonly startTls: boolean;
  readonly tlsOptions: ConnectionOptions;
  readonly bindDn: string | undefined;
  readonly bindPassword: string;
  readonly poolSize: number;
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly operationTimeoutMs: number;
  readonly serverRetryMs: number;
}

function invalid(message: string): SdkError {
  return new SdkError(SdkErrorCode.invalidConfig, message);
}

export function parseUrlList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = typeof value === 'string' ? value.split(/\s+/) : value.flatMap((v) => v.split(/\s+/));
  const urls = parts.map((u) => u.trim()).filter(Boolean);
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid(`not an LDAP URL: ${url}`);
    }
    if (parsed.protocol !== 'ldap:' && parsed.protocol !== 'ldaps:') throw invalid(`not an LDAP URL: ${url}`);
  }
  // ldapts wants proto://host:port only; a trailing "/" (RFC 4516 form) is dropped.
  return urls.map((u) => u.replace(/\/+$/, ''));
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number, got ${value}`);
  return value;
}

export function resolveConnectionConfig(config: ConnectionConfig): ResolvedConnectionConfig {
  const readUrls = parseUrlList(config.urls);
  if (readUrls.length === 0) throw invalid('at least one LDAP URL is required');
  const ownWriters = parseUrlList(config.writeUrls);
  if (config.bindDn !== undefined && !config.bindPassword) {
    throw invalid('bindDn is set without bindPassword (an empty password would be an unauthenticated bind)');
  }
  const tls = config.tls ?? {};
  const ca: (string | Buffer)[] = [];
  if (tls.ca !== undefined) ca.push(...(Array.isArray(tls.ca) ? tls.ca : [tls.ca as string | Buffer]));
  if (tls.caFile !== undefined) {
    try {
      ca.push(readFileSync(tls.caFile));
    } catch (error) {
      throw invalid(`cannot read CA bundle ${tls.caFile}: ${(error as Error).message}`);
    }
  }
  const tlsOptions: ConnectionOptions = {
    ...(ca.length ? { ca } : {}),
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
    ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
  };
  return {
    readUrls,
    writeUrls: ownWriters.length ? ownWriters : readUrls,
    separateWriters: ownWriters.length > 0,
    startTls: config.startTls ?? false,
    tlsOptions,
    bindDn: config.bindDn,
    bindPassword: config.bindPassword ?? '',
    poolSize: Math.floor(positive('poolSize', config.poolSize, 4)),
    idleTimeoutMs: positive('idleTimeoutMs', config.idleTimeoutMs, 45_000),
    connectTimeoutMs: positive('connectTimeoutMs', config.connectTimeoutMs, 5_000),
    operationTimeoutMs: positive('operationTimeoutMs', config.operationTimeoutMs, 10_000),
    serverRetryMs: positive('serverRetryMs', config.serverRetryMs, 30_000),
  };
}
