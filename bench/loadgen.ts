/**
 * The load generator: raw `node:net` sockets, pre-encoded requests (only the
 * four message id bytes are rewritten per send), several requests outstanding
 * per connection, and responses framed by their BER length alone — an entry
 * is counted, never decoded. It reports its own CPU time so a reader can check
 * that it was not the bottleneck.
 *
 * Closed loop by default (each completion sends the next request on the same
 * connection); with `rate` set it is open loop: requests leave on a schedule
 * and latency is measured from the scheduled time, so a slow server cannot hide
 * its queueing (no coordinated omission). A request that falls due while every
 * connection already has `depth` outstanding waits in the generator's backlog
 * and leaves on the first connection that frees up, its clock still running
 * from the scheduled time: it is neither dropped nor counted as an error.
 */
import { connect, type Socket } from 'node:net';
import { LatencySamples } from './latency.ts';
import { cpuSeconds } from './proc.ts';
import { ADD_DIGITS, type AddTemplate, type Encoded } from './requests.ts';

export type LoadKind = 'single' | 'login' | 'add';

export interface LoadPlan {
  readonly host: string;
  readonly port: number;
  readonly kind: LoadKind;
  readonly connections: number;
  /** Requests outstanding per connection (1 for binds: RFC 4511 §4.2.1 forbids pipelining after a bind). */
  readonly depth: number;
  /** Sent and awaited once on every connection before the clock starts. */
  readonly setup?: Encoded | undefined;
  /** `single`: the requests, used round-robin. `login`: the searches. */
  readonly requests: readonly Encoded[];
  /** `login`: the bind sent after the search at the same index. */
  readonly followUps?: readonly Encoded[] | undefined;
  readonly addTemplate?: AddTemplate | undefined;
  /** Result codes counted as success besides 0 (e.g. 4 sizeLimitExceeded for a limited search). */
  readonly okCodes?: readonly number[] | undefined;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Open loop: total requests per second across all connections. */
  readonly rate?: number | undefined;
  /** The server's pid, to read its CPU time over the measured window. */
  readonly serverPid?: number | undefined;
}

export interface LoadResult {
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly entries: number;
  /** The generator's own CPU over the measured window, in % of one core. */
  readonly clientCpuPercent: number;
  readonly outstanding: number;
  /** Open loop: measured requests that waited in the backlog because every connection was `depth` deep. */
  readonly queued: number;
  /** Open loop: the most requests waiting in the backlog at once. */
  readonly maxBacklog: number;
  /** Server CPU (user + system) per completed operation over the measured window, µs. */
  readonly serverCpuUsPerOp: number;
  /** Server CPU over the measured window, in % of one core. */
  readonly serverCpuPercent: number;
}

const DONE_TAGS = new Set([0x61, 0x65, 0x67, 0x69, 0x6b, 0x6d, 0x6f, 0x78]);
const SEARCH_ENTRY = 0x64;
const FIRST_ID = 0x01000000;
const LAST_ID = 0x7ffffffe;

interface Pending {
  startedAt: number;
  index: number;
  step: number;
  entries: number;
}

type Phase = 'warmup' | 'measure' | 'drain';

class Run {
  phase: Phase = 'warmup';
  next = 0;
  addCounter = 0;
  ops = 0;
  errors = 0;
  entries = 0;
  firstError: string | undefined;
  queued = 0;
  maxBacklog = 0;
  /** Open loop: scheduled start times of requests waiting for a connection with room, oldest first. */
  readonly backlog: number[] = [];
  backlogHead = 0;
  readonly samples = new LatencySamples();
  readonly ok: Set<number>;
  readonly connections: Connection[] = [];

  constructor(readonly plan: LoadPlan) {
    this.ok = new Set([0, ...(plan.okCodes ?? [])]);
  }

  /** Sends the next request of the mix on `conn`, its clock started at `startedAt`. */
  issue(conn: Connection, startedAt: number): void {
    const plan = this.plan;
    if (plan.kind === 'add') {
      const t = plan.addTemplate!;
      const n = this.addCounter++;
      const digits = String(n).padStart(ADD_DIGITS, '0');
      const bytes = Buffer.from(t.request.bytes);
      for (const at of t.digitOffsets) bytes.write(digits, at, 'latin1');
      conn.send({ bytes, idOffset: t.request.idOffset }, { startedAt, index: n, step: 0, entries: 0 }, true);
      return;
    }
    const index = this.next++ % plan.requests.length;
    conn.send(plan.requests[index]!, { startedAt, index, step: 0, entries: 0 }, false);
  }

  completed(conn: Connection, p: Pending, resultCode: number): void {
    const now = performance.now();
    if (!this.ok.has(resultCode)) this.fail(`result code ${resultCode}`);
    else if (this.plan.kind === 'login' && p.step === 0) {
      // The login looks the DN up first; exactly one entry must come back before the bind.
      if (p.entries !== 1) this.fail(`login search returned ${p.entries} entries`);
      else {
        conn.send(this.plan.followUps![p.index]!, { ...p, step: 1 }, false);
        return;
      }
    }
    if (this.phase === 'measure') {
      this.ops++;
      this.entries += p.entries;
      this.samples.add(now - p.startedAt);
    }
    if (this.phase === 'drain') return;
    if (this.plan.rate === undefined) this.issue(conn, now);
    else if (this.backlogHead < this.backlog.length) {
      const startedAt = this.backlog[this.backlogHead++]!;
      if (this.backlogHead === this.backlog.length) this.backlog.length = this.backlogHead = 0;
      if (this.phase === 'measure') this.queued++;
      this.issue(conn, startedAt);
    }
  }

  /** Open loop: sends a request scheduled at `startedAt` on the next connection with room, or backlogs it. */
  schedule(startedAt: number): void {
    const conns = this.connections;
    for (let tries = 0; tries < conns.length; tries++) {
      const conn = conns[this.rr++ % conns.length]!;
      if (conn.outstanding < this.plan.depth) {
        this.issue(conn, startedAt);
        return;
      }
    }
    this.backlog.push(startedAt);
    this.maxBacklog = Math.max(this.maxBacklog, this.backlog.length - this.backlogHead);
  }

  rr = 0;

  fail(message: string): void {
    if (this.phase === 'measure') this.errors++;
    this.firstError ??= message;
  }
}

class Connection {
  readonly socket: Socket;
  readonly pending = new Map<number, Pending>();
  private id = FIRST_ID;
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private start = 0;
  private end = 0;
  private onSetup: ((code: number) => void) | undefined;

  constructor(
    private readonly run: Run,
    socket: Socket,
  ) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (e) => run.fail(e.message));
  }

  get outstanding(): number {
    return this.pending.size;
  }

  /** `owned`: the bytes are this request's own copy, so they can be sent without another copy. */
  send(req: Encoded, p: Pending, owned: boolean): void {
    const id = this.id;
    this.id = id === LAST_ID ? FIRST_ID : id + 1;
    // socket.write keeps a reference until the bytes are flushed, so a pooled request is
    // copied (about 100 bytes) before its id is rewritten; an add template copy is already ours.
    const bytes = owned ? req.bytes : Buffer.from(req.bytes);
    bytes.writeUInt32BE(id, req.idOffset);
    this.pending.set(id, p);
    this.socket.write(bytes);
  }

  setup(req: Encoded): Promise<number> {
    return new Promise((resolve) => {
      this.onSetup = resolve;
      this.send(req, { startedAt: 0, index: -1, step: -1, entries: 0 }, false);
    });
  }

  private receive(chunk: Buffer): void {
    let buf: Buffer;
    let pos: number;
    let end: number;
    if (this.start === this.end) {
      buf = chunk;
      pos = 0;
      end = chunk.length;
    } else {
      this.append(chunk);
      buf = this.buffer;
      pos = this.start;
      end = this.end;
    }
    this.socket.cork();
    for (;;) {
      if (end - pos < 2) break;
      let len = buf[pos + 1]!;
      let hdr = 2;
      if (len & 0x80) {
        const n = len & 0x7f;
        if (end - pos < 2 + n) break;
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + buf[pos + 2 + i]!;
        hdr = 2 + n;
      }
      if (end - pos < hdr + len) break;
      this.frame(buf, pos + hdr);
      pos += hdr + len;
    }
    this.socket.uncork();
    if (pos === end) {
      this.start = this.end = 0;
    } else if (buf === chunk) {
      this.start = this.end = 0;
      this.append(chunk.subarray(pos));
    } else {
      this.start = pos;
    }
  }

  /** messageID INTEGER, then the protocolOp's tag; results carry resultCode as their first element. */
  private frame(buf: Buffer, at: number): void {
    const idLen = buf[at + 1]!;
    let id = 0;
    for (let i = 0; i < idLen; i++) id = id * 256 + buf[at + 2 + i]!;
    const opAt = at + 2 + idLen;
    const tag = buf[opAt]!;
    const p = this.pending.get(id);
    if (p === undefined) {
      this.run.fail(id === 0 ? 'notice of disconnection' : `unexpected message id ${id}`);
      return;
    }
    if (tag === SEARCH_ENTRY) {
      p.entries++;
      return;
    }
    if (!DONE_TAGS.has(tag)) return;
    this.pending.delete(id);
    const lenByte = buf[opAt + 1]!;
    const contentAt = opAt + 2 + (lenByte & 0x80 ? lenByte & 0x7f : 0);
    const code = buf[contentAt + 2]!;
    if (p.step === -1) {
      const done = this.onSetup;
      this.onSetup = undefined;
      done?.(code);
      return;
    }
    this.run.completed(this, p, code);
  }

  private append(bytes: Buffer): void {
    const used = this.end - this.start;
    if (this.buffer.length - this.end < bytes.length) {
      // Compact first; double only when the live bytes themselves do not fit.
      const target =
        used + bytes.length > this.buffer.length
          ? Buffer.allocUnsafe(Math.max(this.buffer.length * 2, used + bytes.length))
          : this.buffer;
      this.buffer.copy(target, 0, this.start, this.end);
      this.buffer = target;
      this.start = 0;
      this.end = used;
    }
    bytes.copy(this.buffer, this.end);
    this.end += bytes.length;
  }
}

function open(plan: LoadPlan, run: Run): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: plan.host, port: plan.port });
    socket.once('connect', () => resolve(new Connection(run, socket)));
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const run = new Run(plan);
  for (let i = 0; i < plan.connections; i++) run.connections.push(await open(plan, run));
  if (plan.setup) {
    const codes = await Promise.all(run.connections.map((c) => c.setup(plan.setup!)));
    const bad = codes.find((c) => c !== 0);
    if (bad !== undefined) throw new Error(`setup bind failed with result code ${bad}`);
  }
  let timer: NodeJS.Timeout | undefined;
  const begin = performance.now();
  if (plan.rate === undefined) {
    for (const conn of run.connections)
      for (let d = 0; d < plan.depth; d++) run.issue(conn, performance.now());
  } else {
    // Open loop: every millisecond, send what the schedule says is due, round-robin over
    // the connections with room; the rest wait in the backlog (see Run.schedule).
    const interval = 1000 / plan.rate;
    let sent = 0;
    timer = setInterval(() => {
      const due = Math.floor((performance.now() - begin) / interval);
      for (; sent < due; sent++) run.schedule(begin + sent * interval);
    }, 1);
  }
  await sleep(plan.warmupMs);
  run.phase = 'measure';
  const serverCpu = () => (plan.serverPid === undefined ? Number.NaN : cpuSeconds(plan.serverPid));
  const server0 = serverCpu();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(plan.durationMs);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverUsed = serverCpu() - server0;
  run.phase = 'drain';
  if (timer) clearInterval(timer);
  const outstanding =
    run.connections.reduce((n, c) => n + c.outstanding, 0) + run.backlog.length - run.backlogHead;
  // Let in-flight requests finish so the server is idle before the next load starts.
  const deadline = performance.now() + 5000;
  while (run.connections.some((c) => c.outstanding > 0) && performance.now() < deadline) await sleep(5);
  for (const conn of run.connections) conn.socket.destroy();
  return {
    ops: run.ops,
    seconds,
    opsPerSecond: run.ops / seconds,
    p50Ms: run.samples.percentile(50),
    p99Ms: run.samples.percentile(99),
    maxMs: run.samples.percentile(100),
    errors: run.errors,
    firstError: run.firstError,
    entries: run.entries,
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
    outstanding,
    queued: run.queued,
    maxBacklog: run.maxBacklog,
    serverCpuUsPerOp: (serverUsed * 1e6) / Math.max(1, run.ops),
    serverCpuPercent: (serverUsed / seconds) * 100,
  };
}
