import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, InvalidSyntaxError, SizeLimitExceededError } from 'ldapts';
import { MOZILLIANS_SCHEMA_FILE } from '../../src/schema/index.ts';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  BASE,
  parseLdapsearch,
  run,
  startLinden,
  type TestLinden,
} from '../support/linden.ts';

const PEOPLE = `ou=people,${BASE}`;

describe('search semantics, schema checks and schema from configuration', () => {
  let s: TestLinden;
  let admin: Client;
  const search = (args: string[]) =>
    run('ldapsearch', [
      '-x',
      '-H',
      s.url,
      '-D',
      ADMIN_DN,
      '-w',
      ADMIN_PASSWORD,
      '-LLL',
      '-o',
      'ldif-wrap=no',
      ...args,
    ]);
  before(async () => {
    s = await startLinden({
      config: {
        schema: { files: [MOZILLIANS_SCHEMA_FILE] },
        indexes: {
          objectClass: ['eq'],
          uid: ['eq', 'sub'],
          cn: ['eq', 'sub'],
          uidNumber: ['eq', 'ord'],
          member: ['eq'],
          memberOf: ['eq'],
        },
        limits: { sizeLimit: 3 },
      },
    });
    admin = new Client({ url: s.url });
    await admin.bind(ADMIN_DN, ADMIN_PASSWORD);
  });
  after(async () => {
    await admin?.unbind();
    await s?.stop();
  });

  it('scopes: base, one, sub and children', async () => {
    const dns = async (scope: string) =>
      parseLdapsearch((await search(['-b', PEOPLE, '-s', scope, '(objectClass=*)', '1.1'])).stdout).map(
        (e) => e.dn,
      );
    assert.deepEqual(await dns('base'), [PEOPLE]);
    const one = await dns('one');
    assert.equal(one.length, 4);
    assert.ok(!one.includes(PEOPLE));
    const sub = await dns('sub');
    assert.deepEqual(sub.sort(), [PEOPLE, ...one].sort());
    assert.deepEqual((await dns('children')).sort(), one.sort());
  });

  it('the size limit: the client asks for 2 → sizeLimitExceeded (4) after 2 entries; a user gets at most the configured 3', async () => {
    const r = await search(['-z', '2', '-b', PEOPLE, '(objectClass=person)', '1.1']);
    assert.equal(r.code, 4);
    assert.equal(parseLdapsearch(r.stdout).length, 2);
    const user = new Client({ url: s.url });
    await user.bind(`uid=alice,${PEOPLE}`, 'linden-demo');
    await assert.rejects(user.search(BASE, { filter: '(objectClass=*)' }), SizeLimitExceededError);
    await user.unbind();
    // The administrator has no configured limit.
    const all = await search(['-b', BASE, '(objectClass=*)', '1.1']);
    assert.equal(all.code, 0);
    assert.ok(parseLdapsearch(all.stdout).length > 3);
  });

  it('a size-limited prefix search finds its entries when the first index keys lie outside the base', async () => {
    // 120 entries whose cn sorts before every match under ou=people: a search
    // reading only the first postings of `(cn=zed*)` sees none in scope at first.
    const elsewhere = `ou=elsewhere,${BASE}`;
    await admin.add(elsewhere, { objectClass: ['organizationalUnit'], ou: 'elsewhere' });
    for (let i = 0; i < 120; i++) {
      const n = String(i).padStart(3, '0');
      await admin.add(`cn=zed a${n},${elsewhere}`, { objectClass: ['organizationalRole'], cn: `zed a${n}` });
    }
    for (const n of ['1', '2', '3'])
      await admin.add(`cn=zed b${n},${PEOPLE}`, { objectClass: ['organizationalRole'], cn: `zed b${n}` });
    const limited = await search(['-z', '2', '-b', PEOPLE, '(cn=zed*)', 'cn']);
    assert.equal(limited.code, 4);
    assert.equal(parseLdapsearch(limited.stdout).length, 2);
    const roomy = await search(['-z', '10', '-b', PEOPLE, '(cn=zed*)', 'cn']);
    assert.equal(roomy.code, 0);
    assert.deepEqual(
      parseLdapsearch(roomy.stdout)
        .map((e) => e.dn)
        .sort(),
      [`cn=zed b1,${PEOPLE}`, `cn=zed b2,${PEOPLE}`, `cn=zed b3,${PEOPLE}`],
    );
    // Across the whole tree the limit still counts every match.
    const everywhere = await search(['-z', '50', '-b', BASE, '(cn=zed*)', '1.1']);
    assert.equal(everywhere.code, 4);
    assert.equal(parseLdapsearch(everywhere.stdout).length, 50);
    const all = await search(['-z', '200', '-b', BASE, '(cn=zed*)', '1.1']);
    assert.equal(all.code, 0);
    assert.equal(parseLdapsearch(all.stdout).length, 123);
  });

  it('an AND whose other terms leave few candidates still checks its objectClass term exactly', async () => {
    const groups = `ou=probe-groups,${BASE}`;
    const alice = `uid=alice,${PEOPLE}`;
    await admin.add(groups, { objectClass: ['organizationalUnit'], ou: 'probe-groups' });
    await admin.add(`cn=plain,${groups}`, { objectClass: ['groupOfNames'], cn: 'plain', member: alice });
    await admin.add(`cn=open,${groups}`, {
      objectClass: ['groupOfNames', 'extensibleObject'],
      cn: 'open',
      member: alice,
    });
    const found = async (filter: string) =>
      parseLdapsearch((await search(['-b', groups, filter, 'cn'])).stdout)
        .map((e) => `${e.dn} ${e.attrs.cn?.join('|')}`)
        .sort();
    assert.deepEqual(await found(`(&(objectClass=extensibleObject)(member=${alice}))`), [
      `cn=open,${groups} open`,
    ]);
    assert.deepEqual(await found(`(&(objectClass=groupOfNames)(member=${alice}))`), [
      `cn=open,${groups} open`,
      `cn=plain,${groups} plain`,
    ]);
    assert.deepEqual(await found(`(&(objectClass=person)(member=${alice}))`), []);
    assert.deepEqual(await found(`(&(objectClass=noSuchClass)(member=${alice}))`), []);
    // Later tests count the tree's groups.
    for (const dn of [`cn=plain,${groups}`, `cn=open,${groups}`, groups]) await admin.del(dn);
  });

  it('typesOnly, *, +, 1.1, named attributes and @objectClass select as RFC 4511 and RFC 3673/4529 say', async () => {
    const one = async (attrs: string[], extra: string[] = []) =>
      parseLdapsearch(
        (await search([...extra, '-b', `uid=alice,${PEOPLE}`, '-s', 'base', '(objectClass=*)', ...attrs]))
          .stdout,
      )[0]!.attrs;
    const typesOnly = await one(['cn', 'mail'], ['-A']);
    assert.deepEqual(Object.keys(typesOnly).sort(), ['cn', 'mail']);
    const user = await one(['*']);
    assert.ok(user.cn && !user.createTimestamp && !user.userPassword);
    const op = await one(['+']);
    assert.ok(
      op.createTimestamp &&
        op.entryUUID &&
        op.entryDN &&
        op.structuralObjectClass &&
        op.hasSubordinates &&
        op.subschemaSubentry,
    );
    assert.ok(!op.cn);
    assert.deepEqual(op.memberOf?.sort(), [`cn=admins,ou=groups,${BASE}`, `cn=staff,ou=groups,${BASE}`]);
    assert.deepEqual(await one(['1.1']), {});
    const byClass = await one(['@posixAccount']);
    // posixAccount's attributes, with objectClass inherited from top.
    assert.deepEqual(Object.keys(byClass).sort(), [
      'cn',
      'gidNumber',
      'homeDirectory',
      'loginShell',
      'objectClass',
      'uid',
      'uidNumber',
    ]);
  });

  it('an exactly indexed search returns the same attributes, values and order as one the matcher checks', async () => {
    const get = async (filter: string) => (await search(['-b', BASE, filter])).stdout;
    for (const uid of ['alice', 'chloe', 'darius']) {
      const indexed = await get(`(uid=${uid})`);
      const checked = await get(`(&(uid=${uid})(!(uid=nobody)))`);
      assert.ok(indexed.includes(`dn: uid=${uid},${PEOPLE}`));
      assert.equal(indexed, checked);
      assert.doesNotMatch(indexed, /userPassword|createTimestamp/);
      const named = (await search(['-b', BASE, `(uid=${uid})`, 'cn', 'mail', 'telephoneNumber', 'entryDN']))
        .stdout;
      assert.equal(
        named,
        (
          await search([
            '-b',
            BASE,
            `(&(uid=${uid})(!(uid=nobody)))`,
            'cn',
            'mail',
            'telephoneNumber',
            'entryDN',
          ])
        ).stdout,
      );
      assert.match(named, /\nmail: /);
      assert.match(named, /\nentryDN: /);
      const someUser = (await search(['-b', BASE, `(uid=${uid})`, 'sn', 'givenName'])).stdout;
      assert.equal(
        someUser,
        (await search(['-b', BASE, `(&(uid=${uid})(!(uid=nobody)))`, 'sn', 'givenName'])).stdout,
      );
      assert.doesNotMatch(someUser, /\ncn: |\nmail: /);
      const dnOnly = (await search(['-b', BASE, `(uid=${uid})`, '1.1'])).stdout;
      assert.equal(dnOnly, (await search(['-b', BASE, `(&(uid=${uid})(!(uid=nobody)))`, '1.1'])).stdout);
      assert.equal(dnOnly.trim(), `dn: uid=${uid},${PEOPLE}`);
    }
  });

  it('ordering, substring, approximate, negation and :dn: filters find the right entries', async () => {
    const uids = async (filter: string) =>
      parseLdapsearch((await search(['-b', BASE, filter, 'uid'])).stdout)
        .map((e) => e.attrs.uid?.[0])
        .sort();
    assert.deepEqual(await uids('(uidNumber>=1003)'), ['chloe', 'darius']);
    assert.deepEqual(await uids('(&(uidNumber<=1002)(objectClass=posixAccount))'), ['alice', 'bob']);
    assert.deepEqual(await uids('(cn=*an*)'), ['alice']);
    assert.deepEqual(await uids('(cn=*ri*)'), ['darius']);
    assert.deepEqual(await uids('(&(objectClass=person)(!(uid=a*)))'), ['bob', 'chloe', 'darius']);
    assert.deepEqual(await uids('(cn~=chloé dubois)'), ['chloe']);
    assert.deepEqual(await uids('(&(objectClass=person)(ou:dn:=people)(uid=bob))'), ['bob']);
    assert.deepEqual(await uids('(uid:caseExactMatch:=Alice)'), []);
    assert.deepEqual(await uids('(uid:caseIgnoreMatch:=Alice)'), ['alice']);
    assert.deepEqual(await uids('(noSuchAttribute=x)'), []);
  });

  it('values are checked against their syntax: invalidAttributeSyntax (21) names the attribute', async () => {
    const cases: [string, string][] = [
      ['uidNumber', 'twelve'],
      ['telephoneNumber', 'call ☎ now'], // Telephone Number is a PrintableString: no ☎
      ['mail', 'ünïcode@example.org'],
      ['seeAlso', 'not a dn'],
    ];
    for (const [type, value] of cases) {
      await assert.rejects(
        admin.add(`uid=bad-${type},${PEOPLE}`, {
          objectClass: ['inetOrgPerson', 'posixAccount'],
          uid: `bad-${type}`,
          cn: 'Bad',
          sn: 'Bad',
          uidNumber: '5000',
          gidNumber: '5000',
          homeDirectory: '/home/bad',
          [type]: value,
        }),
        (e: Error) => e instanceof InvalidSyntaxError && e.message.includes(type),
        `${type}: ${value}`,
      );
    }
    const single = await run('ldapmodify', ['-x', '-H', s.url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD], {
      input: `dn: uid=bob,${PEOPLE}\nchangetype: modify\nadd: displayName\ndisplayName: Second Name\n`,
    });
    assert.equal(single.code, 19, single.stderr); // displayName is SINGLE-VALUE: constraintViolation
  });

  it('a schema file from the configuration (mozilliansPerson, mozilliansGroup) is enforced', async () => {
    await admin.add(`ou=tags,${BASE}`, { objectClass: ['organizationalUnit'], ou: 'tags' });
    await admin.add(`uniqueIdentifier=7f3a67u000000,${PEOPLE}`, {
      objectClass: ['inetOrgPerson', 'mozilliansPerson'],
      uniqueIdentifier: '7f3a67u000000',
      uid: 'u000000',
      cn: 'Scott Wingfield',
      sn: 'Wingfield',
      displayName: 'Scott Wingfield',
      mozilliansVouchedBy: `uid=alice,${PEOPLE}`,
    });
    const r = await search(['-b', BASE, '(mozilliansVouchedBy=*)', 'uid']);
    assert.deepEqual(
      parseLdapsearch(r.stdout).map((e) => e.attrs.uid),
      [['u000000']],
    );
    const missing = await run('ldapadd', ['-x', '-H', s.url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD], {
      input: `dn: uniqueIdentifier=g1,ou=tags,${BASE}\nobjectClass: mozilliansGroup\nuniqueIdentifier: g1\ncn: Hikers\n`,
    });
    assert.equal(missing.code, 65, missing.stderr);
    assert.match(missing.stderr, /displayName/);
  });
});
