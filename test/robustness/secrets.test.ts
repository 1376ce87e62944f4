/**
 * Passwords: never returned by any read through any client, never written to
 * the log, the access log or the audit log (neither the cleartext nor the
 * stored hash), and never accepted in clear text when TLS is required for binds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from 'ldapts';
import { createSelfSigned } from '../../src/server/tls/self-signed.ts';
import { openDirectory } from '../../src/service/start.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, run, startLinden } from '../support/linden.ts';
import { type ChildLinden, startChildLinden } from './child-linden.ts';
import { baseSearch, codeOf, RawLdap, simpleBind } from './raw-client.ts';

const USER = `uid=quinn,ou=people,${BASE}`;
/** Every password quinn ever has; none may appear anywhere but in a bind. */
const PASSWORDS = ['First-Secret-4711', 'Second-Secret-0815', 'Third-Secret-2342', 'Fourth-Secret-1234'];
const PYTHON = '/usr/bin/python3';

describe('userPassword through every client and every log', () => {
  let dir: string;
  let server: ChildLinden;
  const config = () => ({
    dataDir: join(dir, 'data'),
    listen: { ldap: '127.0.0.1:0', http: '' },
    admin: { dn: ADMIN_DN, password: ADMIN_PASSWORD },
    demo: true,
    log: { level: 'trace' as const, access: true },
    lockout: { maxFailures: 0 },
  });
  const logFile = () => join(dir, 'linden.log');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linden-secrets-'));
    server = await startChildLinden({ dir, config: config(), logFile: logFile() });
    const admin = ['-x', '-H', server.url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD];
    // 1. ldapadd with a cleartext userPassword; 2. ldappasswd (Password Modify, RFC 3062) by the administrator;
    // 3. ldapmodify replace; 4. Password Modify by quinn himself with his old password.
    const added = await run('ldapmodify', ['-a', ...admin], {
      input: `dn: ${USER}\nobjectClass: inetOrgPerson\nuid: quinn\ncn: Quinn\nsn: Builder\nuserPassword: ${PASSWORDS[0]}\n`,
    });
    assert.equal(added.code, 0, added.stderr);
    const passwd = await run('ldappasswd', [...admin, '-s', PASSWORDS[1]!, USER]);
    assert.equal(passwd.code, 0, passwd.stderr);
    const modified = await run('ldapmodify', admin, {
      input: `dn: ${USER}\nchangetype: modify\nreplace: userPassword\nuserPassword: ${PASSWORDS[2]}\n`,
    });
    assert.equal(modified.code, 0, modified.stderr);
    const own = await run('ldappasswd', [
      '-x',
      '-H',
      server.url,
      '-D',
      USER,
      '-w',
      PASSWORDS[2]!,
      '-a',
      PASSWORDS[2]!,
      '-s',
      PASSWORDS[3]!,
    ]);
    assert.equal(own.code, 0, own.stderr);
    const who = await run('ldapwhoami', ['-x', '-H', server.url, '-D', USER, '-w', PASSWORDS[3]!]);
    assert.equal(who.code, 0, who.stderr);
    // A failed bind with a password: it must not be logged either.
    const wrong = await run('ldapwhoami', ['-x', '-H', server.url, '-D', USER, '-w', PASSWORDS[0]!]);
    assert.equal(wrong.code, 49);
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Output of a read must not name userPassword nor carry any password or hash. */
  function assertNoSecret(output: string, what: string): void {
    // ldap3 and ldapts list every attribute asked for by name, with no values when the server sent none.
    const shown = output.replace(/(["']userPassword["']):\s*\[\]/g, '');
    assert.doesNotMatch(shown, /userPassword/i, `${what} returned userPassword`);
    for (const p of PASSWORDS) assert.ok(!output.includes(p), `${what} returned a cleartext password`);
    assert.doesNotMatch(output, /\{(ARGON2|SSHA512|SSHA|PBKDF2-SHA512|CRYPT)\}/i, `${what} returned a hash`);
  }

  const binds = () => [
    [ADMIN_DN, ADMIN_PASSWORD],
    [USER, PASSWORDS[3]!],
  ];

  test('ldapsearch: *, +, * +, userPassword by name — as the administrator and as quinn', async () => {
    for (const [dn, pw] of binds()) {
      for (const attrs of [['*'], ['+'], ['*', '+'], ['userPassword'], []]) {
        const r = await run('ldapsearch', [
          '-x',
          '-LLL',
          '-H',
          server.url,
          '-D',
          dn!,
          '-w',
          pw!,
          '-b',
          USER,
          '-s',
          'base',
          '(objectClass=*)',
          ...attrs,
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^dn: uid=quinn/m);
        assertNoSecret(r.stdout, `ldapsearch ${attrs.join(' ')} as ${dn}`);
      }
      // A filter on userPassword finds nothing, whatever the value: it is no oracle.
      const probe = await run('ldapsearch', [
        '-x',
        '-LLL',
        '-H',
        server.url,
        '-D',
        dn!,
        '-w',
        pw!,
        '-b',
        BASE,
        `(userPassword=${PASSWORDS[3]})`,
        'dn',
      ]);
      assert.doesNotMatch(probe.stdout, /uid=quinn/);
    }
  });

  test('ldapcompare on userPassword never answers TRUE, with the cleartext or anything else', async () => {
    for (const [dn, pw] of binds()) {
      for (const value of [PASSWORDS[3]!, PASSWORDS[0]!]) {
        const r = await run('ldapcompare', [
          '-x',
          '-H',
          server.url,
          '-D',
          dn!,
          '-w',
          pw!,
          USER,
          `userPassword:${value}`,
        ]);
        assert.notEqual(r.code, 6, `compare TRUE as ${dn}`);
        assert.doesNotMatch(r.stdout, /^TRUE/m);
      }
    }
  });

  test('python-ldap: search_s with *, +, by name, and compare_s', async () => {
    const script = `
import ldap, sys
url, base, dn, pw, user, guess = sys.argv[1:]
l = ldap.initialize(url)
l.simple_bind_s(dn, pw)
for attrs in (['*'], ['+'], ['*', '+'], ['userPassword'], None):
    print(repr(l.search_s(user, ldap.SCOPE_BASE, '(objectClass=*)', attrs)))
try:
    print('compare', l.compare_s(user, 'userPassword', guess.encode()))
except ldap.LDAPError as e:
    print('compare refused', type(e).__name__)
`;
    for (const [dn, pw] of binds()) {
      const r = await run(PYTHON, ['-c', script, server.url, BASE, dn!, pw!, USER, PASSWORDS[3]!]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /uid=quinn/);
      assert.doesNotMatch(r.stdout, /compare True/);
      assertNoSecret(r.stdout, `python-ldap as ${dn}`);
    }
  });

  test('ldap3: ALL_ATTRIBUTES, ALL_OPERATIONAL_ATTRIBUTES, by name, and compare', async (t) => {
    const probe = await run(PYTHON, ['-c', 'import ldap3']);
    if (probe.code !== 0) return t.skip('python3-ldap3 is not installed (apt-get install python3-ldap3)');
    const script = `
import sys
from ldap3 import Server, Connection, ALL_ATTRIBUTES, ALL_OPERATIONAL_ATTRIBUTES, BASE
url, dn, pw, user, guess = sys.argv[1:]
c = Connection(Server(url), dn, pw, auto_bind=True)
for attrs in ([ALL_ATTRIBUTES], [ALL_OPERATIONAL_ATTRIBUTES], [ALL_ATTRIBUTES, ALL_OPERATIONAL_ATTRIBUTES], ['userPassword']):
    c.search(user, '(objectClass=*)', BASE, attributes=attrs)
    for e in c.response:
        print(e['dn'], repr(e.get('raw_attributes')))
print('compare', c.compare(user, 'userPassword', guess), c.result['result'])
`;
    for (const [dn, pw] of binds()) {
      const r = await run(PYTHON, ['-c', script, server.url, dn!, pw!, USER, PASSWORDS[3]!]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /uid=quinn/);
      assert.doesNotMatch(r.stdout, /compare True/);
      assertNoSecret(r.stdout, `ldap3 as ${dn}`);
    }
  });

  test('ldapts: *, +, by name, and compare', async () => {
    for (const [dn, pw] of binds()) {
      const client = new Client({ url: server.url });
      try {
        await client.bind(dn!, pw!);
        for (const attributes of [['*'], ['+'], ['*', '+'], ['userPassword'], []]) {
          const { searchEntries } = await client.search(USER, { scope: 'base', attributes });
          assert.equal(searchEntries.length, 1);
          assertNoSecret(JSON.stringify(searchEntries), `ldapts ${attributes.join(' ')} as ${dn}`);
        }
        const same = await client.compare(USER, 'userPassword', PASSWORDS[3]!).catch(() => false);
        assert.equal(same, false);
      } finally {
        await client.unbind();
      }
    }
  });

  test('on the wire: an entry asked for userPassword by name carries no such attribute, not even empty', async () => {
    const c = await RawLdap.connect(server.url);
    assert.equal(codeOf(await c.result(c.send(simpleBind(ADMIN_DN, ADMIN_PASSWORD)))), 0);
    const messages = await c.until(c.send(baseSearch(USER, { attributes: ['userPassword', '*', '+'] })));
    const entry = messages.find((m) => m.op.type === 'searchResultEntry');
    assert.ok(entry?.op.type === 'searchResultEntry');
    assert.deepEqual(
      entry.op.attributes.filter((a) => a.type.toLowerCase() === 'userpassword'),
      [],
    );
    c.close();
  });

  test('neither the cleartext passwords nor their hashes are in the log, the access log or the audit log', async () => {
    // Stop the server (its logs are complete), then read the stored hash straight from the store.
    await server.stop();
    const opened = await openDirectory({ config: config() });
    let hashes: string[];
    try {
      hashes = await opened.directory.read(async (txn) => {
        const entry = await opened.directory.loadByNdn(txn, opened.directory.dn.normalize(USER));
        return (entry?.attributes.get('userpassword')?.values ?? []).map((v) => v.toString());
      });
    } finally {
      await opened.close();
    }
    assert.equal(hashes.length, 1);
    assert.match(hashes[0]!, /^\{ARGON2\}/);
    const secrets = [
      ...PASSWORDS,
      ...PASSWORDS.map((p) => Buffer.from(p).toString('base64')),
      ...PASSWORDS.map((p) => Buffer.from(p).toString('hex')),
      hashes[0]!,
      hashes[0]!.replace(/^\{ARGON2\}/, ''),
      Buffer.from(hashes[0]!).toString('base64'),
    ];
    const log = readFileSync(logFile(), 'utf8');
    const audit = readFileSync(join(dir, 'data', 'audit.log'), 'utf8');
    // The logs are there and busy: trace level, one access line per operation, one audit line per write.
    assert.match(log, /"msg":"op"/);
    assert.match(log, /"level":20/);
    assert.match(audit, /passwordModify/);
    assert.match(audit, /uid=quinn/);
    for (const [name, text] of [
      ['log', log],
      ['stderr', server.stderr()],
      ['audit log', audit],
    ] as const) {
      for (const secret of secrets)
        assert.ok(!text.includes(secret), `${name} contains ${secret.slice(0, 12)}…`);
    }
  });
});

describe('tls.requireForBind', () => {
  test('a simple bind with a password in clear text is confidentialityRequired; over StartTLS and ldaps:// it works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linden-tls-bind-'));
    const pair = await createSelfSigned({ commonName: 'localhost' });
    writeFileSync(join(dir, 'cert.pem'), pair.cert);
    writeFileSync(join(dir, 'key.pem'), pair.key, { mode: 0o600 });
    const t = await startLinden({
      engine: 'memory',
      config: {
        listen: { ldap: '127.0.0.1:0', ldaps: '127.0.0.1:0', http: '' },
        tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem'), requireForBind: true },
      },
    });
    try {
      const env = { LDAPTLS_CACERT: join(dir, 'cert.pem') };
      const user = `uid=alice,ou=people,${BASE}`;
      const clear = await run('ldapwhoami', ['-x', '-H', t.url, '-D', user, '-w', 'linden-demo'], { env });
      assert.equal(clear.code, 13, clear.stderr);
      assert.match(clear.stderr, /Confidentiality required/i);
      const client = new Client({ url: t.url });
      await assert.rejects(client.bind(user, 'linden-demo'), (e: { code?: number }) => e.code === 13);
      // Anonymous binds carry no password and stay allowed.
      await client.bind('', '');
      await client.unbind();
      const starttls = await run('ldapwhoami', ['-x', '-ZZ', '-H', t.url, '-D', user, '-w', 'linden-demo'], {
        env,
      });
      assert.equal(starttls.code, 0, starttls.stderr);
      assert.match(starttls.stdout, /dn:uid=alice/);
      const ldaps = await run('ldapwhoami', ['-x', '-H', t.ldapsUrl!, '-D', user, '-w', 'linden-demo'], {
        env,
      });
      assert.equal(ldaps.code, 0, ldaps.stderr);
    } finally {
      await t.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
