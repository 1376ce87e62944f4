/**
 * Child processes of the benchmark: pinned with `taskset -c`, timed, and
 * waited for until they answer LDAP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { encode } from './requests.ts';

export interface Pinned {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** `taskset -c <cores> file args…`; taskset execs, so child.pid is the program's own pid. */
export function spawnPinned(cores: string, file: string, args: readonly string[], cwd?: string): Pinned {
  const child = spawn('taskset', ['-c', cores, file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-20_000);
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}

/** Runs a command pinned to `cores` to completion; resolves with wall seconds and stdout. */
export function timed(
  cores: string,
  file: string,
  args: readonly string[],
  cwd?: string,
): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', cores, file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(cwd ? { cwd } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString()).slice(-20_000);
    });
    child.once('exit', (code) => {
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000, stdout: out });
      else reject(new Error(`${file} ${args.join(' ')} exited with ${code}\n${err}`));
    });
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the kernel');
  return address.port;
}

const anonymousBind = encode({
  type: 'bindRequest',
  version: 3,
  name: '',
  authentication: { type: 'simple', password: Buffer.alloc(0) },
});

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', () => done(true));
    socket.once('connect', () => socket.write(anonymousBind.bytes));
  });
}

/** Polls with an anonymous bind until the server answers, the process exits, or the time is up. */
export async function waitForLdap(port: number, p: Pinned, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: number | null | undefined;
  void p.exited.then((c) => {
    exit = c;
  });
  while (Date.now() < deadline) {
    if (exit !== undefined) throw new Error(`server exited with ${exit}\n${p.stderr()}`);
    if (await answers(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no LDAP answer on port ${port}\n${p.stderr()}`);
}

export async function stopProcess(p: Pinned, timeoutMs = 15_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  await p.exited;
  clearTimeout(timer);
}
