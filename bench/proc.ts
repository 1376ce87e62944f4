/**
 * What the benchmark reads about processes and the machine: resident memory
 * from /proc/<pid>/status, disk use from allocated blocks, the CPU model.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Memory {
  /** VmRSS, MiB, summed over the process and its descendants. */
  readonly rssMiB: number;
  /** VmHWM (peak resident), MiB, summed likewise. */
  readonly hwmMiB: number;
}

function statusKiB(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

/** The process and every descendant (workers of a cluster primary), through /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const children = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (children) out.push(...children.split(/\s+/).map(Number));
      } catch {
        // the thread ended between the listing and the read
      }
    }
  }
  return out;
}

export function memory(pid: number): Memory {
  let rss = 0;
  let hwm = 0;
  for (const p of processTree(pid)) {
    try {
      rss += statusKiB(p, 'VmRSS');
      hwm += statusKiB(p, 'VmHWM');
    } catch {
      // gone
    }
  }
  return { rssMiB: rss / 1024, hwmMiB: hwm / 1024 };
}

/** Bytes actually allocated on disk under `dir` (sparse LMDB map files count only what they use). */
export function diskBytes(dir: string): number {
  const st = statSync(dir);
  if (!st.isDirectory()) return st.blocks * 512;
  let total = 0;
  for (const name of readdirSync(dir)) total += diskBytes(join(dir, name));
  return total;
}

export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string; kernel: string } {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  let kernel = 'unknown';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // not Linux
  }
  return { cpu: model, cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version, kernel };
}

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) the process and its descendants have used so
 * far, from /proc/<pid>/stat. Per-operation CPU cost holds up on a busy machine
 * where throughput does not: other processes take wall time, not CPU time.
 */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks / TICKS_PER_SECOND;
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
