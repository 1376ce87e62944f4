import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  BASE,
  parseLdapsearch,
  run,
  startLinden,
  type TestLinden,
} from '../support/linden.ts';

const admin = (s: TestLinden): string[] => ['-x', '-H', s.url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD];

describe('OpenLDAP command-line clients against Linden', () => {
  let s: TestLinden;
  let tlsEnv: NodeJS.ProcessEnv;
  before(async () => {
    s = await startLinden({ tls: true });
    tlsEnv = { LDAPTLS_CACERT: s.caFile! };
  });
  after(async () => {
    await s?.stop();
  });

  it('ldapsearch finds a demo user by uid and returns the asked attributes', async () => {
    const r = await run('ldapsearch', [
      ...admin(s),
      '-LLL',
      '-o',
      'ldif-wrap=no',
      '-b',
      BASE,
      '(uid=alice)',
      'cn',
      'mail',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const entries = parseLdapsearch(r.stdout);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.dn, `uid=alice,ou=people,${BASE}`);
    assert.deepEqual(entries[0]!.attrs, { cn: ['Alice Andersen'], mail: ['alice@example.org'] });
  });

  it('never returns userPassword, not even to the administrator', async () => {
    for (const attrs of [[], ['*'], ['+'], ['userPassword'], ['*', '+']]) {
      const r = await run('ldapsearch', [
        ...admin(s),
        '-LLL',
        '-b',
        `uid=bob,ou=people,${BASE}`,
        '-s',
        'base',
        '(objectClass=*)',
        ...attrs,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /userPassword/i);
    }
  });

  it('coco: ldapadd -c adds ou=_users as the administrator, and it is searchable', async () => {
    const ldif = `dn: ou=_users,${BASE}\nchangetype: add\nobjectclass: organizationalUnit\nobjectclass: top\nou: _users\n`;
    const r = await run('ldapadd', ['-c', ...admin(s)], { input: ldif });
    assert.equal(r.code, 0, r.stderr);
    const q = await run('ldapsearch', [...admin(s), '-LLL', '-b', BASE, '-s', 'one', '(ou=_users)', 'ou']);
    assert.deepEqual(parseLdapsearch(q.stdout), [{ dn: `ou=_users,${BASE}`, attrs: { ou: ['_users'] } }]);
  });

  it('ldapadd reports a schema violation with the OpenLDAP result code and keeps going with -c', async () => {
    const ldif = [
      `dn: uid=nosn,ou=people,${BASE}`,
      'objectClass: inetOrgPerson',
      'uid: nosn',
      'cn: No Surname',
      '',
      `dn: uid=good,ou=people,${BASE}`,
      'objectClass: inetOrgPerson',
      'uid: good',
      'cn: Good Person',
      'sn: Person',
      '',
    ].join('\n');
    const r = await run('ldapadd', ['-c', ...admin(s)], { input: ldif });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Object class violation \(65\)/);
    const q = await run('ldapsearch', [...admin(s), '-LLL', '-b', BASE, '(|(uid=nosn)(uid=good))', '1.1']);
    assert.deepEqual(
      parseLdapsearch(q.stdout).map((e) => e.dn),
      [`uid=good,ou=people,${BASE}`],
    );
  });

  it('ldapmodify adds, replaces and deletes values; ldapcompare sees the result', async () => {
    const dn = `uid=bob,ou=people,${BASE}`;
    const ldif = `dn: ${dn}\nchangetype: modify\nadd: description\ndescription: first\n-\nreplace: telephoneNumber\ntelephoneNumber: +1 650 903 0800\n-\ndelete: loginShell\n`;
    const r = await run('ldapmodify', admin(s), { input: ldif });
    assert.equal(r.code, 0, r.stderr);
    const yes = await run('ldapcompare', [...admin(s), dn, 'telephoneNumber:+16509030800']);
    assert.equal(yes.code, 6, yes.stdout + yes.stderr); // compareTrue: spaces and hyphens are insignificant
    assert.match(yes.stdout, /TRUE/);
    const no = await run('ldapcompare', [...admin(s), dn, 'description:second']);
    assert.equal(no.code, 5);
    const gone = await run('ldapsearch', [
      ...admin(s),
      '-LLL',
      '-b',
      dn,
      '-s',
      'base',
      '(objectClass=*)',
      'loginShell',
    ]);
    assert.deepEqual(parseLdapsearch(gone.stdout)[0]!.attrs, {});
  });

  it('ldapmodify refuses deleting a value that is not there (noSuchAttribute) and writes nothing', async () => {
    const dn = `uid=chloe,ou=people,${BASE}`;
    const ldif = `dn: ${dn}\nchangetype: modify\nreplace: description\ndescription: should not stay\n-\ndelete: mail\nmail: nobody@example.org\n`;
    const r = await run('ldapmodify', admin(s), { input: ldif });
    assert.equal(r.code, 16, r.stderr);
    const q = await run('ldapsearch', [
      ...admin(s),
      '-LLL',
      '-b',
      dn,
      '-s',
      'base',
      '(objectClass=*)',
      'description',
    ]);
    assert.deepEqual(parseLdapsearch(q.stdout)[0]!.attrs, {});
  });

  it('ldapdelete refuses a non-leaf (66) and deletes a leaf', async () => {
    const nonLeaf = await run('ldapdelete', [...admin(s), `ou=people,${BASE}`]);
    assert.equal(nonLeaf.code, 66);
    await run('ldapadd', admin(s), {
      input: `dn: cn=temp,${BASE}\nobjectClass: organizationalRole\ncn: temp\n`,
    });
    const r = await run('ldapdelete', [...admin(s), `cn=temp,${BASE}`]);
    assert.equal(r.code, 0, r.stderr);
    const missing = await run('ldapsearch', [...admin(s), '-b', `cn=temp,${BASE}`, '-s', 'base']);
    assert.equal(missing.code, 32);
    assert.match(missing.stdout, new RegExp(`matchedDN: ${BASE}`));
  });

  it('ldapmodrdn renames an entry and moves a subtree with -s', async () => {
    await run('ldapadd', admin(s), {
      input: `dn: ou=branch,${BASE}\nobjectClass: organizationalUnit\nou: branch\n\ndn: cn=leaf,ou=branch,${BASE}\nobjectClass: organizationalRole\ncn: leaf\n`,
    });
    const r = await run('ldapmodrdn', [...admin(s), '-r', `ou=branch,${BASE}`, 'ou=moved']);
    assert.equal(r.code, 0, r.stderr);
    await run('ldapadd', admin(s), {
      input: `dn: ou=target,${BASE}\nobjectClass: organizationalUnit\nou: target\n`,
    });
    const m = await run('ldapmodrdn', [
      ...admin(s),
      '-r',
      '-s',
      `ou=target,${BASE}`,
      `ou=moved,${BASE}`,
      'ou=moved',
    ]);
    assert.equal(m.code, 0, m.stderr);
    const q = await run('ldapsearch', [
      ...admin(s),
      '-LLL',
      '-b',
      `ou=target,${BASE}`,
      '(cn=leaf)',
      'ou',
      'entryDN',
    ]);
    const found = parseLdapsearch(q.stdout);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.dn, `cn=leaf,ou=moved,ou=target,${BASE}`);
    const old = await run('ldapsearch', [...admin(s), '-LLL', '-b', `ou=moved,${BASE}`, '-s', 'base']);
    assert.equal(old.code, 32);
  });

  it('ldapwhoami over StartTLS (-ZZ) and over ldaps://', async () => {
    const z = await run(
      'ldapwhoami',
      ['-x', '-ZZ', '-H', s.url, '-D', `uid=alice,ou=people,${BASE}`, '-w', 'linden-demo'],
      { env: tlsEnv },
    );
    assert.equal(z.code, 0, z.stderr);
    assert.equal(z.stdout.trim(), `dn:uid=alice,ou=people,${BASE}`);
    const l = await run('ldapwhoami', ['-x', '-H', s.ldapsUrl!, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD], {
      env: tlsEnv,
    });
    assert.equal(l.code, 0, l.stderr);
    assert.equal(l.stdout.trim(), `dn:${ADMIN_DN}`);
    const anon = await run('ldapwhoami', ['-x', '-H', s.url]);
    assert.equal(anon.stdout.trim(), 'anonymous');
  });

  it('a wrong password and an unknown DN both give invalidCredentials (49); a DN without password is refused (53)', async () => {
    const wrong = await run('ldapwhoami', [
      '-x',
      '-H',
      s.url,
      '-D',
      `uid=alice,ou=people,${BASE}`,
      '-w',
      'nope',
    ]);
    assert.equal(wrong.code, 49);
    const unknown = await run('ldapwhoami', [
      '-x',
      '-H',
      s.url,
      '-D',
      `uid=nobody,ou=people,${BASE}`,
      '-w',
      'nope',
    ]);
    assert.equal(unknown.code, 49);
    const unauth = await run('ldapwhoami', [
      '-x',
      '-H',
      s.url,
      '-D',
      `uid=alice,ou=people,${BASE}`,
      '-w',
      '',
    ]);
    assert.equal(unauth.code, 53);
  });

  it('ldappasswd changes a password with RFC 3062, hashes it, and the old one stops working', async () => {
    const dn = `uid=darius,ou=people,${BASE}`;
    const r = await run(
      'ldappasswd',
      ['-x', '-ZZ', '-H', s.url, '-D', dn, '-w', 'linden-demo', '-s', 'pÅsswörd-new'],
      { env: tlsEnv },
    );
    assert.equal(r.code, 0, r.stderr);
    const ok = await run('ldapwhoami', ['-x', '-H', s.url, '-D', dn, '-w', 'pÅsswörd-new']);
    assert.equal(ok.code, 0, ok.stderr);
    const old = await run('ldapwhoami', ['-x', '-H', s.url, '-D', dn, '-w', 'linden-demo']);
    assert.equal(old.code, 49);
    const gen = await run('ldappasswd', [...admin(s), dn]);
    assert.equal(gen.code, 0, gen.stderr);
    const newPassword = /New password: (\S+)/.exec(gen.stdout)?.[1];
    assert.ok(newPassword, gen.stdout);
    const ok2 = await run('ldapwhoami', ['-x', '-H', s.url, '-D', dn, '-w', newPassword]);
    assert.equal(ok2.code, 0);
  });

  it('non-ASCII values (accents, Arabic, CJK) round-trip through ldapadd and ldapsearch', async () => {
    const names = ['Zoë Ñúñez', 'محمد العربي', '王小明', 'Ærøskøbing Åsa'];
    const ldif = names
      .map(
        (cn, i) =>
          `dn: uid=intl${i},ou=people,${BASE}\nobjectClass: inetOrgPerson\nuid: intl${i}\ncn: ${cn}\nsn: ${cn.split(' ').pop()}\n`,
      )
      .join('\n');
    const r = await run('ldapadd', admin(s), { input: ldif });
    assert.equal(r.code, 0, r.stderr);
    for (const [i, cn] of names.entries()) {
      const q = await run('ldapsearch', [...admin(s), '-LLL', '-b', BASE, `(cn=${cn})`, 'cn', 'uid']);
      assert.equal(q.code, 0, q.stderr);
      assert.deepEqual(parseLdapsearch(q.stdout), [
        { dn: `uid=intl${i},ou=people,${BASE}`, attrs: { cn: [cn], uid: [`intl${i}`] } },
      ]);
    }
  });

  it('paged results (-E pr=2) return every entry across pages', async () => {
    const r = await run('ldapsearch', [
      ...admin(s),
      '-LLL',
      '-E',
      'pr=2/noprompt',
      '-b',
      `ou=people,${BASE}`,
      '-s',
      'one',
      '(objectClass=person)',
      '1.1',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const dns = parseLdapsearch(r.stdout).map((e) => e.dn);
    assert.ok(dns.length >= 4, r.stdout);
    assert.equal(new Set(dns).size, dns.length);
  });

  it('an unknown critical control is refused with unavailableCriticalExtension (12)', async () => {
    const r = await run('ldapsearch', [...admin(s), '-E', '!1.2.3.4.5.6.7', '-b', BASE, '-s', 'base']);
    assert.equal(r.code, 12);
  });

  it('the root DSE and the subschema subentry answer as OpenLDAP does', async () => {
    const r = await run('ldapsearch', ['-x', '-H', s.url, '-LLL', '-b', '', '-s', 'base', '+']);
    assert.equal(r.code, 0, r.stderr);
    const dse = parseLdapsearch(r.stdout)[0]!.attrs;
    assert.deepEqual(dse.namingContexts, [BASE]);
    assert.deepEqual(dse.supportedLDAPVersion, ['3']);
    assert.ok(dse.supportedExtension?.includes('1.3.6.1.4.1.4203.1.11.1'));
    assert.ok(dse.supportedControl?.includes('1.2.840.113556.1.4.319'));
    const schema = await run('ldapsearch', [
      '-x',
      '-H',
      s.url,
      '-LLL',
      '-o',
      'ldif-wrap=no',
      '-b',
      'cn=Subschema',
      '-s',
      'base',
      'objectClasses',
      'attributeTypes',
    ]);
    assert.equal(schema.code, 0, schema.stderr);
    assert.match(schema.stdout, /objectClasses: \( 2\.16\.840\.1\.113730\.3\.2\.2 NAME 'inetOrgPerson'/);
    assert.match(
      schema.stdout,
      /attributeTypes: \( 0\.9\.2342\.19200300\.100\.1\.1 NAME \( 'uid' 'userid' \)/,
    );
  });
});
