/**
 * Fuzzes a live Linden over the wire.
 *
 *   node --import tsx scripts/fuzz.ts --count 10000000 [--connections 16] [--batch 512] [--seed 1]
 *
 * Starts `linden serve` as a child process (LMDB, demo tree) and sends it
 * generated PDUs: valid requests from the protocol encoders, then mutated —
 * bit flips, byte overwrites, insertions, truncations (with and without the
 * outer length fixed up), length fields set to huge or wrong values, nesting
 * bombs (filters and SEQUENCEs thousands deep), headers announcing 2 GiB.
 * Many PDUs go out in one write; each batch ends with a WhoAmI probe whose
 * answer proves the server read the whole batch. A batch may also end with
 * a "fatal" PDU that breaks the framing, so the server must disconnect.
 *
 * Watched while it runs:
 *   crashes   the child process exits → the batch in flight is saved to a file;
 *   hangs     every 2 s a fresh connection must get a root DSE search answered within 5 s;
 *   memory    the server's RSS is sampled from /proc; growth after warm-up is reported.
 * Exits non-zero on any crash, hang, or RSS growth beyond --max-growth-mb.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Filter } from '../src/filter/model.ts';
import { encodeMessage, type LdapMessage, type ProtocolOp } from '../src/protocol/index.ts';
import { type ChildLinden, startChildLinden } from '../test/robustness/child-linden.ts';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '10000000' },
    connections: { type: 'string', default: '16' },
    batch: { type: 'string', default: '512' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'max-growth-mb': { type: 'string', default: '64' },
  },
});
const COUNT = Number(args.count);
const CONNECTIONS = Number(args.connections);
const BATCH = Number(args.batch);
const MAX_GROWTH = Number(args['max-growth-mb']) * 1024 * 1024;

// ---- a small fast PRNG (xorshift32), seeded so a run can be repeated ----------
let state = Number(args.seed) >>> 0 || 1;
function rand(n: number): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) % n;
}
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

// ---- valid requests from the encoders ---------------------------------------
const BASE = 'dc=example,dc=org';
const DNS = [
  BASE,
  `ou=people,${BASE}`,
  `uid=alice,ou=people,${BASE}`,
  `cn=nobody,${BASE}`,
  '',
  'cn=Subschema',
  'not a dn',
];
const ATTRS = [
  'cn',
  'uid',
  'objectClass',
  'member',
  'memberOf',
  'userPassword',
  'description',
  'x-unknown',
  '1.1',
  '*',
  '+',
];
const b = (s: string): Buffer => Buffer.from(s);

function filter(depth = 0): Filter {
  const attribute = pick(ATTRS);
  switch (rand(depth > 3 ? 6 : 9)) {
    case 0:
      return { type: 'equality', attribute, value: b(pick(['alice', 'x', '*', '\u00e9'])) };
    case 1:
      return { type: 'present', attribute };
    case 2:
      return { type: 'substrings', attribute, initial: b('a'), any: [b('l')], final: b('e') };
    case 3:
      return { type: 'greaterOrEqual', attribute, value: b(String(rand(1000))) };
    case 4:
      return { type: 'approxMatch', attribute, value: b('alyce') };
    case 5:
      return {
        type: 'extensibleMatch',
        matchingRule: '1.2.840.113556.1.4.1941',
        attribute: 'memberOf',
        value: b(BASE),
        dnAttributes: false,
      } as Filter;
    case 6:
      return { type: 'and', filters: [filter(depth + 1), filter(depth + 1)] };
    case 7:
      return { type: 'or', filters: [filter(depth + 1), filter(depth + 1), filter(depth + 1)] };
    default:
      return { type: 'not', filter: filter(depth + 1) };
  }
}

function request(): ProtocolOp {
  const dn = pick(DNS);
  switch (rand(11)) {
    case 0:
      return {
        type: 'bindRequest',
        version: 3,
        name: pick(DNS),
        authentication: { type: 'simple', password: b(pick(['', 'wrong', 'linden-demo'])) },
      };
    case 1:
      return {
        type: 'bindRequest',
        version: 3,
        name: '',
        authentication: { type: 'sasl', mechanism: pick(['EXTERNAL', 'PLAIN', 'NOPE']), credentials: b('x') },
      };
    case 2:
    case 3:
    case 4:
      return {
        type: 'searchRequest',
        baseObject: dn,
        scope: rand(3) as 0,
        derefAliases: rand(4) as 0,
        sizeLimit: rand(50),
        timeLimit: rand(5),
        typesOnly: rand(2) === 0,
        filter: filter(),
        attributes: [pick(ATTRS), pick(ATTRS)],
      };
    case 5:
      return {
        type: 'modifyRequest',
        object: dn,
        changes: [{ operation: rand(3) as 0, modification: { type: pick(ATTRS), values: [b('v')] } }],
      };
    case 6:
      return {
        type: 'addRequest',
        entry: `cn=f${rand(1e6)},${BASE}`,
        attributes: [{ type: 'objectClass', values: [b('device')] }],
      };
    case 7:
      return { type: 'deleteRequest', entry: dn };
    case 8:
      return { type: 'modifyDNRequest', entry: dn, newRDN: 'cn=renamed', deleteOldRDN: true };
    case 9:
      return { type: 'compareRequest', entry: dn, attribute: pick(ATTRS), value: b('alice') };
    default:
      return pick<ProtocolOp>([
        { type: 'extendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' },
        {
          type: 'extendedRequest',
          requestName: '1.3.6.1.4.1.4203.1.11.1',
          requestValue: Buffer.from([0x30, 0x03, 0x80, 0x01, 0x78]),
        },
        { type: 'extendedRequest', requestName: '1.2.3.4' },
        { type: 'abandonRequest', idToAbandon: rand(1000) },
      ]);
  }
}

/** A pool of valid PDUs (messageID patched per use), so generation costs little per PDU. */
const POOL: Buffer[] = Array.from({ length: 4000 }, () => {
  const controls: LdapMessage['controls'] =
    rand(8) === 0
      ? [
          {
            oid: pick(['1.2.840.113556.1.4.319', '1.2.3.4.5', '2.16.840.1.113730.3.4.2']),
            critical: rand(2) === 0,
            value: Buffer.from([0x30, 0x05, 0x02, 0x01, 0x05, 0x04, 0x00]),
          },
        ]
      : [];
  return encodeMessage({ messageId: 0x7f7f7f, op: request(), controls });
});

// ---- mutations ----------------------------------------------------------------
function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Buffer.from([0x80 | out.length, ...out]);
}

/** Wraps an LDAPMessage body (everything after the outer header) in a fresh, correct outer header. */
function reframe(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x30]), berLength(body.length), body]);
}

/** The outer header's size, the messageID INTEGER's end, for a PDU from the pool (messageID 0x7f7f7f). */
function bodyOf(pdu: Buffer): Buffer {
  const headerLength = pdu[1]! < 0x80 ? 2 : 2 + (pdu[1]! & 0x7f);
  return pdu.subarray(headerLength);
}

let nextId = 1;
function withId(body: Buffer, id: number): Buffer {
  // body starts with 02 03 7f 7f 7f (the placeholder messageID): write a 4-byte INTEGER instead.
  const idBytes = Buffer.from([
    0x02,
    0x04,
    (id >>> 24) & 0x7f,
    (id >>> 16) & 0xff,
    (id >>> 8) & 0xff,
    id & 0xff,
  ]);
  return Buffer.concat([idBytes, body.subarray(5)]);
}

function deepFilterSearch(depth: number): Buffer {
  let inner = Buffer.from([0x87, 0x02, 0x63, 0x6e]);
  const headers: Buffer[] = [];
  const lengths = [inner.length];
  for (let i = 0; i < depth; i++) lengths.push(1 + berLength(lengths[i]!).length + lengths[i]!);
  for (let i = depth - 1; i >= 0; i--) headers.push(Buffer.from([0xa2]), berLength(lengths[i]!));
  inner = Buffer.concat([...headers, inner]);
  const search = Buffer.concat([
    b('\x04\x00\x0a\x01\x02\x0a\x01\x00\x02\x01\x00\x02\x01\x00\x01\x01\x00'),
    inner,
    b('\x30\x00'),
  ]);
  return Buffer.concat([Buffer.from([0x63]), berLength(search.length), search]);
}
const BOMBS = [deepFilterSearch(200), deepFilterSearch(5000), deepFilterSearch(60_000)];

/**
 * A PDU that keeps its framing: the outer SEQUENCE header is rebuilt around
 * the mutated body, so the server can read past it and go on.
 */
function softPdu(): Buffer {
  const id = nextId++ & 0x3fffffff || 1;
  const body = Buffer.from(withId(bodyOf(pick(POOL)), id));
  const kind = rand(40);
  // An AbandonRequest has no response to carry an error, so a mutated one must end the
  // session (RFC 4511 §4.1.1): it is sent intact, and fatal PDUs cover that path.
  if (kind < 8 || body[6] === 0x50) return reframe(body); // valid
  // Mutations start after the messageID and the operation's tag (offset 7), so the
  // server can still answer the request by its ID and keep the session.
  const at = 7 + rand(Math.max(1, body.length - 7));
  if (kind < 16) {
    // bit flips
    for (let i = rand(4); i >= 0; i--) body[7 + rand(Math.max(1, body.length - 7))]! ^= 1 << rand(8);
    return reframe(body);
  }
  if (kind < 22) {
    // a byte set to an interesting value
    body[at] = pick([0x00, 0x7f, 0x80, 0x81, 0x84, 0xff, 0x30, 0xa0, 0x05]);
    return reframe(body);
  }
  if (kind < 27) return reframe(body.subarray(0, at)); // truncated inside, outer length fixed up
  if (kind < 31) {
    // bytes inserted
    const junk = Buffer.from([rand(256), rand(256), rand(256)]);
    return reframe(Buffer.concat([body.subarray(0, at), junk, body.subarray(at)]));
  }
  if (kind < 34) {
    // an inner length field made huge: long form, 4 bytes, up to 2 GiB
    const huge = Buffer.from([0x84, rand(128), rand(256), rand(256), rand(256)]);
    return reframe(Buffer.concat([body.subarray(0, at), huge, body.subarray(at + 1)]));
  }
  if (kind < 37)
    return reframe(Buffer.concat([body.subarray(0, at), body.subarray(6, at), body.subarray(at)])); // duplicated
  if (kind < 38) {
    // SEQUENCEs nested deep after the operation
    const nest = Buffer.concat([
      ...Array.from({ length: 50 + rand(3000) }, () => Buffer.from([0x30, 0x80])),
      Buffer.alloc(2),
    ]);
    return reframe(Buffer.concat([body, nest]));
  }
  // a nesting bomb as the operation: NOT filters 200, 5,000 or (rarely) 60,000 deep
  const bomb = kind === 39 && rand(20) === 0 ? BOMBS[2]! : BOMBS[rand(2)]!;
  return reframe(Buffer.concat([body.subarray(0, 6), bomb]));
}

/** A PDU that breaks the framing: the server must answer with a Notice of Disconnection and close. */
function fatalPdu(): Buffer {
  switch (rand(5)) {
    case 0:
      return Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]); // 2 GiB announced
    case 1:
      return Buffer.from('GET / HTTP/1.1\r\n\r\n'); // not BER
    case 2:
      return Buffer.from([0x30, 0x80, 0x02, 0x01, 0x01, 0x42, 0x00, 0x00, 0x00]); // indefinite length
    case 3: {
      const pdu = Buffer.from(pick(POOL)); // the messageID destroyed
      pdu[pdu[1]! < 0x80 ? 2 : 2 + (pdu[1]! & 0x7f)] = 0x04;
      return pdu;
    }
    default:
      return Buffer.from([0x30, 0x05, 0x02, 0x01, 0x01, 0x7e, 0x00]); // unknown operation
  }
}

// WhoAmI with messageID 0x7ffffffe: the batch probe; its answer starts 30 xx 02 04 7f ff ff fe.
const PROBE_ID = Buffer.from([0x02, 0x04, 0x7f, 0xff, 0xff, 0xfe]);
const PROBE = reframe(
  Buffer.concat([PROBE_ID, Buffer.from([0x77, 0x19, 0x80, 0x17]), b('1.3.6.1.4.1.4203.1.11.3')]),
);

// ---- the run ------------------------------------------------------------------
interface Totals {
  pdus: number;
  batches: number;
  /** Batches whose probe was answered: every PDU in them was read by the server. */
  confirmed: number;
  confirmedPdus: number;
  /** Batches ending in a fatal PDU, answered by a disconnect as they must be. */
  disconnected: number;
  /** Batches without a fatal PDU whose connection still closed before the probe was answered. */
  unexpectedDisconnects: number;
  connections: number;
  bytesIn: number;
}
const totals: Totals = {
  pdus: 0,
  batches: 0,
  confirmed: 0,
  confirmedPdus: 0,
  disconnected: 0,
  unexpectedDisconnects: 0,
  connections: 0,
  bytesIn: 0,
};
let stopping = false;
const inFlight = new Map<number, Buffer>();

/** One connection's loop: write a batch, wait for its probe or the close, repeat on a new socket after a close. */
async function lane(server: ChildLinden, laneId: number): Promise<void> {
  const url = new URL(server.url);
  while (!stopping && totals.pdus < COUNT) {
    const socket: Socket = createConnection({ port: Number(url.port), host: url.hostname });
    totals.connections++;
    socket.on('error', () => {});
    let tail = Buffer.alloc(0);
    let waiter: ((answered: boolean) => void) | undefined;
    socket.on('data', (chunk: Buffer) => {
      totals.bytesIn += chunk.length;
      // Look for the probe's answer in what arrived (keeping a few bytes in case it spans chunks).
      const seen = Buffer.concat([tail, chunk]);
      if (seen.includes(PROBE_ID)) waiter?.(true);
      tail = seen.subarray(Math.max(0, seen.length - 8));
    });
    socket.on('close', () => waiter?.(false));
    await new Promise<void>((resolve) => socket.once('connect', resolve).once('close', resolve));
    while (!stopping && !socket.destroyed && totals.pdus < COUNT) {
      const pdus: Buffer[] = [];
      for (let i = 0; i < BATCH; i++) pdus.push(softPdu());
      const fatal = rand(4) === 0;
      if (fatal) pdus.push(fatalPdu());
      else pdus.push(PROBE);
      const bytes = Buffer.concat(pdus);
      inFlight.set(laneId, bytes);
      const answered = new Promise<boolean>((resolve) => {
        waiter = resolve;
      });
      socket.write(bytes);
      totals.pdus += pdus.length - (fatal ? 0 : 1);
      totals.batches++;
      if (await answered) {
        totals.confirmed++;
        totals.confirmedPdus += BATCH;
        tail = Buffer.alloc(0);
      } else if (fatal) {
        totals.disconnected++;
      } else {
        totals.unexpectedDisconnects++;
      }
      waiter = undefined;
    }
    socket.destroy();
  }
}

/** A fresh connection's root DSE search must be answered within 5 s. */
async function probeHang(url: URL): Promise<number> {
  const started = Date.now();
  const search = reframe(
    Buffer.concat([
      Buffer.from([0x02, 0x01, 0x01]),
      Buffer.from(
        '63200400 0a0100 0a0100 020100 020100 010100 870b6f626a656374436c617373 3000'.replace(/ /g, ''),
        'hex',
      ),
    ]),
  );
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port: Number(url.port), host: url.hostname });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server did not answer a root DSE search within 5 s'));
    }, 5000);
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('connect', () => socket.write(search));
    let seen = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      // SearchResultDone is [APPLICATION 5] = 0x65.
      if (seen.includes(Buffer.from([0x65, 0x07, 0x0a, 0x01, 0x00]))) {
        clearTimeout(timer);
        socket.destroy();
        resolve(Date.now() - started);
      }
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'linden-fuzz-'));
  const server = await startChildLinden({
    dir,
    config: {
      dataDir: join(dir, 'data'),
      listen: { ldap: '127.0.0.1:0', http: '' },
      admin: { dn: `cn=admin,${BASE}`, password: 'fuzz-secret' },
      demo: true,
      passwords: { scheme: 'SSHA512' },
      log: { level: 'error', access: false },
      audit: { enabled: false },
      lockout: { maxFailures: 0 },
      limits: { bindRatePerMinute: 0, maxPduBytes: 1024 * 1024 },
    },
  });
  console.log(
    `fuzzing linden pid ${server.pid} at ${server.url}: ${COUNT} PDUs, ${CONNECTIONS} connections, ${BATCH} per batch, seed ${args.seed}`,
  );
  const url = new URL(server.url);
  const started = Date.now();
  const rss: { at: number; pdus: number; bytes: number }[] = [];
  let problem: string | undefined;
  let worstProbeMs = 0;
  void server.exited.then(({ code, signal }) => {
    if (stopping) return;
    problem = `CRASH: linden exited (${code ?? signal})\n${server.stderr().slice(-4000)}`;
    stopping = true;
  });
  const watch = setInterval(() => {
    if (stopping) return;
    try {
      rss.push({ at: Date.now() - started, pdus: totals.pdus, bytes: server.rss() });
    } catch {
      return;
    }
    probeHang(url).then(
      (ms) => {
        worstProbeMs = Math.max(worstProbeMs, ms);
      },
      (e: Error) => {
        if (stopping) return;
        problem = `HANG: ${e.message}`;
        stopping = true;
      },
    );
    const last = rss[rss.length - 1]!;
    const seconds = (Date.now() - started) / 1000;
    if (rss.length % 5 === 0)
      console.log(
        `${Math.round(seconds)} s: ${totals.pdus} PDUs (${Math.round(totals.pdus / seconds)}/s), ${totals.connections} connections, ` +
          `${totals.disconnected} disconnects, server RSS ${last.bytes >> 20} MB, worst probe ${worstProbeMs} ms`,
      );
  }, 2000);
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => lane(server, i)));
  clearInterval(watch);
  const seconds = (Date.now() - started) / 1000;
  if (problem?.startsWith('CRASH')) {
    for (const [laneId, bytes] of inFlight) writeFileSync(`fuzz-crash-lane${laneId}.bin`, bytes);
  }
  stopping = true;
  // Memory: compare the RSS after warm-up (a tenth of the run) with the end.
  const warm = rss[Math.floor(rss.length / 10)]?.bytes ?? 0;
  const end = rss[rss.length - 1]?.bytes ?? 0;
  const peak = Math.max(...rss.map((r) => r.bytes));
  if (!problem && end - warm > MAX_GROWTH)
    problem = `MEMORY: RSS grew from ${warm >> 20} MB to ${end >> 20} MB after warm-up`;
  const finalProbe = problem ? -1 : await probeHang(url).catch(() => -1);
  if (!problem && finalProbe < 0) problem = 'HANG: the final probe was not answered';
  console.log(
    JSON.stringify(
      {
        seed: Number(args.seed),
        pdus: totals.pdus,
        confirmedPdus: totals.confirmedPdus,
        batches: totals.batches,
        batchesConfirmed: totals.confirmed,
        disconnects: totals.disconnected,
        unexpectedDisconnects: totals.unexpectedDisconnects,
        connections: totals.connections,
        seconds: Math.round(seconds),
        pdusPerSecond: Math.round(totals.pdus / seconds),
        responseMb: Math.round(totals.bytesIn / 1048576),
        rssWarmMb: warm >> 20,
        rssPeakMb: peak >> 20,
        rssEndMb: end >> 20,
        worstProbeMs,
      },
      null,
      2,
    ),
  );
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log('PASS: no crash, no hang, no memory growth');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
