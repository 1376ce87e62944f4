/**
 * Linden on PostgreSQL against Linden on LMDB and OpenLDAP's slapd, over LDAP:
 * indexed search (`(uid=userN)`, random N) and add throughput, for one LMDB
 * node, one PostgreSQL node, two PostgreSQL nodes sharing the database, and
 * slapd (back-mdb, two threads) on the same data and indexes. Every server is a `linden serve` process; the load
 * comes from this process through `ldapts`, a fixed number of connections
 * each with one request in flight. PostgreSQL runs with fsync and
 * synchronous_commit on, LMDB with its default sync: an add is durable before
 * its response on both.
 *
 *   npm run bench:postgres -- [users=20000] [seconds=10] [connections=16]
 *
 * Run by hand, never by the test suite. The table it prints goes into
 * docs/operations-postgres.md with the machine and date.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Attribute, Client } from 'ldapts';
import pg from 'pg';
import { createDatabase } from '../test/support/linden.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { freePort } from '../test/support/slapd.ts';
import { ADMIN_DN, ADMIN_PASSWORD, PEOPLE, userUid, writeDataset } from './dataset.ts';
import { INDEXES, loadSlapd, startSlapdServer } from './servers.ts';

const users = Number(process.argv[2] ?? 20_000);
const seconds = Number(process.argv[3] ?? 10);
const connections = Number(process.argv[4] ?? 16);
const bin = fileURLToPath(new URL('../bin/linden.js', import.meta.url));

interface Node {
  readonly url: string;
  readonly child: ChildProcess;
}

/** What the load needs of a server: where it listens and its process, for CPU time. */
interface Target {
  readonly url: string;
  readonly child: Pick<ChildProcess, 'pid'>;
}

const dir = mkdtempSync(join(tmpdir(), 'linden-bench-pg-'));
let postmaster = 0;
const db = await startPostgres();
const stopAll: (() => Promise<void>)[] = [];
try {
  // The test harness turns fsync off; a benchmark of durable writes turns it back on.
  // initdb's 128 MB of shared buffers and 1 GB of WAL between checkpoints are
  // sized for a laptop: a database server for 100,000 users gets room for its
  // postings' index (about 1.5 GB at that size) and fewer checkpoints during a bulk load.
  let admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  for (const setting of [
    'fsync = on',
    'synchronous_commit = on',
    "shared_buffers = '1GB'",
    "max_wal_size = '4GB'",
  ])
    await admin.query(`ALTER SYSTEM SET ${setting}`);
  await admin.end();
  await db.halt();
  await db.restart();
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const backend = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  postmaster = statFields(backend)[1]!;
  await admin.end();

  const ldif = join(dir, 'data.ldif');
  const entries = await writeDataset(ldif, { users, groups: Math.ceil(users / 100), membersPerGroup: 100 });
  const lmdbYaml = config('lmdb', '{ engine: lmdb }');
  const pgYaml = config('pg', `{ engine: postgres, url: '${await createDatabase(db.url, 'bench')}' }`);

  let t = Date.now();
  await linden(['import', '-c', lmdbYaml, ldif]);
  const lmdbImport = (Date.now() - t) / 1000;
  t = Date.now();
  await linden(['import', '-c', pgYaml, ldif]);
  const pgImport = (Date.now() - t) / 1000;
  t = Date.now();
  await linden(['store', 'copy', '--force', '--from', lmdbYaml, '--to', pgYaml]);
  const pgCopy = (Date.now() - t) / 1000;

  const rows: string[][] = [];
  const measure = async (
    name: string,
    tag: string,
    nodes: Target[],
  ): Promise<{ search: number; add: number }> => {
    const search = await load(nodes, (c, i) =>
      c.search(PEOPLE, { filter: `(uid=${userUid(1 + ((i * 7919) % users))})`, attributes: ['cn', 'mail'] }),
    );
    const add = await load(nodes, (c, i, w) =>
      c.add(`uid=add-${tag}-${w}-${i},${PEOPLE}`, [
        new Attribute({ type: 'objectClass', values: ['inetOrgPerson'] }),
        new Attribute({ type: 'uid', values: [`add-${tag}-${w}-${i}`] }),
        new Attribute({ type: 'cn', values: [`Added ${w} ${i}`] }),
        new Attribute({ type: 'sn', values: ['Added'] }),
      ]),
    );
    rows.push([
      name,
      search.rate.toFixed(0),
      add.rate.toFixed(0),
      String(search.nodeUs),
      String(search.pgUs),
    ]);
    return { search: search.rate, add: add.rate };
  };

  const lmdbNode = await serve(lmdbYaml);
  const lmdb = await measure('LMDB, 1 node', 'lmdb', [lmdbNode]);
  await stop(lmdbNode);
  const pgA = await serve(pgYaml);
  const pg1 = await measure('PostgreSQL, 1 node', 'pg1', [pgA]);
  const pgB = await serve(
    config('pg-b', `{ engine: postgres, url: '${db.url.replace(/\/postgres$/, '/bench')}' }`),
  );
  const pg2 = await measure('PostgreSQL, 2 nodes', 'pg2', [pgA, pgB]);
  await stop(pgA);
  await stop(pgB);
  // OpenLDAP's slapd on the same data, indexes and cores, under the same load: the yardstick.
  const slapdDir = join(dir, 'slapd');
  const slapdLoaded = await loadSlapd(slapdDir, ldif, { cores: '0,1' });
  const slapdServer = await startSlapdServer(slapdDir, { cores: '0,1', parallelism: 2 });
  stopAll.push(() => slapdServer.stop());
  const slapd = await measure('slapd (back-mdb, 2 threads)', 'slapd', [
    { url: `ldap://127.0.0.1:${slapdServer.port}`, child: { pid: slapdServer.pid } },
  ]);
  await slapdServer.stop();

  const out: string[] = [];
  out.push(
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  out.push(
    `${entries} entries (${users} users, ${Math.ceil(users / 100)} groups); ${connections} connections, ${seconds} s per figure`,
  );
  out.push('');
  out.push(
    '| setup | indexed search /s | add /s | search vs LMDB | add vs LMDB | search vs slapd | add vs slapd | server CPU µs per search | PostgreSQL CPU µs per search |',
  );
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [row, r] of [
    [rows[0]!, lmdb],
    [rows[1]!, pg1],
    [rows[2]!, pg2],
    [rows[3]!, slapd],
  ] as const)
    out.push(
      `| ${row[0]} | ${row[1]} | ${row[2]} | ${(r.search / lmdb.search).toFixed(2)} | ${(r.add / lmdb.add).toFixed(2)} | ${(r.search / slapd.search).toFixed(2)} | ${(r.add / slapd.add).toFixed(2)} | ${row[3]} | ${row[4]} |`,
    );
  out.push('');
  out.push(
    `linden import: LMDB ${lmdbImport.toFixed(1)} s, PostgreSQL ${pgImport.toFixed(1)} s; slapadd -q ${slapdLoaded.importSeconds.toFixed(1)} s; linden store copy LMDB → PostgreSQL ${pgCopy.toFixed(1)} s`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  for (const s of stopAll) await s().catch(() => {});
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}

function config(name: string, store: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `dataDir: ./${name}-data`,
      `admin: { dn: '${ADMIN_DN}', password: '${ADMIN_PASSWORD}' }`,
      `store: ${store}`,
      "listen: { ldap: '127.0.0.1:0', http: '' }",
      // The indexes slapd keeps beside it (bench/servers.ts), so that adds write the same postings.
      `indexes: { ${Object.entries(INDEXES)
        .map(([a, kinds]) => `${a}: [${kinds.join(', ')}]`)
        .join(', ')} }`,
      'log: { level: warn, access: false }',
      'limits: { bindRatePerMinute: 0 }',
      '',
    ].join('\n'),
  );
  return file;
}

/** Runs a `linden` command to its end, however long it takes. */
function linden(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, ...args], { maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`linden ${args.join(' ')}: ${stderr || error.message}`));
      process.stderr.write(stdout);
      resolve();
    });
  });
}

async function serve(file: string): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'serve', '-c', file], {
    env: { ...process.env, LINDEN_LISTEN_LDAP: `127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('Linden is serving')) resolve();
    });
    child.once('exit', () => reject(new Error(text)));
  });
  const node = { url: `ldap://127.0.0.1:${port}`, child };
  stopAll.push(() => stop(node));
  return node;
}

async function stop(node: Node): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.child.kill('SIGTERM');
  await once(node.child, 'exit');
}

/** Fields of /proc/<pid>/stat after the command: [state, ppid, …]; utime and stime are [11] and [12]. */
function statFields(pid: number): number[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').map(Number);
}

/** CPU ticks (1/100 s) of PostgreSQL: the postmaster, its live children and those it has reaped. */
function postgresTicks(): number {
  let ticks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = statFields(Number(name));
      if (f[1] === postmaster) ticks += f[11]! + f[12]!;
      if (Number(name) === postmaster) ticks += f[11]! + f[12]! + f[13]! + f[14]!;
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

function nodeTicks(nodes: readonly Target[]): number {
  return nodes.reduce((sum, n) => {
    const f = statFields(n.child.pid!);
    return sum + f[11]! + f[12]!;
  }, 0);
}

/**
 * Operations per second over `seconds`, `connections` spread over the nodes,
 * after a 2 s warm-up; with the CPU the nodes and PostgreSQL spent per operation.
 */
async function load(
  nodes: readonly Target[],
  op: (c: Client, i: number, worker: number) => Promise<unknown>,
): Promise<{ rate: number; nodeUs: number; pgUs: number }> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      const c = new Client({ url: nodes[w % nodes.length]!.url });
      await c.bind(ADMIN_DN, ADMIN_PASSWORD);
      return c;
    }),
  );
  let counting = false;
  let done = 0;
  let stopAt = Date.now() + 2000 + seconds * 1000;
  let cpu = { node: 0, pg: 0 };
  const warm = setTimeout(() => {
    counting = true;
    stopAt = Date.now() + seconds * 1000;
    cpu = { node: nodeTicks(nodes), pg: postgresTicks() };
  }, 2000);
  const started = { at: 0 };
  await Promise.all(
    clients.map(async (c, w) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        await op(c, i + w * 1_000_000, w);
        if (counting) {
          if (started.at === 0) started.at = Date.now();
          done++;
        }
      }
    }),
  );
  clearTimeout(warm);
  const elapsed = (Date.now() - (started.at || Date.now())) / 1000;
  const perOp = (ticks: number): number => Math.round((ticks * 10_000) / Math.max(1, done));
  const nodeUs = perOp(nodeTicks(nodes) - cpu.node);
  const pgUs = perOp(postgresTicks() - cpu.pg);
  await Promise.all(clients.map((c) => c.unbind()));
  return { rate: done / Math.max(0.001, elapsed), nodeUs, pgUs };
}
