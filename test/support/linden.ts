import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/config/index.ts';
import { createSelfSigned } from '../../src/server/tls/self-signed.ts';
import { type RunningServer, startServer } from '../../src/service/index.ts';

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
  readonly engine?: 'memory' | 'lmdb';
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
  const config: ConfigInput = {
    dataDir: dir,
    store: {
      engine: options.engine ?? (process.env.LINDEN_TEST_ENGINE as 'memory' | 'lmdb' | undefined) ?? 'lmdb',
    },
    listen: { ldap: '127.0.0.1:0', ldaps: tls ? '127.0.0.1:0' : '', http: '' },
    admin: { dn: ADMIN_DN, password: ADMIN_PASSWORD },
    demo: options.demo ?? true,
    log: { level: (process.env.LINDEN_TEST_LOG as 'info' | undefined) ?? 'silent', access: false },
    ...(tls ? { tls } : {}),
    ...options.config,
  };
  const running = await startServer({ config });
  const stop = running.stop.bind(running);
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
