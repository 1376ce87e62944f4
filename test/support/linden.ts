import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ConfigInput } from '../../src/config/index.ts';
import { createSelfSigned } from '../../src/server/tls/self-signed.ts';
import { type RunningServer, startServer } from '../../src/service/index.ts';
import { type PostgresServer, startPostgres } from './postgres.ts';

export const ADMIN_PASSWORD = 'admin-secret';
export const BASE = 'dc=example,dc=org';
export const ADMIN_DN = `cn=admin,${BASE}`;

export interface TestLinden extends RunningServer {
  readonly url: string;
  readonly dir: string;
  /** The self-signed certificate's file, when started with `tls: true`. */
  readonly caFile: string | undefined;
  /** Stop the server but keep its data folder (to read its logs or reopen it); `stop()` removes it. */
  shutdown(): Promise<void>;
}

export interface TestLindenOptions {
  /**
   * `postgres`: a fresh database on `postgresUrl`'s server, or (without one) on a
   * private PostgreSQL this process starts on first use and stops when its last
   * Linden stops. `LINDEN_TEST_ENGINE=postgres` makes it the default.
   */
  readonly engine?: 'memory' | 'lmdb' | 'postgres';
  /** With `engine: 'postgres'`: the server (any database on it) to create this Linden's database on. */
  readonly postgresUrl?: string;
  /** With `engine: 'postgres'`: use this database as it is (several nodes on one database) instead of a fresh one. */
  readonly postgresDatabaseUrl?: string;
  readonly tls?: boolean;
  readonly demo?: boolean;
  readonly config?: ConfigInput;
}

/** A real Linden on an ephemeral loopback port, with its own temporary data folder. */
export async function startLinden(options: TestLindenOptions = {}): Promise<TestLinden> {
  const dir = mkdtempSync(join(tmpdir(), 'linden-test-'));
  let tls: { certFile: string; keyFile: string } | undefined;
  if (options.tls) {
    const pair = await createSelfSigned({ commonName: 'localhost' });
    tls = { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
    writeFileSync(tls.certFile, pair.cert);
    writeFileSync(tls.keyFile, pair.key, { mode: 0o600 });
  }
  const engine =
    options.engine ??
    (process.env.LINDEN_TEST_ENGINE as 'memory' | 'lmdb' | 'postgres' | undefined) ??
    'lmdb';
  const database = engine === 'postgres' ? await postgresDatabase(options) : undefined;
  const config: ConfigInput = {
    dataDir: dir,
    store: database ? { engine, url: database.url } : { engine },
    listen: { ldap: '127.0.0.1:0', ldaps: tls ? '127.0.0.1:0' : '', http: '' },
    admin: { dn: ADMIN_DN, password: ADMIN_PASSWORD },
    demo: options.demo ?? true,
    log: { level: (process.env.LINDEN_TEST_LOG as 'info' | undefined) ?? 'silent', access: false },
    ...(tls ? { tls } : {}),
    ...options.config,
  };
  let running: RunningServer;
  try {
    running = await startServer({ config });
  } catch (e) {
    await database?.release();
    throw e;
  }
  const stopServer = running.stop.bind(running);
  let released = false;
  const stop = async (): Promise<void> => {
    await stopServer();
    if (released) return;
    released = true;
    await database?.release();
  };
  return Object.assign(Object.create(running) as RunningServer, running, {
    url: running.url!,
    dir,
    caFile: tls?.certFile,
    shutdown: stop,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** The private PostgreSQL shared by this process's postgres Lindens, and how many use it. */
let sharedPostgres: { server: Promise<PostgresServer>; users: number } | undefined;
let databases = 0;

/** A database for one test Linden; `release` stops the private server after its last user. */
async function postgresDatabase(
  options: TestLindenOptions,
): Promise<{ url: string; release(): Promise<void> }> {
  if (options.postgresDatabaseUrl) return { url: options.postgresDatabaseUrl, release: async () => {} };
  let serverUrl = options.postgresUrl;
  let release = async (): Promise<void> => {};
  if (serverUrl === undefined) {
    sharedPostgres ??= { server: startPostgres(), users: 0 };
    const shared = sharedPostgres;
    shared.users++;
    release = async () => {
      if (--shared.users > 0) return;
      if (sharedPostgres === shared) sharedPostgres = undefined;
      await (await shared.server).stop();
    };
    try {
      serverUrl = (await shared.server).url;
    } catch (e) {
      await release().catch(() => {});
      throw e;
    }
  }
  const name = `linden_test_${process.pid}_${++databases}`;
  try {
    await createDatabase(serverUrl, name);
  } catch (e) {
    await release();
    throw e;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), release };
}

/** Creates the database `name` on the server at `serverUrl`. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a command (an LDAP client) and collect its output; never rejects on a non-zero exit. */
export function run(
  cmd: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      {
        env: { ...process.env, LDAPTLS_REQCERT: 'demand', ...options.env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** Parse ldapsearch's LDIF output into `{ dn, attrs }` records (base64 values decoded). */
export function parseLdapsearch(text: string): { dn: string; attrs: Record<string, string[]> }[] {
  const unfolded = text.replace(/\r?\n /g, '');
  const out: { dn: string; attrs: Record<string, string[]> }[] = [];
  for (const block of unfolded.split(/\n\n+/)) {
    const lines = block.split('\n').filter((l) => l && !l.startsWith('#'));
    if (lines.length === 0) continue;
    let dn = '';
    const attrs: Record<string, string[]> = {};
    for (const line of lines) {
      const m = /^([^:]+)(::?) ?(.*)$/.exec(line);
      if (!m) continue;
      const value = m[2] === '::' ? Buffer.from(m[3]!, 'base64').toString('utf8') : m[3]!;
      if (m[1] === 'dn') dn = value;
      else {
        const list = attrs[m[1]!] ?? [];
        list.push(value);
        attrs[m[1]!] = list;
      }
    }
    if (dn || Object.keys(attrs).length) out.push({ dn, attrs });
  }
  return out;
}
