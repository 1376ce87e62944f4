/**
 * Where the directory's operations ask the rules, checked through a real
 * Directory with rules written to isolate each check (slapd.access(5),
 * "OPERATION REQUIREMENTS").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, openHarness } from './harness.ts';

const BASE = 'dc=example,dc=org';
const PEOPLE = `ou=people,${BASE}`;
const OTHER = `ou=other,${BASE}`;
const ALICE = `uid=alice,${PEOPLE}`;
const BOB = `uid=bob,${PEOPLE}`;
const HIDDEN = `uid=hidden,${PEOPLE}`;
const CLOSED = `uid=closed,${PEOPLE}`;

const LDIF = `dn: ${BASE}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ${PEOPLE}
objectClass: organizationalUnit
ou: people

dn: ${OTHER}
objectClass: organizationalUnit
ou: other

${['alice', 'bob', 'hidden', 'closed']
  .map(
    (u) =>
      `dn: uid=${u},${PEOPLE}\nobjectClass: inetOrgPerson\nuid: ${u}\ncn: ${u}\nsn: ${u}\nmail: ${u}@example.org\nmail: ${u}@other.example\nuserPassword: ${u}-pw\n`,
  )
  .join('\n')}`;

const RULES = `
access to attrs=userPassword
    by dn.exact="${BOB}" write
    by anonymous auth
access to dn.exact="${CLOSED}"
    by * none
access to dn.exact="${HIDDEN}"
    by * disclose
access to dn.exact="${OTHER}" attrs=entry
    by * disclose
access to dn.exact="${PEOPLE}" attrs=children
    by dn.exact="${BOB}" =a
    by dn.exact="${ALICE}" =z
access to dn.exact="${OTHER}" attrs=children
    by dn.exact="${BOB}" =a
access to attrs=mail val.regex="@other\\.example$"
    by dn.exact="${BOB}" write
    by users =s
access to attrs=mail
    by dn.exact="${BOB}" =rscxd
    by users read
access to attrs=sn
    by dn.exact="${BOB}" write
    by users =rc
access to attrs=cn
    by dn.exact="${BOB}" =rscxda
    by users read
access to *
    by dn.exact="${BOB}" write
    by users read
`;

describe('the operations’ access checks', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness({ suffix: BASE, ldif: LDIF, rules: RULES });
  });
  after(() => h.close());

  it('bind needs auth on userPassword, evaluated as anonymous', async () => {
    assert.ok(await h.as(ALICE, 'alice-pw'));
    const strict = await openHarness({
      suffix: BASE,
      ldif: LDIF,
      rules: 'access to attrs=userPassword by anonymous =d\naccess to * by * read',
    });
    try {
      await assert.rejects(strict.as(ALICE, 'alice-pw'), /invalidCredentials|49/);
    } finally {
      await strict.close();
    }
  });

  it('search: search on filter attributes, read on the entry and on each value returned', async () => {
    const alice = await h.as(ALICE, 'alice-pw');
    const r = await alice.search(PEOPLE, '(uid=bob)', { scope: 'one', attributes: ['mail', 'sn', 'cn'] });
    assert.deepEqual(r.entries, [
      { dn: BOB, attributes: { mail: ['bob@example.org'], sn: ['bob'], cn: ['bob'] } },
    ]);
    // =s on the other mail values: searchable, never returned.
    assert.equal(
      (await alice.search(PEOPLE, '(mail=bob@other.example)', { scope: 'one', attributes: ['uid'] })).entries
        .length,
      1,
    );
    // =rc on sn: readable and comparable, not searchable.
    assert.equal((await alice.search(PEOPLE, '(sn=bob)', { scope: 'one' })).entries.length, 0);
    assert.equal(await alice.compare(BOB, 'sn', 'bob'), 'compareTrue');
  });

  it('an entry without entry access is invisible; disclose decides noSuchObject against insufficientAccessRights', async () => {
    const alice = await h.as(ALICE, 'alice-pw');
    const all = await alice.search(PEOPLE, '(objectClass=*)', { scope: 'one' });
    assert.deepEqual(all.entries.map((e) => e.dn).sort(), [ALICE, BOB]);
    assert.equal((await alice.search(CLOSED, '(objectClass=*)', { scope: 'base' })).code, 'noSuchObject');
    assert.equal(await alice.compare(CLOSED, 'cn', 'closed'), 'noSuchObject');
    assert.equal(await alice.compare(HIDDEN, 'cn', 'hidden'), 'insufficientAccessRights');
  });

  it('a search base needs search on its entry (disclose alone: insufficientAccessRights)', async () => {
    const alice = await h.as(ALICE, 'alice-pw');
    // OpenLDAP 2.4+: search (=s) on the base's entry, else insufficientAccessRights if disclosed, else noSuchObject.
    assert.equal(
      (await alice.search(OTHER, '(objectClass=*)', { scope: 'sub' })).code,
      'insufficientAccessRights',
    );
  });

  it('add: =a on the parent’s children and on the new entry (and, in Linden, on every attribute added)', async () => {
    const bob = await h.as(BOB, 'bob-pw');
    const alice = await h.as(ALICE, 'alice-pw');
    const person = (u: string) => ({ objectClass: ['inetOrgPerson'], uid: [u], cn: [u], sn: [u] });
    assert.equal(await alice.add(`uid=new1,${PEOPLE}`, person('new1')), 'insufficientAccessRights');
    assert.equal(await bob.add(`uid=new1,${PEOPLE}`, person('new1')), 'success');
    // Bob may add mail values at other.example only.
    assert.equal(
      await bob.add(`uid=new2,${PEOPLE}`, { ...person('new2'), mail: ['x@example.org'] }),
      'insufficientAccessRights',
    );
    assert.equal(
      await bob.add(`uid=new2,${PEOPLE}`, { ...person('new2'), mail: ['x@other.example'] }),
      'success',
    );
  });

  it('delete: =z on the entry and on the parent’s children', async () => {
    const bob = await h.as(BOB, 'bob-pw');
    const alice = await h.as(ALICE, 'alice-pw');
    // Bob may write the entry but has only =a on the parent's children; Alice has =z there but no write on the entry.
    assert.equal(await bob.del(`uid=new1,${PEOPLE}`), 'insufficientAccessRights');
    assert.equal(await alice.del(`uid=new1,${PEOPLE}`), 'insufficientAccessRights');
  });

  it('modify: per attribute and per value, add and delete separately', async () => {
    const bob = await h.as(BOB, 'bob-pw');
    assert.equal(await bob.modify(ALICE, [{ op: 'add', type: 'cn', values: ['Alice A'] }]), 'success');
    assert.equal(
      await bob.modify(ALICE, [{ op: 'delete', type: 'cn', values: ['Alice A'] }]),
      'insufficientAccessRights',
    );
    assert.equal(
      await bob.modify(ALICE, [{ op: 'replace', type: 'cn', values: ['alice'] }]),
      'insufficientAccessRights',
    );
    assert.equal(await bob.modify(ALICE, [{ op: 'replace', type: 'description', values: ['d'] }]), 'success');
    assert.equal(
      await bob.modify(ALICE, [{ op: 'replace', type: 'userPassword', values: ['changed'] }]),
      'success',
    );
    const alice = await h.as(ALICE, 'changed');
    assert.equal(
      await alice.modify(ALICE, [{ op: 'replace', type: 'description', values: ['d'] }]),
      'insufficientAccessRights',
    );
  });

  it('modifyDN: write on the entry; moving needs =z on the old parent’s children and =a on the new', async () => {
    const bob = await h.as(BOB, 'bob-pw');
    // Bob: write on the entry, =a on both parents' children, no =z on ou=people's children.
    assert.equal(await bob.rename(BOB, 'uid=bob', OTHER), 'insufficientAccessRights');
  });

  it('modifyDN in place needs write on the parent’s children too (OpenLDAP)', async () => {
    const bob = await h.as(BOB, 'bob-pw');
    // Bob has only =a on ou=people's children: renaming in place needs write there.
    assert.equal(await bob.rename(BOB, 'uid=robert'), 'insufficientAccessRights');
  });
});
