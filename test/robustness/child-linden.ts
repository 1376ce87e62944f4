/**
 * `linden serve` as a child process, the way an operator runs it: a YAML
 * configuration file, a data folder, signals. Used where the test needs a
 * process it can kill, signal, or measure from the outside (RSS from /proc).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ConfigInput } from '../../src/config/index.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface ChildLinden {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  readonly ldapsUrl: string | undefined;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stderr (the start banner, crashes). */
  stderr(): string;
  /** Resolves once a line of the log (stdout) matches. */
  waitForLog(pattern: RegExp): Promise<string>;
  /** Resident set size in bytes, from /proc. */
  rss(): number;
  /** SIGTERM (graceful stop) and wait for the exit. */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Where the configuration file is written; the process runs with it as `-c`. */
  readonly dir: string;
  readonly config: ConfigInput;
  /** Where stdout (the pino log) goes: a file path, or dropped. */
  readonly logFile?: string;
  /** Extra arguments for node (e.g. --max-old-space-size). */
  readonly nodeArgs?: readonly string[];
}

/** Starts `linden serve -c <dir>/config.yaml` and resolves once it listens. */
export async function startChildLinden(options: ChildOptions): Promise<ChildLinden> {
  mkdirSync(options.dir, { recursive: true });
  const configFile = join(options.dir, 'config.yaml');
  writeFileSync(configFile, stringify(options.config));
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), join(root, 'bin', 'linden.js'), 'serve', '-c', configFile],
    {
      cwd: options.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  if (options.logFile) child.stdout!.pipe(createWriteStream(options.logFile, { flags: 'a' }));
  const logWatchers = new Set<(line: string) => void>();
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const w of logWatchers) w(line);
  });
  let err = '';
  const urls = new Promise<{ url: string; ldapsUrl: string | undefined }>((resolve, reject) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      err += chunk;
      if (/Bind as the administrator/.test(err)) {
        const url = /\s(ldap:\/\/\S+)/.exec(err)?.[1];
        const ldapsUrl = /\s(ldaps:\/\/\S+)/.exec(err)?.[1];
        if (url) resolve({ url, ldapsUrl });
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`linden serve exited (${code ?? signal}) before listening:\n${err}`)),
    );
  });
  const { url, ldapsUrl } = await urls;
  const pid = child.pid!;
  return {
    child,
    pid,
    url,
    ldapsUrl,
    exited,
    stderr: () => err,
    waitForLog: (pattern) =>
      new Promise((resolve) => {
        const watcher = (line: string): void => {
          if (!pattern.test(line)) return;
          logWatchers.delete(watcher);
          resolve(line);
        };
        logWatchers.add(watcher);
      }),
    rss: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Kills the process with SIGKILL and waits until it is gone. */
export async function killChild(c: ChildLinden): Promise<void> {
  if (c.child.exitCode === null && c.child.signalCode === null) {
    c.child.kill('SIGKILL');
  }
  await c.exited;
}
