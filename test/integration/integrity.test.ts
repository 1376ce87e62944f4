import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  Attribute,
  Change,
  Client,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
} from 'ldapts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, run, startLinden, type TestLinden } from '../support/linden.ts';

const PEOPLE = `ou=people,${BASE}`;

function change(operation: 'add' | 'delete' | 'replace', type: string, values: string[]): Change {
  return new Change({ operation, modification: new Attribute({ type, values }) });
}
const GROUPS = `ou=groups,${BASE}`;

async function adminClient(s: TestLinden): Promise<Client> {
  const c = new Client({ url: s.url });
  await c.bind(ADMIN_DN, ADMIN_PASSWORD);
  return c;
}

async function memberOf(c: Client, dn: string): Promise<string[]> {
  const { searchEntries } = await c.search(dn, { scope: 'base', attributes: ['memberOf'] });
  const v = searchEntries[0]?.memberOf;
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String).sort();
}

function absent(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0);
}

async function dns(c: Client, filter: string, base = BASE): Promise<string[]> {
  const { searchEntries } = await c.search(base, { filter, attributes: ['1.1'] });
  return searchEntries.map((e) => e.dn).sort();
}

describe('directory integrity: memberOf, nested groups, referential integrity, uniqueness, lockout, audit', () => {
  let s: TestLinden;
  let admin: Client;
  before(async () => {
    s = await startLinden({
      config: {
        integrity: {
          unique: [{ attribute: 'uid' }, { attribute: 'mail', base: PEOPLE }],
          identifiers: [
            { attribute: 'uniqueIdentifier', base: `ou=tags,${BASE}`, style: 'counter', prefix: 'tag-' },
          ],
        },
        lockout: { maxFailures: 3, window: 300, duration: 0 },
      },
    });
    admin = await adminClient(s);
  });
  after(async () => {
    await admin?.unbind().catch(() => undefined);
    await s?.stop();
  });

  it('memberOf follows group adds, modifies and deletes, is searchable, and is not writable', async () => {
    const alice = `uid=alice,${PEOPLE}`;
    const bob = `uid=bob,${PEOPLE}`;
    assert.deepEqual(await memberOf(admin, alice), [`cn=admins,${GROUPS}`, `cn=staff,${GROUPS}`]);
    await admin.add(`cn=auditors,${GROUPS}`, {
      objectClass: ['groupOfNames'],
      cn: 'auditors',
      member: [alice, bob],
    });
    assert.deepEqual(await memberOf(admin, bob), [`cn=auditors,${GROUPS}`, `cn=staff,${GROUPS}`]);
    assert.deepEqual(await dns(admin, `(memberOf=cn=auditors,${GROUPS})`), [alice, bob]);
    await admin.modify(`cn=auditors,${GROUPS}`, change('delete', 'member', [bob]));
    assert.deepEqual(await memberOf(admin, bob), [`cn=staff,${GROUPS}`]);
    await admin.del(`cn=auditors,${GROUPS}`);
    assert.deepEqual(await memberOf(admin, alice), [`cn=admins,${GROUPS}`, `cn=staff,${GROUPS}`]);
    await assert.rejects(
      admin.modify(alice, change('add', 'memberOf', [`cn=x,${GROUPS}`])),
      ConstraintViolationError,
    );
  });

  it('groupOfUniqueNames members get memberOf too, and an entry added after its group gets it at once', async () => {
    await admin.add(`cn=late,${GROUPS}`, {
      objectClass: ['groupOfUniqueNames'],
      cn: 'late',
      uniqueMember: [`uid=newcomer,${PEOPLE}`],
    });
    await admin.add(`uid=newcomer,${PEOPLE}`, {
      objectClass: ['inetOrgPerson'],
      uid: 'newcomer',
      cn: 'New Comer',
      sn: 'Comer',
    });
    assert.deepEqual(await memberOf(admin, `uid=newcomer,${PEOPLE}`), [`cn=late,${GROUPS}`]);
  });

  it('renaming a user rewrites the groups that name it (referential integrity) and keeps its memberOf', async () => {
    await admin.add(`uid=rename-me,${PEOPLE}`, {
      objectClass: ['inetOrgPerson'],
      uid: 'rename-me',
      cn: 'R',
      sn: 'R',
    });
    await admin.add(`cn=movers,${GROUPS}`, {
      objectClass: ['groupOfNames'],
      cn: 'movers',
      member: [`uid=rename-me,${PEOPLE}`],
      owner: `uid=rename-me,${PEOPLE}`,
    });
    await admin.modifyDN(`uid=rename-me,${PEOPLE}`, `uid=renamed`);
    const { searchEntries } = await admin.search(`cn=movers,${GROUPS}`, {
      scope: 'base',
      attributes: ['member', 'owner'],
    });
    assert.equal(searchEntries[0]?.member, `uid=renamed,${PEOPLE}`);
    assert.equal(searchEntries[0]?.owner, `uid=renamed,${PEOPLE}`);
    assert.deepEqual(await memberOf(admin, `uid=renamed,${PEOPLE}`), [`cn=movers,${GROUPS}`]);
    await admin.del(`uid=renamed,${PEOPLE}`);
    const after = await admin.search(`cn=movers,${GROUPS}`, {
      scope: 'base',
      attributes: ['member', 'owner'],
    });
    assert.ok(absent(after.searchEntries[0]?.member));
    assert.ok(absent(after.searchEntries[0]?.owner));
  });

  it('nested groups: LDAP_MATCHING_RULE_IN_CHAIN on memberOf and member, with a cycle that does not hang', async () => {
    const g = (n: string): string => `cn=${n},${GROUPS}`;
    await admin.add(g('outer'), { objectClass: ['groupOfNames'], cn: 'outer', member: [g('inner')] });
    await admin.add(g('inner'), {
      objectClass: ['groupOfNames'],
      cn: 'inner',
      member: [`uid=chloe,${PEOPLE}`, g('outer')],
    });
    assert.deepEqual(
      await dns(admin, `(memberOf:1.2.840.113556.1.4.1941:=${g('outer')})`),
      [g('inner'), g('outer'), `uid=chloe,${PEOPLE}`].sort(),
    );
    assert.deepEqual(
      await dns(admin, `(member:1.2.840.113556.1.4.1941:=uid=chloe,${PEOPLE})`, GROUPS),
      [g('inner'), g('outer'), g('staff')].sort(),
    );
    assert.deepEqual(
      await dns(admin, `(&(objectClass=person)(memberOf:1.2.840.113556.1.4.1941:=${g('outer')}))`),
      [`uid=chloe,${PEOPLE}`],
    );
  });

  it('a duplicate uid is refused with constraintViolation naming the attribute, and nothing is written', async () => {
    await assert.rejects(
      admin.add(`uid=alice2,${PEOPLE}`, {
        objectClass: ['inetOrgPerson'],
        uid: ['alice2', 'alice'],
        cn: 'A',
        sn: 'A',
      }),
      (e: Error) => e instanceof ConstraintViolationError && /uid/.test(e.message),
    );
    assert.deepEqual(await dns(admin, '(uid=alice2)'), []);
    await assert.rejects(
      admin.modify(`uid=bob,${PEOPLE}`, change('replace', 'mail', ['alice@example.org'])),
      (e: Error) => e instanceof ConstraintViolationError && /mail/.test(e.message),
    );
    // ldapadd reports it as stock tools show it.
    const r = await run('ldapadd', ['-x', '-H', s.url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD], {
      input: `dn: uid=bob,ou=groups,${BASE}\nobjectClass: account\nuid: bob\n`,
    });
    assert.equal(r.code, 19);
    assert.match(r.stderr, /Constraint violation/);
  });

  it('fills in uniqueIdentifier from a counter when an add under ou=tags leaves it out', async () => {
    await admin.add(`ou=tags,${BASE}`, { objectClass: ['organizationalUnit'], ou: 'tags' });
    await admin
      .add(`cn=dinosaurs,ou=tags,${BASE}`, {
        objectClass: ['groupOfNames', 'uidObject'],
        cn: 'dinosaurs',
        member: ADMIN_DN,
        uid: 'dino',
      } as never)
      .catch(() => undefined);
    await admin.add(`cn=rocks,ou=tags,${BASE}`, {
      objectClass: ['organizationalRole', 'extensibleObject'],
      cn: 'rocks',
    });
    await admin.add(`cn=ferns,ou=tags,${BASE}`, {
      objectClass: ['organizationalRole', 'extensibleObject'],
      cn: 'ferns',
    });
    const { searchEntries } = await admin.search(`ou=tags,${BASE}`, {
      scope: 'one',
      filter: '(|(cn=rocks)(cn=ferns))',
      attributes: ['uniqueIdentifier', 'cn'],
    });
    const ids = searchEntries.map((e) => String(e.uniqueIdentifier));
    assert.equal(ids.length, 2);
    for (const id of ids) assert.match(id, /^tag-\d+$/);
    assert.notEqual(ids[0], ids[1]);
  });

  it('locks an entry after repeated failed binds (49 even with the right password), visible to and cleared by the administrator', async () => {
    const dn = `uid=darius,${PEOPLE}`;
    for (let i = 0; i < 3; i++) {
      const c = new Client({ url: s.url });
      await assert.rejects(c.bind(dn, 'wrong'), InvalidCredentialsError);
    }
    const locked = new Client({ url: s.url });
    await assert.rejects(locked.bind(dn, 'linden-demo'), InvalidCredentialsError);
    const { searchEntries } = await admin.search(dn, {
      scope: 'base',
      attributes: ['pwdAccountLockedTime', 'pwdFailureTime'],
    });
    assert.match(String(searchEntries[0]?.pwdAccountLockedTime), /^\d{14}Z$/);
    assert.equal((searchEntries[0]!.pwdFailureTime as string[]).length, 3);
    await admin.modify(dn, change('delete', 'pwdAccountLockedTime', []));
    const ok = new Client({ url: s.url });
    await ok.bind(dn, 'linden-demo');
    await ok.unbind();
    const cleared = await admin.search(dn, {
      scope: 'base',
      attributes: ['pwdAccountLockedTime', 'pwdFailureTime'],
    });
    assert.ok(absent(cleared.searchEntries[0]?.pwdFailureTime));
    assert.ok(absent(cleared.searchEntries[0]?.pwdAccountLockedTime));
  });

  it('a user cannot unlock themselves or write memberOf', async () => {
    const c = new Client({ url: s.url });
    await c.bind(`uid=chloe,${PEOPLE}`, 'linden-demo');
    await assert.rejects(
      c.modify(`uid=chloe,${PEOPLE}`, change('add', 'memberOf', [`cn=admins,${GROUPS}`])),
      (e: Error) => e instanceof ConstraintViolationError || e instanceof InsufficientAccessError,
    );
    await c.unbind();
  });

  it('the audit log has one JSON line per write with who, what, when and result, and no password values', async () => {
    await admin.modify(`uid=bob,${PEOPLE}`, change('replace', 'userPassword', ['Audit-Secret-123']));
    await admin.unbind();
    await s.shutdown();
    const lines = readFileSync(join(s.dir, 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const pw = lines.find(
      (l) =>
        l.op === 'modify' &&
        l.dn === `uid=bob,${PEOPLE}` &&
        JSON.stringify(l.changes).includes('userPassword'),
    );
    assert.ok(pw, 'the password change is audited');
    assert.equal(pw.who, ADMIN_DN);
    assert.equal(pw.result, 0);
    assert.ok(typeof pw.time === 'string');
    const refused = lines.find((l) => l.op === 'add' && l.dn === `uid=alice2,${PEOPLE}`);
    assert.equal(refused?.result, 19);
    const all = lines.map((l) => JSON.stringify(l)).join('\n');
    assert.doesNotMatch(all, /Audit-Secret-123/);
    assert.doesNotMatch(all, /linden-demo/);
  });
});
