/**
 * Several Linden nodes on one PostgreSQL database, driven over LDAP: a write
 * acknowledged by one node is seen by the next read on another, uniqueness
 * holds when two nodes add the same uid at once, memberOf and referential
 * integrity stay right when two nodes change the same group and member at
 * once, and a node follows the index configuration another node rebuilt.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Attribute, Change, Client, ConstraintViolationError } from 'ldapts';
import type { ConfigInput } from '../../src/config/index.ts';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  BASE,
  createDatabase,
  startLinden,
  type TestLinden,
} from '../support/linden.ts';
import { type PostgresServer, postgresAvailable, startPostgres } from '../support/postgres.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL is not installed';
const PEOPLE = `ou=people,${BASE}`;
const GROUPS = `ou=groups,${BASE}`;

const NODE_CONFIG: ConfigInput = {
  integrity: {
    memberOf: true,
    referentialIntegrity: ['member', 'uniqueMember', 'owner', 'manager', 'seeAlso'],
    unique: [{ attribute: 'uid' }],
  },
};

function change(operation: 'add' | 'delete' | 'replace', type: string, values: string[]): Change {
  return new Change({ operation, modification: new Attribute({ type, values }) });
}

async function adminClient(node: TestLinden): Promise<Client> {
  const client = new Client({ url: node.url });
  await client.bind(ADMIN_DN, ADMIN_PASSWORD);
  return client;
}

function person(uid: string, extra: Record<string, string[]> = {}): Attribute[] {
  return Object.entries({
    objectClass: ['inetOrgPerson'],
    uid: [uid],
    cn: [`Person ${uid}`],
    sn: ['Person'],
    ...extra,
  }).map(([type, values]) => new Attribute({ type, values }));
}

function values(v: unknown): string[] {
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String);
}

describe('many Linden nodes on one PostgreSQL', { skip }, () => {
  let server: PostgresServer;
  let url: string;
  let a: TestLinden;
  let b: TestLinden;
  let ca: Client;
  let cb: Client;

  before(async () => {
    server = await startPostgres();
    url = await createDatabase(server.url, 'directory');
    a = await startLinden({ engine: 'postgres', postgresDatabaseUrl: url, config: NODE_CONFIG });
    // The second node finds the demo tree the first one made.
    b = await startLinden({ engine: 'postgres', postgresDatabaseUrl: url, demo: false, config: NODE_CONFIG });
    ca = await adminClient(a);
    cb = await adminClient(b);
  });
  after(async () => {
    await ca?.unbind();
    await cb?.unbind();
    await a?.stop();
    await b?.stop();
    await server?.stop();
  });

  it('three nodes starting together on an empty database all start, with one demo tree between them', async () => {
    const fresh = await createDatabase(server.url, 'together');
    const started = await Promise.allSettled(
      [1, 2, 3].map(() =>
        startLinden({ engine: 'postgres', postgresDatabaseUrl: fresh, config: NODE_CONFIG }),
      ),
    );
    const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      assert.deepEqual(
        started.map((r) => (r.status === 'fulfilled' ? 'started' : String(r.reason))),
        ['started', 'started', 'started'],
      );
      for (const node of nodes) {
        const client = await adminClient(node);
        try {
          const { searchEntries } = await client.search(BASE, {
            filter: '(objectClass=*)',
            attributes: ['1.1'],
          });
          const dns = searchEntries.map((e) => e.dn.toLowerCase());
          assert.equal(new Set(dns).size, dns.length);
          assert.ok(dns.includes(`uid=alice,${PEOPLE}`.toLowerCase()));
          const { searchEntries: people } = await client.search(PEOPLE, {
            scope: 'one',
            filter: '(objectClass=inetOrgPerson)',
            attributes: ['1.1'],
          });
          assert.equal(people.length, 4);
        } finally {
          await client.unbind();
        }
      }
    } finally {
      for (const node of nodes) await node.stop();
    }
  });

  it('an add, modify, rename and delete acknowledged by one node is seen by the next read on the other', async () => {
    for (let round = 0; round < 40; round++) {
      const [writer, reader] = round % 2 === 0 ? [ca, cb] : [cb, ca];
      const dn = `uid=ryw${round},${PEOPLE}`;
      await writer.add(dn, person(`ryw${round}`));
      let found = await reader.search(PEOPLE, { filter: `(uid=ryw${round})`, attributes: ['cn'] });
      assert.deepEqual(
        found.searchEntries.map((e) => e.dn),
        [dn],
        `round ${round}: the add is seen at once`,
      );

      await reader.modify(dn, [change('replace', 'cn', [`Changed ${round}`])]);
      found = await writer.search(dn, { scope: 'base', attributes: ['cn'] });
      assert.deepEqual(values(found.searchEntries[0]?.cn), [`Changed ${round}`]);
      // The index follows the change on every node: the new value finds it, the old one does not.
      found = await writer.search(PEOPLE, { filter: `(cn=Changed ${round})`, attributes: ['1.1'] });
      assert.equal(found.searchEntries.length, 1);

      await writer.modifyDN(dn, `uid=ryw${round}-moved`);
      found = await reader.search(PEOPLE, { filter: `(uid=ryw${round}-moved)`, attributes: ['1.1'] });
      assert.deepEqual(
        found.searchEntries.map((e) => e.dn),
        [`uid=ryw${round}-moved,${PEOPLE}`],
      );

      await reader.del(`uid=ryw${round}-moved,${PEOPLE}`);
      found = await writer.search(PEOPLE, { filter: `(uid=ryw${round}*)`, attributes: ['1.1'] });
      assert.equal(found.searchEntries.length, 0, `round ${round}: the delete is seen at once`);
    }
  });

  it('two nodes adding the same uid at once: exactly one succeeds, every time', async () => {
    for (let round = 0; round < 40; round++) {
      const uid = `twin${round}`;
      const outcomes = await Promise.allSettled([
        ca.add(`cn=twin-a-${round},${PEOPLE}`, person(uid, { cn: [`twin-a-${round}`] })),
        cb.add(`cn=twin-b-${round},${PEOPLE}`, person(uid, { cn: [`twin-b-${round}`] })),
      ]);
      const ok = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter(
        (o): o is PromiseRejectedResult =>
          o.status === 'rejected' && o.reason instanceof ConstraintViolationError,
      );
      assert.equal(ok.length, 1, `round ${round}: ${JSON.stringify(outcomes)}`);
      assert.equal(refused.length, 1, `round ${round}: the other is a constraintViolation`);
      for (const client of [ca, cb]) {
        const found = await client.search(PEOPLE, { filter: `(uid=${uid})`, attributes: ['1.1'] });
        assert.equal(found.searchEntries.length, 1);
      }
    }
  });

  it('memberOf and referential integrity stay right when two nodes change one group and member at once', async () => {
    const group = `cn=team,${GROUPS}`;
    await ca.add(group, [
      new Attribute({ type: 'objectClass', values: ['groupOfNames'] }),
      new Attribute({ type: 'cn', values: ['team'] }),
      new Attribute({ type: 'member', values: [`uid=alice,${PEOPLE}`] }),
    ]);
    for (let round = 0; round < 25; round++) {
      const uid = `mate${round}`;
      const dn = `uid=${uid},${PEOPLE}`;
      await cb.add(dn, person(uid));
      // One node puts the member in the group while the other renames (even
      // rounds) or deletes (odd rounds) the member entry.
      const renamed = `uid=${uid}-renamed,${PEOPLE}`;
      await Promise.allSettled([
        ca.modify(group, [change('add', 'member', [dn])]),
        round % 2 === 0 ? cb.modifyDN(dn, `uid=${uid}-renamed`) : cb.del(dn),
      ]);
      const members = values(
        (await cb.search(group, { scope: 'base', attributes: ['member'] })).searchEntries[0]?.member,
      ).map((m) => m.toLowerCase());
      // Either order is a correct outcome (the member went in first and followed the rename or
      // left with the delete, or it went in after and names a DN that is gone, as on one server);
      // what must never happen is a half of each: every member that exists says memberOf the
      // group on either node, and every entry that says so is a member.
      const existing: string[] = [];
      for (const member of members) {
        const found = await Promise.all(
          [ca, cb].map((client) =>
            client.search(member, { scope: 'base', attributes: ['memberOf'] }).then(
              (r) => r.searchEntries[0],
              () => undefined,
            ),
          ),
        );
        assert.equal(found[0] === undefined, found[1] === undefined, 'both nodes agree');
        if (found[0] === undefined) {
          assert.equal(member, dn.toLowerCase(), `round ${round}: only the old DN may dangle`);
          continue;
        }
        existing.push(member);
        for (const entry of found)
          assert.ok(
            values(entry?.memberOf)
              .map((v) => v.toLowerCase())
              .includes(group.toLowerCase()),
            `round ${round}: ${member} has memberOf the group`,
          );
      }
      for (const client of [ca, cb]) {
        const claimed = await client.search(PEOPLE, { filter: `(memberOf=${group})`, attributes: ['1.1'] });
        assert.deepEqual(claimed.searchEntries.map((e) => e.dn.toLowerCase()).sort(), existing.sort());
      }
      if (members.includes(dn.toLowerCase())) await ca.modify(group, [change('delete', 'member', [dn])]);
      if (round % 2 === 0) await ca.del(renamed);
    }
  });

  it('a node follows the index configuration another node rebuilt the postings for', async () => {
    const c = await startLinden({
      engine: 'postgres',
      postgresDatabaseUrl: url,
      demo: false,
      config: { ...NODE_CONFIG, indexes: { uid: ['eq'], cn: ['eq'], sn: ['eq'], description: ['eq'] } },
    });
    try {
      const description = a.directory.schema.attributeType('description')!;
      // Node A learns of the rebuild through the change notification; wait for that event.
      const deadline = Date.now() + 10_000;
      while (!a.directory.indexes.has(description, 'eq')) {
        assert.ok(Date.now() < deadline, 'node A follows the stored index configuration');
        await sleep(20);
      }
      await ca.add(`uid=indexed,${PEOPLE}`, person('indexed', { description: ['follow-me'] }));
      const cc = await adminClient(c);
      try {
        const found = await cc.search(BASE, { filter: '(description=follow-me)', attributes: ['1.1'] });
        assert.deepEqual(
          found.searchEntries.map((e) => e.dn),
          [`uid=indexed,${PEOPLE}`],
        );
      } finally {
        await cc.unbind();
      }
    } finally {
      await c.stop();
    }
  });
});
