import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { can, entry, view } from './rules-fixture.ts';

const ALICE = 'uid=alice,ou=people,dc=example,dc=org';
const BOB = 'uid=bob,ou=people,dc=example,dc=org';
const alice = entry(ALICE, {
  objectClass: ['inetOrgPerson'],
  uid: ['alice'],
  cn: ['Alice'],
  sn: ['A'],
  mail: ['alice@example.org'],
  manager: [BOB],
});
const people = entry('ou=people,dc=example,dc=org', { objectClass: ['organizationalUnit'], ou: ['people'] });
const admins = entry('cn=admins,ou=groups,dc=example,dc=org', {
  objectClass: ['groupOfNames'],
  cn: ['admins'],
  member: [BOB],
});
const staff = entry('cn=staff,ou=groups,dc=example,dc=org', {
  objectClass: ['groupOfUniqueNames'],
  cn: ['staff'],
  uniqueMember: [`${BOB}#'0101'B`],
});

describe('evaluating rules', () => {
  it('first matching rule wins; default deny', async () => {
    const v = await view('access to attrs=cn by * read\naccess to * by * write', BOB);
    assert.equal(can(v, alice, 'cn', 'write'), false);
    assert.equal(can(v, alice, 'sn', 'write'), true);
    const none = await view('access to dn.base="dc=other" by * read', BOB);
    assert.equal(can(none, alice, 'cn', 'disclose'), false);
  });

  it('levels include lower levels; privileges are literal', async () => {
    const v = await view(
      'access to attrs=cn by * read\naccess to attrs=sn by * =r\naccess to attrs=mail by * =sc',
      BOB,
    );
    assert.equal(can(v, alice, 'cn', 'search'), true);
    assert.equal(can(v, alice, 'cn', 'auth'), true);
    assert.equal(can(v, alice, 'sn', 'read'), true);
    assert.equal(can(v, alice, 'sn', 'search'), false);
    assert.equal(can(v, alice, 'mail', 'search'), true);
    assert.equal(can(v, alice, 'mail', 'read'), false);
  });

  it('add and delete split write', async () => {
    const v = await view('access to attrs=cn by * add\naccess to attrs=sn by * =z', BOB);
    assert.equal(can(v, alice, 'cn', 'write', 'x', 'add'), true);
    assert.equal(can(v, alice, 'cn', 'write', 'x', 'delete'), false);
    assert.equal(can(v, alice, 'cn', 'write'), false);
    assert.equal(can(v, alice, 'sn', 'write', 'A', 'delete'), true);
    assert.equal(can(v, alice, 'sn', 'read'), false);
  });

  it('continue accumulates within a rule; the implicit "by * none" resets when nothing stops', async () => {
    const rules = 'access to attrs=cn by * =cs continue by users +r';
    assert.equal(can(await view(rules, BOB), alice, 'cn', 'read'), true);
    // Anonymous: "=cs continue" then no clause matches: the implicit none applies (as slapd does).
    assert.equal(can(await view(rules, ''), alice, 'cn', 'search'), false);
  });

  it('break goes on to the next matching rule, and denies when none follows', async () => {
    const rules =
      'access to dn.subtree="dc=example,dc=org" attrs=cn by * =cs break\naccess to dn.subtree="ou=people,dc=example,dc=org" by * +r';
    const v = await view(rules, '');
    assert.equal(can(v, alice, 'cn', 'read'), true);
    const outside = entry('cn=x,dc=example,dc=org', { cn: ['x'] });
    assert.equal(can(v, outside, 'cn', 'search'), false);
  });

  it('subtractive privileges', async () => {
    const v = await view(
      'access to * by * write continue by dn.base="uid=bob,ou=people,dc=example,dc=org" -z',
      BOB,
    );
    assert.equal(can(v, alice, 'cn', 'write', 'x', 'add'), true);
    assert.equal(can(v, alice, 'cn', 'write', 'x', 'delete'), false);
  });

  it('dn styles in <what>', async () => {
    const rules = (style: string, dn: string) => view(`access to dn.${style}="${dn}" by * read`, '');
    assert.equal(can(await rules('base', 'ou=people,dc=example,dc=org'), people, 'entry', 'read'), true);
    assert.equal(can(await rules('base', 'ou=people,dc=example,dc=org'), alice, 'entry', 'read'), false);
    assert.equal(can(await rules('one', 'ou=people,dc=example,dc=org'), alice, 'entry', 'read'), true);
    assert.equal(can(await rules('one', 'dc=example,dc=org'), alice, 'entry', 'read'), false);
    assert.equal(can(await rules('children', 'ou=people,dc=example,dc=org'), people, 'entry', 'read'), false);
    assert.equal(can(await rules('subtree', 'ou=people,dc=example,dc=org'), people, 'entry', 'read'), true);
    assert.equal(can(await rules('subtree', 'OU=People, DC=Example,DC=org'), alice, 'entry', 'read'), true);
    assert.equal(
      can(await rules('regex', '^uid=[^,]+,ou=people,dc=example,dc=org$'), alice, 'entry', 'read'),
      true,
    );
  });

  it('regex submatches expand into <who>', async () => {
    const rules =
      'access to dn.regex="^uid=([^,]+),ou=people,dc=example,dc=org$" by dn.regex="^uid=$1,ou=people,dc=example,dc=org$$" write by * read';
    assert.equal(can(await view(rules, ALICE), alice, 'cn', 'write'), true);
    assert.equal(can(await view(rules, BOB), alice, 'cn', 'write'), false);
    const expand =
      'access to dn.regex="^uid=([^,]+),ou=people,dc=example,dc=org$" by dn.exact,expand="uid=$1,ou=people,dc=example,dc=org" write';
    assert.equal(can(await view(expand, ALICE), alice, 'cn', 'write'), true);
    const subtree = 'access to dn.subtree="dc=example,dc=org" by dn.subtree,expand="$1" read';
    assert.equal(can(await view(subtree, ALICE), alice, 'cn', 'read'), true);
  });

  it('attrs: pseudo-attributes, subtypes, object classes and their complement', async () => {
    const v = await view(
      'access to attrs=name by * read\naccess to attrs=@dcObject by * search\naccess to attrs=!person by * compare\naccess to attrs=entry,children by * write',
      '',
    );
    assert.equal(can(v, alice, 'cn', 'read'), true, 'cn is a subtype of name');
    assert.equal(can(v, alice, 'dc', 'read'), false);
    assert.equal(can(v, alice, 'dc', 'search'), true);
    assert.equal(can(v, alice, 'mail', 'compare'), true, 'mail is not allowed by person');
    assert.equal(can(v, alice, 'userpassword', 'compare'), false, 'userPassword is allowed by person');
    assert.equal(can(v, alice, 'entry', 'write'), false, '!person covers pseudo-attributes too');
  });

  it('val, val.regex and DN value styles', async () => {
    const v = await view(
      'access to attrs=mail val="ALICE@example.org" by * read\naccess to attrs=cn val.regex="^A" by * read\naccess to attrs=manager val.one="ou=people,dc=example,dc=org" by * read',
      '',
    );
    assert.equal(can(v, alice, 'mail', 'read', 'alice@EXAMPLE.org'), true);
    assert.equal(can(v, alice, 'mail', 'read'), false, 'a value rule never grants the whole attribute');
    assert.equal(can(v, alice, 'cn', 'read', 'alice'), true);
    assert.equal(can(v, alice, 'cn', 'read', 'bob'), false);
    assert.equal(can(v, alice, 'manager', 'read', BOB), true);
    assert.equal(can(v, alice, 'manager', 'read', 'cn=x,dc=example,dc=org'), false);
  });

  it('filter in <what>', async () => {
    const v = await view('access to filter=(mail=*@example.org) by * read', '');
    assert.equal(can(v, alice, 'cn', 'read'), true);
    assert.equal(can(v, people, 'ou', 'read'), false);
  });

  it('who: anonymous, users, self, self.level, dnattr', async () => {
    const rules = 'access to * by anonymous auth by self write by dnattr=manager read by users search';
    assert.equal(can(await view(rules, ''), alice, 'cn', 'auth'), true);
    assert.equal(can(await view(rules, ''), alice, 'cn', 'compare'), false);
    assert.equal(can(await view(rules, ALICE), alice, 'cn', 'write'), true);
    assert.equal(can(await view(rules, BOB), alice, 'cn', 'read'), true);
    assert.equal(can(await view(rules, 'uid=carol,ou=people,dc=example,dc=org'), alice, 'cn', 'read'), false);
    const parent = await view('access to * by self.level{1} read', ALICE);
    assert.equal(can(parent, people, 'ou', 'read'), true);
    assert.equal(can(parent, alice, 'cn', 'read'), false);
  });

  it('who: groups, default and custom class/attribute', async () => {
    const entries = [admins, staff];
    const rules =
      'access to attrs=cn by group="cn=admins,ou=groups,dc=example,dc=org" write by group/groupOfUniqueNames/uniqueMember="cn=staff,ou=groups,dc=example,dc=org" read';
    assert.equal(can(await view(rules, BOB, { entries }), alice, 'cn', 'write'), true);
    assert.equal(can(await view(rules, ALICE, { entries }), alice, 'cn', 'read'), false);
    const wrongClass =
      'access to * by group/groupOfUniqueNames/uniqueMember="cn=admins,ou=groups,dc=example,dc=org" read';
    assert.equal(can(await view(wrongClass, BOB, { entries }), alice, 'cn', 'read'), false);
    const unique =
      'access to * by group/groupOfUniqueNames/uniqueMember="cn=staff,ou=groups,dc=example,dc=org" read';
    assert.equal(can(await view(unique, BOB, { entries }), alice, 'cn', 'read'), true);
  });

  it('who: sets', async () => {
    const entries = [
      admins,
      entry(BOB, {
        objectClass: ['inetOrgPerson'],
        uid: ['bob'],
        cn: ['Bob'],
        sn: ['B'],
        memberOf: [admins.dn],
      }),
    ];
    const literal = 'access to * by set="[cn=admins,ou=groups,dc=example,dc=org]/member & user" write';
    assert.equal(can(await view(literal, BOB, { entries }), alice, 'cn', 'write'), true);
    assert.equal(can(await view(literal, ALICE, { entries }), alice, 'cn', 'write'), false);
    const manager = 'access to * by set="this/manager & user" write';
    assert.equal(can(await view(manager, BOB, { entries }), alice, 'cn', 'write'), true);
    const chained = 'access to * by set="this/manager/uid & [bob]" read';
    assert.equal(can(await view(chained, BOB, { entries }), alice, 'cn', 'read'), true);
    const union = 'access to * by set="(this | [cn=x]) & user" read';
    assert.equal(can(await view(union, ALICE, { entries }), alice, 'cn', 'read'), true);
  });

  it('sets that read entries other than the requester and its groups need prefetch', async () => {
    const group = entry('cn=mgrs,ou=groups,dc=example,dc=org', {
      objectClass: ['groupOfNames'],
      cn: ['mgrs'],
      member: [BOB],
    });
    const target = entry('cn=g,ou=groups,dc=example,dc=org', {
      objectClass: ['groupOfNames'],
      cn: ['g'],
      member: [ALICE],
      manager: [group.dn],
    });
    const v = await view('access to * by set="this/manager/member & user" write', BOB, { entries: [group] });
    assert.equal(can(v, target, 'member', 'write'), false);
    assert.deepEqual([...v.misses], [group.ndn]);
    await v.prefetch([target]);
    assert.equal(can(v, target, 'member', 'write'), true);
  });

  it('selfwrite: only one’s own DN, value by value', async () => {
    const group = entry('cn=g,ou=groups,dc=example,dc=org', {
      objectClass: ['groupOfNames'],
      cn: ['g'],
      member: [ALICE],
    });
    const v = await view('access to attrs=member by users selfwrite by users read', BOB);
    assert.equal(can(v, group, 'member', 'write', BOB, 'add'), true);
    assert.equal(can(v, group, 'member', 'write', 'UID=Bob, OU=People,DC=example,DC=org', 'delete'), true);
    assert.equal(can(v, group, 'member', 'write', ALICE, 'delete'), false);
    assert.equal(can(v, group, 'member', 'write', undefined, 'delete'), false);
    assert.equal(can(v, group, 'member', 'read'), true);
    assert.equal(can(v, group, 'cn', 'write', BOB, 'add'), false, 'not a DN attribute');
  });

  it('who: ssf and peername', async () => {
    const rules =
      'access to * by ssf=128 write by peername.ip=10.0.0.0%255.0.0.0 read by peername.regex="^IP=127\\." search';
    assert.equal(can(await view(rules, BOB, { ssf: 256 }), alice, 'cn', 'write'), true);
    assert.equal(can(await view(rules, BOB, { ssf: 0 }), alice, 'cn', 'write'), false);
    assert.equal(can(await view(rules, BOB, { remoteAddress: '10.1.2.3' }), alice, 'cn', 'read'), true);
    assert.equal(
      can(await view(rules, BOB, { remoteAddress: '::ffff:10.1.2.3' }), alice, 'cn', 'read'),
      true,
    );
    assert.equal(can(await view(rules, BOB, { remoteAddress: '11.1.2.3' }), alice, 'cn', 'read'), false);
    assert.equal(can(await view(rules, BOB, { remoteAddress: '127.0.0.1' }), alice, 'cn', 'search'), true);
  });
});
