/**
 * Tables for the terminal and for docs/performance.md. The document keeps
 * prose of its own; a run replaces only the text between its section's markers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { LoadResult } from './loadgen.ts';
import { LOADS, type LoadName } from './loads.ts';
import type { machine } from './proc.ts';
import type { ServerName } from './servers.ts';

export interface ServerRun {
  readonly importSeconds: number;
  readonly diskMiB: number;
  readonly rssAfterLoadMiB: number;
  readonly rssAfterLoadsMiB: number;
  readonly hwmMiB: number;
  readonly loads: Partial<Record<LoadName, LoadResult>>;
  /** Open loop at half of the indexed search's peak. */
  readonly halfPeak?: LoadResult | undefined;
}

export interface MainRun {
  readonly date: string;
  readonly machine: ReturnType<typeof machine>;
  readonly command: string;
  readonly users: number;
  readonly entries: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** /proc/loadavg at the start and at the end of the run. */
  readonly loadAverage: readonly [string, string];
  readonly servers: Partial<Record<ServerName, ServerRun>>;
  readonly multicore?: Partial<Record<ServerName, Partial<Record<LoadName, LoadResult>>>> | undefined;
}

export interface ScalingRow {
  readonly entries: number;
  readonly server: ServerName;
  readonly importSeconds: number;
  readonly result: LoadResult;
}

const f0 = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US');
const f2 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;

/** Targets from the issue, as ratios Linden/slapd of ops/s (≥) or of cost (≤). */
const LOAD_TARGET: Partial<Record<LoadName, number>> = {
  'search-all': 1.0,
  'search-cn-mail': 1.0,
  bind: 1.0,
  login: 1.0,
  group: 1.0,
  modify: 0.8,
  add: 0.8,
};

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function verdict(value: number | undefined, target: number | undefined, atMost = false): string {
  if (value === undefined || target === undefined) return '';
  const ok = atMost ? value <= target : value >= target;
  return `${ok ? 'met' : 'missed'} (${atMost ? '≤' : '≥'} ${target})`;
}

export function mainTables(run: MainRun): string {
  const l = run.servers.linden;
  const s = run.servers.slapd;
  const loadRows = (Object.keys(LOADS) as LoadName[])
    .filter((name) => l?.loads[name] || s?.loads[name])
    .map((name) => {
      const a = l?.loads[name];
      const b = s?.loads[name];
      const r = ratio(a?.opsPerSecond, b?.opsPerSecond);
      const errors = (a?.errors ?? 0) + (b?.errors ?? 0);
      const eff = ratio(b?.serverCpuUsPerOp, a?.serverCpuUsPerOp);
      return [
        LOADS[name],
        f0(a?.opsPerSecond),
        f2(a?.p50Ms),
        f2(a?.p99Ms),
        f0(b?.opsPerSecond),
        f2(b?.p50Ms),
        f2(b?.p99Ms),
        f2(r),
        verdict(r, LOAD_TARGET[name]),
        `${f0(a?.serverCpuUsPerOp)} / ${f0(b?.serverCpuUsPerOp)}`,
        f2(eff),
        `${f0(a?.clientCpuPercent)} / ${f0(b?.clientCpuPercent)}`,
        errors ? `${errors}: ${a?.firstError ?? b?.firstError ?? ''}` : '0',
      ];
    });
  const half = [
    [
      'indexed search (all attributes), open loop at ½ of each server’s peak',
      f0(l?.halfPeak?.opsPerSecond),
      f2(l?.halfPeak?.p50Ms),
      f2(l?.halfPeak?.p99Ms),
      f0(s?.halfPeak?.opsPerSecond),
      f2(s?.halfPeak?.p50Ms),
      f2(s?.halfPeak?.p99Ms),
      '',
      l?.halfPeak ? verdict(l.halfPeak.p99Ms, 2, true).replace('≤ 2', 'Linden p99 ≤ 2 ms') : '',
      `${f0(l?.halfPeak?.serverCpuUsPerOp)} / ${f0(s?.halfPeak?.serverCpuUsPerOp)}`,
      '',
      `${f0(l?.halfPeak?.clientCpuPercent)} / ${f0(s?.halfPeak?.clientCpuPercent)}`,
      String((l?.halfPeak?.errors ?? 0) + (s?.halfPeak?.errors ?? 0)),
    ],
  ];
  const loads = table(
    [
      'load',
      'Linden ops/s',
      'p50 ms',
      'p99 ms',
      'slapd ops/s',
      'p50 ms',
      'p99 ms',
      'Linden/slapd',
      'target',
      'server CPU µs/op (L / s)',
      'CPU cost slapd/Linden',
      'load generator CPU % (L / s)',
      'errors',
    ],
    [...loadRows, ...(l?.halfPeak || s?.halfPeak ? half : [])],
  );
  const cost = (
    label: string,
    a: number | undefined,
    b: number | undefined,
    target: number | undefined,
    unit: string,
  ) => {
    const r = ratio(a, b);
    return [
      label,
      a === undefined ? '–' : `${f2(a)} ${unit}`,
      b === undefined ? '–' : `${f2(b)} ${unit}`,
      f2(r),
      verdict(r, target, true),
    ];
  };
  const resources = table(
    ['measure', 'Linden', 'slapd', 'Linden/slapd', 'target'],
    [
      cost(
        `import of ${run.entries.toLocaleString('en-US')} entries (linden import / slapadd)`,
        l?.importSeconds,
        s?.importSeconds,
        1.0,
        's',
      ),
      cost('data on disk', l?.diskMiB, s?.diskMiB, undefined, 'MiB'),
      cost('resident memory after start (VmRSS)', l?.rssAfterLoadMiB, s?.rssAfterLoadMiB, 2.0, 'MiB'),
      cost('resident memory after the loads (VmRSS)', l?.rssAfterLoadsMiB, s?.rssAfterLoadsMiB, 2.0, 'MiB'),
      cost('peak resident memory (VmHWM)', l?.hwmMiB, s?.hwmMiB, 2.0, 'MiB'),
    ],
  );
  let multi = '';
  if (run.multicore) {
    const ml = run.multicore.linden;
    const ms = run.multicore.slapd;
    const rows = (Object.keys(LOADS) as LoadName[])
      .filter((n) => ml?.[n] || ms?.[n])
      .map((n) => {
        const r = ratio(ml?.[n]?.opsPerSecond, ms?.[n]?.opsPerSecond);
        return [
          LOADS[n],
          f0(ml?.[n]?.opsPerSecond),
          f2(ml?.[n]?.p99Ms),
          f0(ms?.[n]?.opsPerSecond),
          f2(ms?.[n]?.p99Ms),
          f2(r),
        ];
      });
    multi = `\n\nTwo cores (\`linden serve --workers 2\` and slapd \`threads 2\`, each on cores 0–1; the load generator shares those cores, so these numbers are lower bounds for both):\n\n${table(
      ['load', 'Linden ops/s', 'p99 ms', 'slapd ops/s', 'p99 ms', 'Linden/slapd'],
      rows,
    )}`;
  }
  const m = run.machine;
  return `Run on ${run.date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, Linux ${m.kernel}, Node ${m.node}.
Command: \`${run.command}\`. ${run.users.toLocaleString('en-US')} users, ${run.entries.toLocaleString('en-US')} entries; each load ${run.warmupSeconds} s warm-up, then ${run.durationSeconds} s measured.
Servers on core 0, load generator on core 1. Load average (1/5/15 min) at the start: ${run.loadAverage[0]}; at the end: ${run.loadAverage[1]}.
"Linden/slapd" divides throughput; "CPU cost slapd/Linden" divides the server CPU time per operation (from /proc/<pid>/stat over the measured window), which other processes on the machine disturb much less than throughput — above 1 means Linden spends less CPU per operation.

${loads}

${resources}${multi}`;
}

export function scalingTable(rows: readonly ScalingRow[], date: string, command: string): string {
  const byEntries = new Map<number, Partial<Record<ServerName, ScalingRow>>>();
  for (const r of rows) byEntries.set(r.entries, { ...byEntries.get(r.entries), [r.server]: r });
  const sizes = [...byEntries.keys()].sort((a, b) => a - b);
  const first = byEntries.get(sizes[0]!)?.linden?.result.opsPerSecond;
  const firstCpu = byEntries.get(sizes[0]!)?.linden?.result.serverCpuUsPerOp;
  const body = sizes.map((n) => {
    const l = byEntries.get(n)?.linden;
    const s = byEntries.get(n)?.slapd;
    return [
      n.toLocaleString('en-US'),
      f0(l?.result.opsPerSecond),
      f2(l?.result.p50Ms),
      f2(l?.result.p99Ms),
      f2(ratio(l?.result.opsPerSecond, first)),
      f0(l?.result.serverCpuUsPerOp),
      // CPU per search relative to the smallest size: above 1 means each search costs more.
      f2(ratio(l?.result.serverCpuUsPerOp, firstCpu)),
      l ? `${l.importSeconds.toFixed(1)} s` : '–',
      f0(s?.result.opsPerSecond),
      f2(s?.result.p50Ms),
      f2(s?.result.p99Ms),
      f0(s?.result.serverCpuUsPerOp),
      s ? `${s.importSeconds.toFixed(1)} s` : '–',
    ];
  });
  return `Run on ${date}. Command: \`${command}\`. Indexed search \`(uid=userN)\`, all user attributes, closed loop 16 × 8. Throughput follows how much of core 0 each server got on a shared machine; the CPU time per search is the measure of how cost grows.

${table(
  [
    'entries',
    'Linden ops/s',
    'p50 ms',
    'p99 ms',
    'vs smallest',
    'server CPU µs/op',
    'CPU vs smallest',
    'linden import',
    'slapd ops/s',
    'p50 ms',
    'p99 ms',
    'slapd CPU µs/op',
    'slapadd',
  ],
  body,
)}`;
}

/** Replaces the text between `<!-- bench:<section>:start -->` and `…:end -->`, creating the document if needed. */
export function writeSection(file: string, section: string, body: string): void {
  const start = `<!-- bench:${section}:start -->`;
  const end = `<!-- bench:${section}:end -->`;
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n';
  const block = `${start}\n${body}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
