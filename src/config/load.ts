import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ConfigInput, configSchema, type LindenConfig } from './schema.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `limits.maxPduBytes` → `LINDEN_LIMITS_MAX_PDU_BYTES`. */
export function envName(path: readonly string[]): string {
  return `LINDEN_${path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_')}`;
}

type Shape = Record<string, z.ZodType>;

function unwrap(t: z.ZodType): z.ZodType {
  let cur = t as z.ZodType & { def?: { innerType?: z.ZodType; type?: string } };
  for (let i = 0; i < 10; i++) {
    const def = (cur as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable') && def.innerType) {
      cur = def.innerType as typeof cur;
    } else break;
  }
  return cur;
}

/** Every leaf key of the schema, with the environment variable that overrides it. */
export function configKeys(): { path: string[]; env: string; kind: string }[] {
  const out: { path: string[]; env: string; kind: string }[] = [];
  const walk = (shape: Shape, path: string[]): void => {
    for (const [key, t] of Object.entries(shape)) {
      const inner = unwrap(t);
      const def = (inner as unknown as { def: { type: string; shape?: Shape } }).def;
      if (def.type === 'object' && def.shape) walk(def.shape, [...path, key]);
      else out.push({ path: [...path, key], env: envName([...path, key]), kind: def.type });
    }
  };
  walk((configSchema as unknown as { def: { shape: Shape } }).def.shape, []);
  return out;
}

function coerceEnv(raw: string, kind: string, name: string): unknown {
  switch (kind) {
    case 'number':
      if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new ConfigError(`${name}: expected a number, got '${raw}'`);
      return Number(raw);
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new ConfigError(`${name}: expected true or false, got '${raw}'`);
    case 'array':
      return raw
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    case 'record':
    case 'object':
      try {
        return JSON.parse(raw);
      } catch {
        throw new ConfigError(`${name}: expected JSON`);
      }
    default:
      return raw;
  }
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

/** Validate an input object; the message names every bad key by its YAML path. */
export function validateConfig(input: unknown, source = 'configuration'): LindenConfig {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys.map((k) => (path ? `${path}.${k}` : k));
      return `  ${keys.join(', ')}: unknown key`;
    }
    return `  ${path || '(top)'}: ${issue.message}`;
  });
  throw new ConfigError(`invalid ${source}:\n${lines.join('\n')}`);
}

export interface LoadOptions {
  /** Path of the YAML file; none: defaults and environment only. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Values applied over the file and environment (from command-line flags). */
  overrides?: ConfigInput;
}

/** Load YAML, apply `LINDEN_*` variables, validate, resolve paths against the file's folder. */
export function loadConfig(options: LoadOptions = {}): LindenConfig {
  const env = options.env ?? process.env;
  let raw: Record<string, unknown> = {};
  let base = process.cwd();
  if (options.file) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read ${options.file}: ${(e as Error).message}`);
    }
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0]?.line;
      throw new ConfigError(`${options.file}${line ? `:${line}` : ''}: ${err.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) {
      if (typeof value !== 'object' || Array.isArray(value))
        throw new ConfigError(`${options.file}: expected a mapping of keys at the top`);
      raw = value as Record<string, unknown>;
    }
    base = dirname(resolve(options.file));
  }
  for (const key of configKeys()) {
    const v = env[key.env];
    if (v !== undefined && v !== '') setPath(raw, key.path, coerceEnv(v, key.kind, key.env));
  }
  if (options.overrides) deepMerge(raw, options.overrides as Record<string, unknown>);
  const config = validateConfig(raw, options.file ?? 'configuration');
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  config.dataDir = abs(config.dataDir);
  if (config.store.path) config.store.path = abs(config.store.path);
  if (config.store.urlPasswordFile) config.store.urlPasswordFile = abs(config.store.urlPasswordFile);
  if (config.store.ssl?.caFile) config.store.ssl.caFile = abs(config.store.ssl.caFile);
  if (config.store.engine === 'postgres') checkPostgresUrl(config.store.url);
  if (config.tls.certFile) config.tls.certFile = abs(config.tls.certFile);
  if (config.tls.keyFile) config.tls.keyFile = abs(config.tls.keyFile);
  if (config.admin.passwordFile) config.admin.passwordFile = abs(config.admin.passwordFile);
  if (config.access.file) config.access.file = abs(config.access.file);
  if (config.audit.file) config.audit.file = abs(config.audit.file);
  config.schema.files = config.schema.files.map(abs);
  if (config.listen.ldaps && !(config.tls.certFile && config.tls.keyFile))
    throw new ConfigError('listen.ldaps: needs tls.certFile and tls.keyFile');
  return config;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined) continue;
    const t = target[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && t && typeof t === 'object' && !Array.isArray(t))
      deepMerge(t as Record<string, unknown>, v as Record<string, unknown>);
    else target[k] = v;
  }
}

/** The administrator's password: `LINDEN_ADMIN_PASSWORD` (through the config), the file, or the key. */
export function adminPassword(config: LindenConfig): string | undefined {
  if (config.admin.password) return config.admin.password;
  if (config.admin.passwordFile) {
    try {
      return readFileSync(config.admin.passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new ConfigError(
        `admin.passwordFile: cannot read ${config.admin.passwordFile}: ${(e as Error).message}`,
      );
    }
  }
  return undefined;
}

/** The configuration as `linden config show` prints it: secrets masked. */
export function maskedConfig(config: LindenConfig): LindenConfig {
  const copy = structuredClone(config);
  if (copy.admin.password) copy.admin.password = '********';
  if (copy.store.url) copy.store.url = maskUrl(copy.store.url);
  return copy;
}

/** A PostgreSQL URL with its password (in the user part or a `password=` parameter) replaced by stars. */
export function maskUrl(url: string): string {
  return url
    .replace(/(\/\/[^:/@?#]*:)[^@/?#]*@/, '$1********@')
    .replace(/([?&]password=)[^&#]*/gi, '$1********');
}

function checkPostgresUrl(url: string | undefined): void {
  if (!url)
    throw new ConfigError(
      'store.url: the postgres engine needs a URL, e.g. postgres://linden@db.example.org:5432/linden (or LINDEN_STORE_URL)',
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`store.url: not a URL: ${maskUrl(url)}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new ConfigError(`store.url: expected postgres://…, got ${parsed.protocol}//…`);
}

/**
 * The URL Linden connects to the database with: `store.url` with the password
 * of `store.urlPasswordFile` put in (it replaces any password in the URL). The
 * result carries the secret: never print or log it (use maskUrl).
 */
export function storeUrl(config: LindenConfig): string {
  const url = config.store.url ?? '';
  const file = config.store.urlPasswordFile;
  if (!file) return url;
  let password: string;
  try {
    password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new ConfigError(`store.urlPasswordFile: cannot read ${file}: ${(e as Error).message}`);
  }
  const parsed = new URL(url);
  if (parsed.hostname !== '') {
    parsed.password = encodeURIComponent(password);
    return parsed.toString();
  }
  // A Unix-socket URL (postgres:///db?host=/run/postgresql) has no user part to carry it.
  parsed.searchParams.set('password', password);
  return parsed.toString();
}
