/**
 * Load: many idle connections held open while active clients log users in
 * the way applications do (search for the user's DN, then bind as it).
 *
 *   node --import tsx scripts/load.ts [--idle 5000] [--active 500] [--seconds 60] [--scheme SSHA512]
 *
 * Starts `linden serve` as a child process (LMDB, demo tree), opens the idle
 * connections (each answers one WhoAmI, then stays silent), runs the active
 * clients (ldapts) for the given time, and reports operations, errors,
 * latency, and the server's RSS sampled from /proc. Exits non-zero on any
 * error or lost idle connection. `runLoad()` is what the test suite runs, on
 * a smaller scale, against a server it starts itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'ldapts';

export interface LoadOptions {
  readonly url: string;
  readonly idle: number;
  readonly active: number;
  readonly seconds: number;
  readonly base: string;
  /** Users the active clients log in as (uid, password). */
  readonly users: readonly { uid: string; password: string }[];
  /** Called every second with the progress so far. */
  readonly onTick?: (progress: LoadProgress) => void;
}

export interface LoadProgress {
  readonly logins: number;
  readonly errors: number;
  readonly idleOpen: number;
  readonly elapsedMs: number;
}

export interface LoadResult extends LoadProgress {
  readonly idleLost: number;
  readonly loginsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly firstErrors: string[];
}

// A WhoAmI request, messageID 1: 30 1e 02 01 01 77 19 80 17 "1.3.6.1.4.1.4203.1.11.3".
const WHO_AM_I = Buffer.concat([
  Buffer.from([0x30, 0x1e, 0x02, 0x01, 0x01, 0x77, 0x19, 0x80, 0x17]),
  Buffer.from('1.3.6.1.4.1.4203.1.11.3'),
]);

/** One idle connection: admitted and served once, then silent. Resolves once the answer arrived. */
async function openIdle(url: URL, localAddress: string): Promise<Socket> {
  const socket = createConnection({ port: Number(url.port), host: url.hostname, localAddress });
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(WHO_AM_I);
  const [chunk] = (await once(socket, 'data')) as [Buffer];
  // The answer is an ExtendedResponse ([APPLICATION 24] = 0x78) to messageID 1.
  if (chunk[0] !== 0x30 || !chunk.includes(0x78)) throw new Error('idle connection was not served');
  return socket;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const idle: Socket[] = [];
  let idleLost = 0;
  // Spread the idle connections over a few loopback source addresses, like several application hosts.
  for (let i = 0; i < options.idle; i += 100) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(100, options.idle - i) }, (_, j) =>
        openIdle(url, `127.0.0.${2 + ((i + j) % 8)}`),
      ),
    );
    for (const s of opened) {
      s.once('close', () => idleLost++);
      idle.push(s);
    }
  }

  const latencies: number[] = [];
  let logins = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const fail = (e: unknown): void => {
    errors++;
    if (firstErrors.length < 5) firstErrors.push(e instanceof Error ? e.message : String(e));
  };
  const ticker = setInterval(
    () =>
      options.onTick?.({ logins, errors, idleOpen: idle.length - idleLost, elapsedMs: Date.now() - started }),
    1000,
  );
  const worker = async (w: number): Promise<void> => {
    const client = new Client({ url: options.url, timeout: 60_000, connectTimeout: 30_000 });
    try {
      while (Date.now() < deadline) {
        const user = options.users[(w + logins) % options.users.length]!;
        const t = performance.now();
        try {
          // Search-then-bind: find the DN anonymously, then bind as it (what the SDK's login does).
          await client.bind('', '');
          const { searchEntries } = await client.search(options.base, {
            scope: 'sub',
            filter: `(uid=${user.uid})`,
            attributes: ['1.1'],
          });
          if (searchEntries.length !== 1)
            throw new Error(`search for ${user.uid} found ${searchEntries.length}`);
          await client.bind(searchEntries[0]!.dn, user.password);
          logins++;
          latencies.push(performance.now() - t);
        } catch (e) {
          fail(e);
        }
      }
    } finally {
      await client.unbind().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: options.active }, (_, w) => worker(w)));
  clearInterval(ticker);
  const elapsedMs = Date.now() - started;
  const idleOpen = idle.length - idleLost;
  for (const s of idle) s.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  return {
    logins,
    errors,
    idleOpen,
    idleLost,
    elapsedMs,
    loginsPerSecond: Math.round((logins * 1000) / elapsedMs),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    maxMs: Math.round(latencies[latencies.length - 1] ?? 0),
    firstErrors,
  };
}

function openFilesLimit(): number {
  const m = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return Number(m?.[1] ?? 1024);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      idle: { type: 'string', default: '5000' },
      active: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '60' },
      scheme: { type: 'string', default: 'SSHA512' },
    },
  });
  const idleCount = Number(values.idle);
  const activeCount = Number(values.active);
  // Both this process and the server hold one descriptor per connection, plus some slack.
  const needed = idleCount + activeCount + 1024;
  if (openFilesLimit() < needed && !process.env.LINDEN_LOAD_REEXEC) {
    // Raise the soft limit in a shell and run again; the server child inherits it.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `ulimit -n ${needed} && exec "$@"`,
        'sh',
        process.execPath,
        ...process.execArgv,
        ...process.argv.slice(1),
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, LINDEN_LOAD_REEXEC: '1' },
      },
    );
    if (r.status !== 0 && openFilesLimit() < needed)
      console.error(`could not raise the open-files limit to ${needed}: try \`ulimit -n ${needed}\` first`);
    process.exit(r.status ?? 1);
  }

  const { startChildLinden } = await import('../test/robustness/child-linden.ts');
  const dir = mkdtempSync(join(tmpdir(), 'linden-load-'));
  const server = await startChildLinden({
    dir,
    config: {
      dataDir: join(dir, 'data'),
      listen: { ldap: '127.0.0.1:0', http: '' },
      admin: { dn: 'cn=admin,dc=example,dc=org', password: 'load-secret' },
      demo: true,
      passwords: { scheme: values.scheme as 'SSHA512' },
      log: { level: 'warn', access: false },
      audit: { enabled: false },
      lockout: { maxFailures: 0 },
      limits: {
        maxConnections: needed * 2,
        maxConnectionsPerAddress: needed * 2,
        idleTimeout: 0,
        bindRatePerMinute: 0,
      },
    },
  });
  const rss: number[] = [];
  const cpu = () => {
    const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  };
  const cpuStart = cpu();
  console.log(
    `linden pid ${server.pid} at ${server.url}; ${idleCount} idle + ${activeCount} active for ${values.seconds} s; ` +
      `${execFileSync('nproc').toString().trim()} cores; passwords ${values.scheme}`,
  );
  try {
    const result = await runLoad({
      url: server.url,
      idle: idleCount,
      active: activeCount,
      seconds: Number(values.seconds),
      base: 'dc=example,dc=org',
      users: ['alice', 'bob', 'chloe', 'darius'].map((uid) => ({ uid, password: 'linden-demo' })),
      onTick: (p) => {
        rss.push(server.rss());
        if (p.elapsedMs % 10_000 < 1000)
          console.log(
            `${Math.round(p.elapsedMs / 1000)} s: ${p.logins} logins, ${p.errors} errors, ${p.idleOpen} idle open, server RSS ${server.rss() >> 20} MB`,
          );
      },
    });
    const cpuUsed = cpu() - cpuStart;
    console.log(
      JSON.stringify(
        {
          ...result,
          serverRssStartMb: (rss[0] ?? 0) >> 20,
          serverRssMaxMb: Math.max(...rss) >> 20,
          serverRssEndMb: (rss[rss.length - 1] ?? 0) >> 20,
          serverCpuSeconds: cpuUsed,
        },
        null,
        2,
      ),
    );
    const ok = result.errors === 0 && result.idleLost === 0 && server.child.exitCode === null;
    console.log(ok ? 'PASS: no errors, every idle connection still open' : 'FAIL');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
