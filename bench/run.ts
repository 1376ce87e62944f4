/**
 * Linden beside OpenLDAP's slapd, on the same data, indexes and access rules:
 *
 *   npm run bench                        100k users, every load, both servers, then 2 cores
 *   npm run bench -- --users 10000       a quick run
 *   npm run bench -- --scaling           indexed search at 10k, 100k and 1M entries
 *   npm run bench -- --scaling --sizes 10000,100000
 *
 * Other options: --duration s (10), --warmup s (3), --servers linden,slapd,
 * --loads search-all,bind,…, --no-multicore, --profile (CPU profile of the
 * Linden server into the run folder), --keep (keep the run folder),
 * --no-write (print only, leave docs/performance.md alone).
 *
 * Servers run on core 0 and the load generator on core 1 (`taskset -c`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDataset } from './dataset.ts';
import type { LoadResult } from './loadgen.ts';
import { LOADS, type LoadName, type LoadRequest } from './loads.ts';
import { diskBytes, loadAverage, machine } from './proc.ts';
import {
  type MainRun,
  mainTables,
  type ScalingRow,
  type ServerRun,
  scalingTable,
  writeSection,
} from './report.ts';
import {
  buildLinden,
  loadLinden,
  loadSlapd,
  type Running,
  type ServerName,
  type ServerSetup,
  startLindenServer,
  startSlapdServer,
} from './servers.ts';

const REPO = resolve(import.meta.dirname, '..');
const DOC = join(REPO, 'docs', 'performance.md');
const SERVER_CORES = '0';
const CLIENT_CORES = '1';

const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    servers: { type: 'string', default: 'linden,slapd' },
    loads: { type: 'string', default: Object.keys(LOADS).join(',') },
    scaling: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'no-multicore': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: false,
});

if (opts.help) {
  process.stdout.write(`npm run bench -- [options]

  --users N          users in the dataset (100000)
  --duration S       seconds measured per load (10)
  --warmup S         seconds of warm-up per load (3)
  --servers LIST     linden,slapd
  --loads LIST       ${Object.keys(LOADS).join(',')}
  --scaling          indexed search at each of --sizes instead of the main run
  --sizes LIST       10000,100000,1000000
  --no-multicore     skip the two-core run
  --profile          CPU profile of the Linden server into the run folder
  --keep             keep the run folder
  --no-write         print the tables only; leave docs/performance.md alone
`);
  process.exit(0);
}

const warmupMs = Number(opts.warmup) * 1000;
const durationMs = Number(opts.duration) * 1000;
const servers = opts.servers.split(',') as ServerName[];
const loads = opts.loads.split(',') as LoadName[];
for (const l of loads)
  if (!(l in LOADS)) throw new Error(`unknown load ${l}; known: ${Object.keys(LOADS).join(', ')}`);
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const log = (s: string) => process.stderr.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One load in a load-generator process of its own, pinned apart from the server. */
function generate(request: LoadRequest, cores = CLIENT_CORES): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      'taskset',
      [
        '-c',
        cores,
        process.execPath,
        '--import',
        'tsx',
        join(REPO, 'bench', 'loadgen-main.ts'),
        JSON.stringify(request),
      ],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolvePromise(JSON.parse(out) as LoadResult);
    });
  });
}

function describe(name: string, r: LoadResult): string {
  const err = r.errors ? `  errors ${r.errors} (${r.firstError})` : '';
  const queued = r.queued ? `  queued ${r.queued} (backlog ≤ ${r.maxBacklog})` : '';
  return `  ${name.padEnd(16)} ${Math.round(r.opsPerSecond).toString().padStart(7)} ops/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  server ${Math.round(r.serverCpuUsPerOp)} µs/op (${Math.round(r.serverCpuPercent)}% CPU)  client CPU ${Math.round(r.clientCpuPercent)}%${queued}${err}`;
}

async function start(server: ServerName, dir: string, setup: ServerSetup): Promise<Running> {
  return server === 'linden' ? startLindenServer(dir, setup) : startSlapdServer(dir, setup);
}

async function load(server: ServerName, dir: string, ldif: string, setup: ServerSetup) {
  return server === 'linden' ? loadLinden(dir, ldif, setup) : loadSlapd(dir, ldif, setup);
}

async function mainRun(root: string): Promise<void> {
  const loadAtStart = loadAverage();
  const users = Number(opts.users);
  const ldif = join(root, 'data.ldif');
  let t = performance.now();
  const entries = await writeDataset(ldif, {
    users,
    groups: Math.max(1, Math.min(1000, Math.floor(users / 100))),
    membersPerGroup: 100,
  });
  log(`dataset: ${entries} entries in ${((performance.now() - t) / 1000).toFixed(1)} s → ${ldif}`);
  const results: Partial<Record<ServerName, ServerRun>> = {};
  const single: ServerSetup = {
    cores: SERVER_CORES,
    ...(opts.profile ? { cpuProfileDir: join(root, 'profiles') } : {}),
  };
  for (const server of servers) {
    const dir = join(root, server);
    mkdirSync(dir, { recursive: true });
    t = performance.now();
    const loaded = await load(server, dir, ldif, single);
    log(`${server}: imported in ${loaded.importSeconds.toFixed(1)} s`);
    const running = await start(server, dir, single);
    await sleep(500);
    const afterLoad = running.memory();
    const done: Partial<Record<LoadName, LoadResult>> = {};
    let halfPeak: LoadResult | undefined;
    for (const name of loads) {
      const request: LoadRequest = {
        host: '127.0.0.1',
        port: running.port,
        load: name,
        users,
        warmupMs,
        durationMs,
        tag: server,
        serverPid: running.pid,
      };
      const r = await generate(request);
      done[name] = r;
      log(describe(name, r));
      if (name === 'search-all') {
        halfPeak = await generate({ ...request, rate: Math.max(1, Math.round(r.opsPerSecond / 2)) });
        log(describe('  at ½ peak', halfPeak));
      }
    }
    const afterLoads = running.memory();
    await running.stop();
    results[server] = {
      importSeconds: loaded.importSeconds,
      diskMiB: diskBytes(loaded.dataDir) / 2 ** 20,
      rssAfterLoadMiB: afterLoad.rssMiB,
      rssAfterLoadsMiB: afterLoads.rssMiB,
      hwmMiB: afterLoads.hwmMiB,
      loads: done,
      halfPeak,
    };
  }

  let multicore: MainRun['multicore'];
  if (!opts['no-multicore']) {
    multicore = {};
    const both: ServerSetup = { cores: '0,1', parallelism: 2 };
    for (const server of servers) {
      const running = await start(server, join(root, server), both);
      await sleep(500);
      const done: Partial<Record<LoadName, LoadResult>> = {};
      log(`${server} on 2 cores (${server === 'linden' ? '--workers 2' : 'threads 2'}):`);
      for (const name of (['search-all', 'bind', 'login'] as LoadName[]).filter((n) => loads.includes(n))) {
        done[name] = await generate(
          {
            host: '127.0.0.1',
            port: running.port,
            load: name,
            users,
            warmupMs,
            durationMs,
            tag: `${server}-mc`,
            serverPid: running.pid,
          },
          '0,1',
        );
        log(describe(name, done[name]));
      }
      await running.stop();
      multicore[server] = done;
    }
  }

  const run: MainRun = {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    machine: machine(),
    command,
    users,
    entries,
    warmupSeconds: warmupMs / 1000,
    durationSeconds: durationMs / 1000,
    loadAverage: [loadAtStart, loadAverage()],
    servers: results,
    multicore,
  };
  const text = mainTables(run);
  process.stdout.write(`\n${text}\n`);
  if (!opts['no-write']) writeSection(DOC, 'main', text);
}

async function scalingRun(root: string): Promise<void> {
  const rows: ScalingRow[] = [];
  for (const size of opts.sizes.split(',').map(Number)) {
    const ldif = join(root, `data-${size}.ldif`);
    // `size` counts users; the groups stay at 1,000 (fewer for small sets) so the entry count is ~size.
    await writeDataset(ldif, {
      users: size,
      groups: Math.max(1, Math.min(1000, Math.floor(size / 100))),
      membersPerGroup: 100,
    });
    for (const server of servers) {
      const dir = join(root, `${server}-${size}`);
      mkdirSync(dir, { recursive: true });
      const setup: ServerSetup = { cores: SERVER_CORES };
      const loaded = await load(server, dir, ldif, setup);
      log(`${server} ${size}: imported in ${loaded.importSeconds.toFixed(1)} s`);
      const running = await start(server, dir, setup);
      await sleep(500);
      const result = await generate({
        host: '127.0.0.1',
        port: running.port,
        load: 'search-all',
        users: size,
        warmupMs,
        durationMs,
        tag: server,
        serverPid: running.pid,
      });
      log(describe(`${size}`, result));
      await running.stop();
      rows.push({ entries: size, server, importSeconds: loaded.importSeconds, result });
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(ldif, { force: true });
  }
  const text = scalingTable(rows, `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, command);
  process.stdout.write(`\n${text}\n`);
  if (!opts['no-write']) writeSection(DOC, 'scaling', text);
}

/**
 * slapd (and taskset) must be there before anything starts: on a fresh Debian
 * machine the bench installs them when it runs as root, and otherwise says
 * what to install.
 */
function ensureTools(): void {
  const missing: string[] = [];
  if (servers.includes('slapd') && !existsSync('/usr/sbin/slapd')) missing.push('slapd');
  if (!existsSync('/usr/bin/taskset')) missing.push('util-linux');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    log(`npm run bench needs ${missing.join(' and ')}: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  log(`installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env });
  // The package starts a system slapd on port 389; the bench runs its own.
  spawnSync('service', ['slapd', 'stop'], { stdio: 'ignore' });
}

ensureTools();
const root = mkdtempSync(join(tmpdir(), 'linden-bench-'));
log(`run folder: ${root}`);
try {
  if (servers.includes('linden')) {
    const t = performance.now();
    await buildLinden(root);
    log(`built Linden in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  if (opts.scaling) await scalingRun(root);
  else await mainRun(root);
} finally {
  if (!opts.keep && !opts.profile) rmSync(root, { recursive: true, force: true });
  else log(`kept ${root}`);
}
