/**
 * Starts a private PostgreSQL server for a test: initdb in a temporary folder,
 * an ephemeral port on 127.0.0.1, the Unix socket inside the folder, trust
 * authentication. PostgreSQL refuses to run as root, so when the tests run as
 * root the server runs as the unprivileged `postgres` user (Debian's package
 * creates it), which owns the folder.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './slapd.ts';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  readonly url: string;
  readonly port: number;
  /** Stops the server at once (immediate shutdown), keeping its data and port for `restart`. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port and data; resolves once it accepts connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export function postgresAvailable(): boolean {
  return binDir() !== undefined;
}

function run(file: string, args: readonly string[], asUser: string | undefined): Promise<string> {
  const [cmd, argv] = asUser ? ['runuser', ['-u', asUser, '--', file, ...args]] : [file, [...args]];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (Debian: apt-get install postgresql)');
  const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'linden-pg-'));
  const data = join(dir, 'data');
  try {
    if (asUser) {
      const { uid, gid } = await lookupUser(asUser);
      await chown(dir, uid, gid);
    }
    await run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], asUser);
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    // `-w` makes pg_ctl return only once the server accepts connections (or failed to start).
    const start = () =>
      run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start'], asUser);
    await start();
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      async halt() {
        await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asUser);
      },
      async restart() {
        await start();
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asUser).catch(() => {});
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function lookupUser(name: string): Promise<{ uid: number; gid: number }> {
  const out = await run('id', ['-u', name], undefined);
  const gid = await run('id', ['-g', name], undefined);
  return { uid: Number(out.trim()), gid: Number(gid.trim()) };
}
