/**
 * The published read-only directory example (CdEDB design) through a real
 * Directory with its rules file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Actor, type Harness, openHarness, readExample } from './harness.ts';

const BASE = 'dc=cde-ev,dc=de';
const USERS = `ou=users,${BASE}`;
const GROUPS = `ou=groups,${BASE}`;
const ANTON = `uid=1,${USERS}`;
const BERTA = `uid=2,${USERS}`;
const WIKI = `cn=wiki,ou=duas,${BASE}`;
const MAILMAN = `cn=mailman,ou=duas,${BASE}`;
const IS_ACTIVE = `cn=is_active,ou=status,${GROUPS}`;

describe('published directory access', () => {
  let h: Harness;
  let anon: Actor;
  let anton: Actor;
  let wiki: Actor;
  let mailman: Actor;
  before(async () => {
    h = await openHarness({
      suffix: BASE,
      ldif: readExample('published-directory', 'data.ldif'),
      rules: readExample('published-directory', 'access.rules'),
    });
    anon = h.anonymous();
    anton = await h.as(ANTON, '1-pw');
    wiki = await h.as(WIKI, 'wiki-pw');
    mailman = await h.as(MAILMAN, 'mailman-pw');
  });
  after(() => h.close());

  it('users read only their own entry, memberOf included', async () => {
    const all = await anton.search(USERS, '(objectClass=*)', {
      scope: 'one',
      attributes: ['cn', 'memberOf'],
    });
    assert.equal(all.code, 'success');
    assert.deepEqual(
      all.entries.map((e) => e.dn),
      [ANTON],
    );
    assert.deepEqual(all.entries[0]!.attributes.cn, ['Anton Armin A. Administrator']);
    assert.equal(all.entries[0]!.attributes.memberOf?.length, 4);
    assert.equal((await anton.search(BERTA, '(objectClass=*)', { scope: 'base' })).code, 'noSuchObject');
    assert.equal(await anton.compare(BERTA, 'mail', 'berta@example.cde'), 'noSuchObject');
  });

  it('users see no groups and no DUAs', async () => {
    assert.equal((await anton.search(GROUPS, '(objectClass=*)')).code, 'noSuchObject');
    assert.equal((await anton.search(BASE, '(objectClass=groupOfUniqueNames)')).entries.length, 0);
    assert.equal((await anton.search(BASE, '(cn=wiki)')).entries.length, 0);
  });

  it('every DUA reads every user, but not their memberships', async () => {
    const r = await wiki.search(USERS, '(mail=*)', { scope: 'one', attributes: ['uid', 'mail', 'memberOf'] });
    assert.deepEqual(
      r.entries.map((e) => [e.dn, e.attributes.mail, e.attributes.memberOf]),
      [
        [ANTON, ['anton@example.cde'], undefined],
        [BERTA, ['berta@example.cde'], undefined],
      ],
    );
    assert.equal((await wiki.search(GROUPS, '(objectClass=*)')).code, 'noSuchObject');
  });

  it('a DUA cannot find users by membership either', async () => {
    assert.equal((await wiki.search(USERS, `(memberOf=${IS_ACTIVE})`, { scope: 'one' })).entries.length, 0);
  });

  it('a DUA granted group access reads groups and memberships', async () => {
    const groups = await mailman.search(GROUPS, '(uniqueMember=*)', { attributes: ['cn', 'uniqueMember'] });
    assert.equal(groups.entries.length, 6);
    const active = groups.entries.find((e) => e.dn === IS_ACTIVE);
    assert.deepEqual(active?.attributes.uniqueMember, [ANTON, BERTA]);
    const users = await mailman.search(USERS, '(uid=2)', { scope: 'one', attributes: ['memberOf'] });
    assert.equal(users.entries[0]?.attributes.memberOf?.length, 3);
  });

  it('password hashes never leave the server', async () => {
    for (const actor of [anton, wiki, mailman]) {
      const r = await actor.search(USERS, '(uid=1)', { scope: 'one', attributes: ['userPassword', '*'] });
      assert.equal(r.entries[0]?.attributes.userPassword, undefined);
      assert.equal((await actor.search(USERS, '(userPassword=*)', { scope: 'one' })).entries.length, 0);
    }
    assert.equal(await wiki.compare(ANTON, 'userPassword', '1-pw'), 'insufficientAccessRights');
  });

  it('bind is the only use of a password, for users and DUAs alike', async () => {
    assert.ok(await h.as(BERTA, '2-pw'));
    await assert.rejects(h.as(BERTA, '1-pw'));
  });

  it('no LDAP client writes anything', async () => {
    for (const actor of [anon, anton, wiki, mailman]) {
      assert.equal(
        await actor.modify(ANTON, [{ op: 'replace', type: 'mail', values: ['x@y.z'] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await actor.add(`uid=3,${USERS}`, {
          objectClass: ['inetOrgPerson'],
          uid: ['3'],
          cn: ['C'],
          sn: ['C'],
        }),
        'insufficientAccessRights',
      );
      // Like OpenLDAP, a modify refused on an existing entry says so, even where the entry is invisible.
      assert.equal(
        await actor.modify(IS_ACTIVE, [{ op: 'delete', type: 'uniqueMember', values: [BERTA] }]),
        'insufficientAccessRights',
      );
    }
    assert.equal(await anton.passwordModify('new-pw'), 'insufficientAccessRights');
    assert.equal(await anton.del(ANTON), 'insufficientAccessRights');
  });

  it('anonymous sees nothing', async () => {
    assert.equal((await anon.search(USERS, '(uid=1)')).code, 'noSuchObject');
    assert.equal((await anon.search(BASE, '(objectClass=*)', { scope: 'base' })).code, 'noSuchObject');
  });
});
