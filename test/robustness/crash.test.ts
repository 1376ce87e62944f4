/**
 * Crash safety: `linden serve` on LMDB is killed with SIGKILL at random
 * moments during a stream of writes, 20 times. After every restart the store
 * must open, every acknowledged write must be there, and no write may be half
 * applied: a group add and the memberOf it puts on its member appear together
 * or not at all, and a modify of three attributes leaves them all at one value.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type LdapMessage, ResultCode } from '../../src/protocol/index.ts';
import { type ChildLinden, killChild, startChildLinden } from './child-linden.ts';
import { codeOf, RawLdap, simpleBind } from './raw-client.ts';

const BASE = 'dc=example,dc=org';
const ADMIN_DN = `cn=admin,${BASE}`;
const ADMIN_PASSWORD = 'crash-secret';
const ROUNDS = Number(process.env.LINDEN_CRASH_ROUNDS ?? 20);
const WRITERS = 4;

const dir = mkdtempSync(join(tmpdir(), 'linden-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  dataDir: join(dir, 'data'),
  store: { engine: 'lmdb' as const },
  listen: { ldap: '127.0.0.1:0', http: '' },
  admin: { dn: ADMIN_DN, password: ADMIN_PASSWORD },
  demo: true,
  log: { level: 'warn' as const, access: false },
  audit: { enabled: false },
};

const text = (v: string) => [Buffer.from(v)];
const userDn = (w: number, i: number) => `uid=w${w}-${i},ou=people,${BASE}`;
const groupDn = (w: number, i: number) => `cn=g${w}-${i},ou=groups,${BASE}`;
const stateDn = (w: number) => `uid=w${w}-state,ou=people,${BASE}`;

async function adminSession(url: string): Promise<RawLdap> {
  const c = await RawLdap.connect(url);
  const id = c.send(simpleBind(ADMIN_DN, ADMIN_PASSWORD));
  assert.equal(codeOf(await c.result(id)), ResultCode.success);
  return c;
}

/** Sends one write and resolves true only on a success answer; false when the connection dies first. */
async function write(c: RawLdap, op: Parameters<RawLdap['send']>[0]): Promise<boolean> {
  const id = c.send(op);
  try {
    const answer = await c.result(id);
    if (codeOf(answer) !== ResultCode.success) throw new Error(`${op.type} failed: ${codeOf(answer)}`);
    return true;
  } catch (e) {
    if (c.isClosed) return false;
    throw e;
  }
}

interface Acked {
  users: Set<string>;
  groups: Set<string>;
  /** Writer → the last state value acknowledged. */
  state: Map<number, number>;
  /** Called after every acknowledged add. */
  onAck: () => void;
}

/** One writer: user add, group add (memberOf on the user), three-attribute modify; repeat until the server dies. */
async function writer(url: string, w: number, start: number, acked: Acked): Promise<number> {
  let c: RawLdap;
  try {
    c = await adminSession(url);
  } catch {
    return start;
  }
  for (let i = start; ; i++) {
    const user = userDn(w, i);
    const userOk = await write(c, {
      type: 'addRequest',
      entry: user,
      attributes: [
        { type: 'objectClass', values: text('inetOrgPerson') },
        { type: 'uid', values: text(`w${w}-${i}`) },
        { type: 'cn', values: text(`Writer ${w} ${i}`) },
        { type: 'sn', values: text(`${i}`) },
      ],
    });
    if (!userOk) return i;
    acked.users.add(user);
    acked.onAck();
    const groupOk = await write(c, {
      type: 'addRequest',
      entry: groupDn(w, i),
      attributes: [
        { type: 'objectClass', values: text('groupOfNames') },
        { type: 'cn', values: text(`g${w}-${i}`) },
        { type: 'member', values: text(user) },
      ],
    });
    if (!groupOk) return i + 1;
    acked.groups.add(groupDn(w, i));
    acked.onAck();
    const v = String(i);
    const stateOk = await write(c, {
      type: 'modifyRequest',
      object: stateDn(w),
      changes: ['description', 'title', 'employeeNumber'].map((type) => ({
        operation: 2 as const,
        modification: { type, values: text(v) },
      })),
    });
    if (!stateOk) return i + 1;
    acked.state.set(w, i);
  }
}

type Found = Map<string, Record<string, string[]>>;

/** Every entry under the suffix with the attributes the checks need, keyed by lower-case DN. */
async function readAll(url: string): Promise<Found> {
  const c = await adminSession(url);
  const id = c.send({
    type: 'searchRequest',
    baseObject: BASE,
    scope: 2,
    derefAliases: 0,
    sizeLimit: 0,
    timeLimit: 0,
    typesOnly: false,
    filter: { type: 'present', attribute: 'objectClass' },
    attributes: ['member', 'memberOf', 'description', 'title', 'employeeNumber'],
  });
  const messages: LdapMessage[] = await c.until(id);
  c.close();
  assert.equal(codeOf(messages[messages.length - 1]!), ResultCode.success);
  const found: Found = new Map();
  for (const m of messages) {
    if (m.op.type !== 'searchResultEntry') continue;
    const attrs: Record<string, string[]> = {};
    for (const a of m.op.attributes)
      attrs[a.type.toLowerCase()] = a.values.map((v) => v.toString().toLowerCase());
    found.set(m.op.objectName.toLowerCase(), attrs);
  }
  return found;
}

function checkConsistent(found: Found, acked: Acked, round: number): void {
  for (const u of acked.users)
    assert.ok(found.has(u.toLowerCase()), `round ${round}: acknowledged add of ${u} is lost`);
  for (const g of acked.groups)
    assert.ok(found.has(g.toLowerCase()), `round ${round}: acknowledged add of ${g} is lost`);
  for (const [dn, attrs] of found) {
    // A group and the memberOf it gives its members were written together.
    for (const m of attrs.member ?? []) {
      const member = found.get(m);
      if (member === undefined) continue;
      assert.ok((member.memberof ?? []).includes(dn), `round ${round}: ${m} lacks memberOf ${dn}`);
    }
    for (const g of attrs.memberof ?? []) {
      assert.ok(
        (found.get(g)?.member ?? []).includes(dn),
        `round ${round}: ${dn} has memberOf ${g}, which does not list it`,
      );
    }
  }
  for (let w = 0; w < WRITERS; w++) {
    const s = found.get(stateDn(w).toLowerCase());
    assert.ok(s, `round ${round}: state entry ${w} is lost`);
    const values = [s.description, s.title, s.employeenumber].map((v) => v?.[0]);
    assert.ok(
      values.every((v) => v === values[0]),
      `round ${round}: half-applied modify ${values.join(' / ')}`,
    );
    assert.ok(
      Number(values[0]) >= (acked.state.get(w) ?? -1),
      `round ${round}: acknowledged modify ${acked.state.get(w)} lost`,
    );
  }
}

test(`SIGKILL during a stream of writes, ${ROUNDS} times: acknowledged writes survive, nothing is half applied`, async () => {
  const acked: Acked = { users: new Set(), groups: new Set(), state: new Map(), onAck: () => {} };
  let server: ChildLinden = await startChildLinden({ dir, config });
  try {
    const c = await adminSession(server.url);
    for (let w = 0; w < WRITERS; w++) {
      await write(c, {
        type: 'addRequest',
        entry: stateDn(w),
        attributes: [
          { type: 'objectClass', values: text('inetOrgPerson') },
          { type: 'uid', values: text(`w${w}-state`) },
          { type: 'cn', values: text('state') },
          { type: 'sn', values: text('state') },
          { type: 'description', values: text('-1') },
          { type: 'title', values: text('-1') },
          { type: 'employeeNumber', values: text('-1') },
        ],
      });
    }
    c.close();
    const next = new Array<number>(WRITERS).fill(0);
    let totalWrites = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const running = next.map((start, w) => writer(server.url, w, start, acked));
      // Kill once a random number of further writes has been acknowledged (a moment chosen by the workload, not a timer).
      const target = acked.users.size + acked.groups.size + 5 + Math.floor(Math.random() * 60);
      const all = Promise.all(running);
      await Promise.race([
        new Promise<void>((resolve) => {
          acked.onAck = () => {
            if (acked.users.size + acked.groups.size >= target) resolve();
          };
        }),
        all.then((r) =>
          assert.fail(
            `round ${round}: the writers stopped before the kill at ${r.join(',')}:\n${server.stderr()}`,
          ),
        ),
      ]);
      acked.onAck = () => {};
      await killChild(server);
      const stopped = await all;
      stopped.forEach((i, w) => {
        next[w] = i + 1;
      });
      totalWrites = acked.users.size + acked.groups.size;
      // Restart on the same data folder: it must open cleanly and hold everything acknowledged.
      server = await startChildLinden({ dir, config });
      checkConsistent(await readAll(server.url), acked, round);
    }
    assert.ok(totalWrites > ROUNDS * 5);
  } finally {
    await server.stop();
  }
});
