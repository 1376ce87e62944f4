/**
 * The community directory example (Mozillians design), driven through a real
 * Directory with its rules file: what each identity can find, read, compare
 * and change, as a client would observe it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MOZILLIANS_SCHEMA_FILE } from '../../src/schema/index.ts';
import { type Actor, type Harness, openHarness, readExample } from './harness.ts';

const BASE = 'dc=mozillians,dc=org';
const PEOPLE = `ou=people,${BASE}`;
const TAGS = `ou=tags,${BASE}`;
const person = (n: string): string => `uniqueIdentifier=7f3a67u00000${n},${PEOPLE}`;
const ALICE = person('1');
const BOB = person('2');
const CAROL = person('3');
const DAVE = person('4');
const OPEN_GROUP = `uniqueIdentifier=ab83c301007f,${TAGS}`;
const STEWARDS = `uniqueIdentifier=ab83c3010100,${TAGS}`;
const MANAGED = `uniqueIdentifier=ab83c3010200,${TAGS}`;
const REGISTRATION = `cn=registration,ou=system,${BASE}`;

describe('community directory access', () => {
  let h: Harness;
  let anon: Actor;
  let alice: Actor;
  let bob: Actor;
  let carol: Actor;
  let dave: Actor;
  let registration: Actor;
  before(async () => {
    h = await openHarness({
      suffix: BASE,
      ldif: readExample('community-directory', 'data.ldif'),
      rules: readExample('community-directory', 'access.rules'),
      schemaFiles: [MOZILLIANS_SCHEMA_FILE],
    });
    anon = h.anonymous();
    alice = await h.as(ALICE, 'alice-pw');
    bob = await h.as(BOB, 'bob-pw');
    carol = await h.as(CAROL, 'carol-pw');
    dave = await h.as(DAVE, 'dave-pw');
    registration = await h.as(REGISTRATION, 'registration-pw');
  });
  after(() => h.close());

  describe('anonymous', () => {
    it('finds a DN by uid and nothing else, then binds', async () => {
      const r = await anon.search(PEOPLE, '(uid=alice)', { scope: 'one', attributes: ['uid'] });
      assert.equal(r.code, 'success');
      assert.deepEqual(r.entries, [{ dn: ALICE, attributes: {} }]);
      assert.ok(await h.as(r.entries[0]!.dn, 'alice-pw'));
    });
    it('cannot search on any other attribute', async () => {
      for (const filter of ['(sn=*)', '(telephoneNumber=+44 1234 567001)', '(description=*food*)']) {
        const r = await anon.search(PEOPLE, filter, { scope: 'one' });
        assert.equal(r.entries.length, 0, filter);
      }
    });
    it('cannot search on attributes an index answers exactly', async () => {
      for (const filter of ['(mail=alice@mozillians.org)', '(cn=Alice*)', '(objectClass=inetOrgPerson)']) {
        const r = await anon.search(PEOPLE, filter, { scope: 'one' });
        assert.equal(r.entries.length, 0, filter);
      }
    });
    it('cannot see the system accounts', async () => {
      assert.equal((await anon.search(BASE, '(cn=registration)')).entries.length, 0);
      assert.equal(
        (await anon.search(REGISTRATION, '(objectClass=*)', { scope: 'base' })).code,
        'noSuchObject',
      );
    });
    it('reads group names and descriptions but not members', async () => {
      const r = await anon.search(TAGS, '(cn=Dinofood)', {
        scope: 'one',
        attributes: ['displayName', 'member'],
      });
      assert.deepEqual(r.entries, [{ dn: OPEN_GROUP, attributes: { displayName: ['Dinosaur Food Group'] } }]);
    });
    it('never binds with a wrong password, and bind never reveals a hash', async () => {
      await assert.rejects(h.as(ALICE, 'wrong'));
      const r = await bob.search(ALICE, '(objectClass=*)', { scope: 'base', attributes: ['userPassword'] });
      assert.deepEqual(r.entries[0]?.attributes, {});
    });
  });

  describe('vouched members', () => {
    it('read other members and applicants', async () => {
      const r = await alice.search(PEOPLE, '(uid=carol)', {
        scope: 'one',
        attributes: ['cn', 'mail', 'uid'],
      });
      assert.deepEqual(r.entries, [
        { dn: CAROL, attributes: { cn: ['Carol Newcomer'], mail: ['carol@example.net'], uid: ['carol'] } },
      ]);
    });
    it('search the way the notes suggest', async () => {
      const r = await alice.search(PEOPLE, '(&(objectclass=inetOrgPerson)(mozilliansVouchedBy=*)(sn=*))', {
        scope: 'one',
        attributes: ['uid'],
      });
      assert.deepEqual(r.entries.map((e) => e.attributes.uid?.[0]).sort(), ['alice', 'bob', 'dave']);
    });
    it('compare attributes of others', async () => {
      assert.equal(await alice.compare(BOB, 'mail', 'bob@mozillians.org'), 'compareTrue');
      assert.equal(await alice.compare(BOB, 'mail', 'x@y.org'), 'compareFalse');
    });
  });

  describe('applicants (not vouched)', () => {
    it('see their own entry', async () => {
      const r = await carol.search(CAROL, '(objectClass=*)', {
        scope: 'base',
        attributes: ['cn', 'uid', 'mail'],
      });
      assert.deepEqual(r.entries[0]?.attributes, {
        cn: ['Carol Newcomer'],
        uid: ['carol'],
        mail: ['carol@example.net'],
      });
    });
    it('see only DNs of others', async () => {
      const r = await carol.search(PEOPLE, '(uid=alice)', {
        scope: 'one',
        attributes: ['cn', 'mail', 'uid'],
      });
      assert.deepEqual(r.entries, [{ dn: ALICE, attributes: {} }]);
      assert.equal((await carol.search(PEOPLE, '(description=*food*)', { scope: 'one' })).entries.length, 0);
    });
    it('cannot find others by what they cannot search, even through an index', async () => {
      assert.equal((await carol.search(PEOPLE, '(cn=Alice*)', { scope: 'one' })).entries.length, 0);
    });
    it('cannot compare what they cannot read (the entry is visible: insufficientAccessRights)', async () => {
      assert.equal(await carol.compare(ALICE, 'mail', 'alice@mozillians.org'), 'insufficientAccessRights');
    });
  });

  describe('own entry', () => {
    it('edits exactly the listed attributes', async () => {
      assert.equal(
        await dave.modify(DAVE, [{ op: 'replace', type: 'telephoneNumber', values: ['+44 1234 567004'] }]),
        'success',
      );
      assert.equal(await dave.modify(DAVE, [{ op: 'add', type: 'description', values: ['Bio'] }]), 'success');
      assert.equal(
        await dave.modify(DAVE, [{ op: 'replace', type: 'displayName', values: ['Dave M'] }]),
        'success',
      );
      assert.equal(await dave.modify(DAVE, [{ op: 'add', type: 'cn', values: ['Dave'] }]), 'success');
    });
    it('cannot change objectClass, uniqueIdentifier or vouch for themselves', async () => {
      assert.equal(
        await dave.modify(DAVE, [{ op: 'add', type: 'objectClass', values: ['pilotPerson'] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await dave.modify(DAVE, [{ op: 'replace', type: 'uniqueIdentifier', values: ['x'] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await carol.modify(CAROL, [{ op: 'add', type: 'mozilliansVouchedBy', values: [CAROL] }]),
        'insufficientAccessRights',
      );
    });
    it('cannot remove a MUST attribute', async () => {
      assert.equal(await dave.modify(DAVE, [{ op: 'delete', type: 'sn' }]), 'objectClassViolation');
      assert.equal(await dave.modify(DAVE, [{ op: 'delete', type: 'cn' }]), 'objectClassViolation');
    });
    it('cannot remove uid either (the notes make it a MUST)', async () => {
      assert.equal(
        await dave.modify(DAVE, [{ op: 'delete', type: 'uid', values: ['dave'] }]),
        'objectClassViolation',
      );
    });
    it('cannot edit other people', async () => {
      assert.equal(
        await alice.modify(BOB, [{ op: 'replace', type: 'description', values: ['hacked'] }]),
        'insufficientAccessRights',
      );
    });
    it('changes the own password (RFC 3062), not others', async () => {
      assert.equal(await dave.passwordModify('dave-pw2'), 'success');
      assert.ok(await h.as(DAVE, 'dave-pw2'));
      assert.equal(await dave.passwordModify('x', ALICE), 'insufficientAccessRights');
      assert.equal(
        await dave.modify(DAVE, [{ op: 'replace', type: 'userPassword', values: ['dave-pw'] }]),
        'success',
      );
    });
  });

  describe('registration', () => {
    it('only the registration account creates people entries', async () => {
      const entry = {
        objectClass: ['inetOrgPerson', 'mozilliansPerson'],
        uniqueIdentifier: ['7f3a67u000009'],
        cn: ['Erin New'],
        sn: ['New'],
        uid: ['erin'],
        userPassword: ['erin-pw'],
      };
      assert.equal(await alice.add(person('9'), entry), 'insufficientAccessRights');
      assert.equal(await anon.add(person('9'), entry), 'insufficientAccessRights');
      assert.equal(await registration.add(person('9'), entry), 'success');
      assert.ok(await h.as(person('9'), 'erin-pw'));
      assert.equal(await alice.del(person('9')), 'insufficientAccessRights');
      assert.equal(await registration.del(person('9')), 'success');
    });
    it('cannot create groups or read passwords', async () => {
      const r = await registration.search(ALICE, '(objectClass=*)', {
        scope: 'base',
        attributes: ['userPassword', 'cn'],
      });
      assert.deepEqual(r.entries[0]?.attributes, { cn: ['Alice Example'] });
    });
  });

  describe('vouching', () => {
    it('a vouched member writes only their own DN into mozilliansVouchedBy', async () => {
      assert.equal(
        await dave.modify(CAROL, [{ op: 'add', type: 'mozilliansVouchedBy', values: [ALICE] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await dave.modify(CAROL, [{ op: 'add', type: 'mozilliansVouchedBy', values: [DAVE] }]),
        'success',
      );
      // Carol is now vouched: she reads others.
      const r = await carol.search(ALICE, '(objectClass=*)', { scope: 'base', attributes: ['cn'] });
      assert.deepEqual(r.entries[0]?.attributes, { cn: ['Alice Example'] });
      // Nobody removes another member's vouch.
      assert.equal(
        await bob.modify(CAROL, [{ op: 'delete', type: 'mozilliansVouchedBy', values: [DAVE] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await dave.modify(CAROL, [{ op: 'delete', type: 'mozilliansVouchedBy', values: [DAVE] }]),
        'success',
      );
    });
    it('replace is never a selfwrite (it deletes the whole attribute)', async () => {
      assert.equal(
        await dave.modify(person('3'), [{ op: 'replace', type: 'mozilliansVouchedBy', values: [DAVE] }]),
        'insufficientAccessRights',
      );
    });
    it('an applicant cannot vouch', async () => {
      const erin = {
        objectClass: ['inetOrgPerson', 'mozilliansPerson'],
        uniqueIdentifier: ['7f3a67u000008'],
        cn: ['F'],
        sn: ['F'],
        uid: ['f'],
        userPassword: ['f-pw'],
      };
      assert.equal(await registration.add(person('8'), erin), 'success');
      const f = await h.as(person('8'), 'f-pw');
      assert.equal(
        await f.modify(DAVE, [{ op: 'add', type: 'mozilliansVouchedBy', values: [person('8')] }]),
        'insufficientAccessRights',
      );
    });
  });

  describe('open groups', () => {
    it('anyone bound joins and leaves, value by value', async () => {
      assert.equal(
        await carol.modify(OPEN_GROUP, [{ op: 'add', type: 'member', values: [CAROL] }]),
        'success',
      );
      assert.equal(
        await carol.modify(OPEN_GROUP, [{ op: 'delete', type: 'member', values: [CAROL] }]),
        'success',
      );
    });
    it('nobody adds or removes someone else, or replaces the list', async () => {
      assert.equal(
        await carol.modify(OPEN_GROUP, [{ op: 'add', type: 'member', values: [DAVE] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await dave.modify(OPEN_GROUP, [{ op: 'delete', type: 'member', values: [ALICE] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await dave.modify(OPEN_GROUP, [{ op: 'replace', type: 'member', values: [DAVE] }]),
        'insufficientAccessRights',
      );
      assert.equal(
        await anon.modify(OPEN_GROUP, [{ op: 'add', type: 'member', values: [DAVE] }]),
        'insufficientAccessRights',
      );
    });
    it('members are visible to users, not to anonymous', async () => {
      const r = await carol.search(TAGS, '(member=*)', { scope: 'one', attributes: ['member'] });
      assert.ok(r.entries.some((e) => e.dn === OPEN_GROUP && (e.attributes.member?.length ?? 0) >= 2));
      assert.equal((await anon.search(TAGS, '(member=*)', { scope: 'one' })).entries.length, 0);
    });
  });

  describe('managed groups', () => {
    it('only members of the manager group change membership', async () => {
      // Alice is a Steward; Dave is not; Carol may not add herself.
      assert.equal(
        await dave.modify(MANAGED, [{ op: 'add', type: 'member', values: [DAVE] }]),
        'insufficientAccessRights',
      );
      assert.equal(await alice.modify(MANAGED, [{ op: 'add', type: 'member', values: [DAVE] }]), 'success');
      assert.equal(
        await alice.modify(MANAGED, [{ op: 'delete', type: 'member', values: [DAVE] }]),
        'success',
      );
      assert.equal(
        await alice.modify(MANAGED, [
          { op: 'replace', type: 'description', values: ['Curated by Stewards'] },
        ]),
        'success',
      );
      assert.equal(
        await dave.modify(MANAGED, [{ op: 'replace', type: 'description', values: ['mine'] }]),
        'insufficientAccessRights',
      );
    });
    it('a self-managed group: members add members, others cannot join', async () => {
      assert.equal(
        await dave.modify(STEWARDS, [{ op: 'add', type: 'member', values: [DAVE] }]),
        'insufficientAccessRights',
      );
      assert.equal(await alice.modify(STEWARDS, [{ op: 'add', type: 'member', values: [DAVE] }]), 'success');
      // Dave is now a Steward (his memberOf names it): he manages Release Drivers.
      const dave2 = await h.as(DAVE, 'dave-pw');
      assert.equal(await dave2.modify(MANAGED, [{ op: 'add', type: 'member', values: [CAROL] }]), 'success');
    });
  });

  describe('owners', () => {
    it('owners control their groups completely', async () => {
      assert.equal(
        await bob.modify(OPEN_GROUP, [
          { op: 'replace', type: 'cn', values: ['Dinosaur Food Group', 'Dinofood', 'Dino'] },
        ]),
        'success',
      );
      assert.equal(
        await bob.modify(OPEN_GROUP, [{ op: 'delete', type: 'member', values: [ALICE] }]),
        'success',
      );
      assert.equal(
        await dave.modify(OPEN_GROUP, [{ op: 'replace', type: 'cn', values: ['Mine'] }]),
        'insufficientAccessRights',
      );
    });
    it('owners may be groups: their members control the group', async () => {
      const dn = `uniqueIdentifier=ab83c3010300,${TAGS}`;
      const group = {
        objectClass: ['mozilliansGroup'],
        uniqueIdentifier: ['ab83c3010300'],
        cn: ['Docs'],
        displayName: ['Docs'],
        owner: [STEWARDS],
      };
      assert.equal(await h.admin().add(dn, group), 'success');
      assert.equal(
        await alice.modify(dn, [{ op: 'replace', type: 'description', values: ['Owned by the Stewards'] }]),
        'success',
      );
      assert.equal(
        await carol.modify(dn, [{ op: 'replace', type: 'description', values: ['mine'] }]),
        'insufficientAccessRights',
      );
    });
    it('vouched members create groups they own, and delete them', async () => {
      const group = (owner: string) => ({
        objectClass: ['mozilliansGroup'],
        uniqueIdentifier: ['ab83c3019999'],
        cn: ['Hikers'],
        displayName: ['Hikers'],
        owner: [owner],
      });
      const dn = `uniqueIdentifier=ab83c3019999,${TAGS}`;
      // The new group's owner must be its creator.
      assert.equal(await dave.add(dn, group(ALICE)), 'insufficientAccessRights');
      assert.equal(await dave.add(dn, group(DAVE)), 'success');
      assert.equal(await alice.del(dn), 'insufficientAccessRights');
      assert.equal(await dave.del(dn), 'success');
      // Applicants (Carol is not vouched) cannot create groups.
      assert.equal(await carol.add(dn, group(CAROL)), 'insufficientAccessRights');
      const newcomer = {
        objectClass: ['inetOrgPerson', 'mozilliansPerson'],
        uniqueIdentifier: ['7f3a67u000007'],
        cn: ['G'],
        sn: ['G'],
        uid: ['g'],
        userPassword: ['g-pw'],
      };
      assert.equal(await registration.add(person('7'), newcomer), 'success');
      const g = await h.as(person('7'), 'g-pw');
      assert.equal(await g.add(dn, group(person('7'))), 'insufficientAccessRights');
    });
  });
});
