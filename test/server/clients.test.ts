/**
 * Real LDAP clients against a real server on an ephemeral port: OpenLDAP's
 * ldap-utils, python-ldap (Debian's) and ldapts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Client } from 'ldapts';
import { type Started, startServer, tempCertificate } from './fixtures/start.ts';

const run = promisify(execFile);

describe('real clients', () => {
  let s: Started;
  let tlsEnv: NodeJS.ProcessEnv;
  let ldapsUrl: string;

  before(async () => {
    const tls = await tempCertificate();
    s = await startServer({ tls, ldaps: { port: 0 } });
    ldapsUrl = s.server.ldapsUrl ?? '';
    tlsEnv = { ...process.env, LDAPTLS_CACERT: tls.certFile, LDAPTLS_REQCERT: 'demand' };
  });
  after(() => s.server.close({ graceful: false }));

  test('ldapsearch finds entries over ldap://', async () => {
    const { stdout } = await run('ldapsearch', [
      '-x',
      '-LLL',
      '-H',
      s.url,
      '-b',
      'dc=example,dc=org',
      '(uid=user3)',
      'uid',
    ]);
    assert.match(stdout, /dn: uid=user3,dc=example,dc=org/);
    assert.match(stdout, /uid: user3/);
  });

  test('ldapsearch reports noSuchObject with its exit status', async () => {
    await assert.rejects(
      run('ldapsearch', ['-x', '-LLL', '-H', s.url, '-b', 'dc=nowhere', '(objectClass=*)']),
      (err: { code: number }) => err.code === 32,
    );
  });

  test('ldapwhoami -ZZ: StartTLS, simple bind, WhoAmI', async () => {
    const { stdout } = await run(
      'ldapwhoami',
      ['-ZZ', '-x', '-H', s.url, '-D', 'cn=admin,dc=example,dc=org', '-w', 'secret'],
      { env: tlsEnv },
    );
    assert.equal(stdout.trim(), 'dn:cn=admin,dc=example,dc=org');
  });

  test('ldapwhoami anonymous answers anonymous', async () => {
    const { stdout } = await run('ldapwhoami', ['-x', '-H', s.url]);
    assert.equal(stdout.trim(), 'anonymous');
  });

  test('ldapsearch over ldaps://', async () => {
    const { stdout } = await run(
      'ldapsearch',
      ['-x', '-LLL', '-H', ldapsUrl, '-b', 'dc=example,dc=org', '-s', 'base', 'dc'],
      {
        env: tlsEnv,
      },
    );
    assert.match(stdout, /dc: example/);
  });

  test('python-ldap: many asynchronous searches on one connection, answered out of order', async () => {
    const script = `
import ldap, sys
l = ldap.initialize(sys.argv[1])
l.simple_bind_s('cn=admin,dc=example,dc=org', 'secret')
delays = [120, 90, 60, 30, 0]
ids = [l.search_ext('cn=delay-%d' % d, ldap.SCOPE_BASE, '(objectClass=*)') for d in delays]
order = []
for _ in ids:
    rtype, rdata, msgid, ctrls = l.result3(ldap.RES_ANY, all=1)
    order.append(ids.index(msgid))
    assert rdata[0][0] == 'cn=delay-%d' % delays[ids.index(msgid)], rdata
print(' '.join(str(i) for i in order))
print(l.whoami_s())
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, s.url]);
    const [order, whoami] = stdout.trim().split('\n');
    assert.equal(order, '4 3 2 1 0');
    assert.equal(whoami, 'dn:cn=admin,dc=example,dc=org');
  });

  test('python-ldap: wrong password is invalidCredentials', async () => {
    const script = `
import ldap, sys
l = ldap.initialize(sys.argv[1])
try:
    l.simple_bind_s('cn=admin,dc=example,dc=org', 'wrong')
except ldap.INVALID_CREDENTIALS:
    print('refused')
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, s.url]);
    assert.equal(stdout.trim(), 'refused');
  });

  test('ldapts: concurrent operations on one client', async () => {
    const client = new Client({ url: s.url });
    try {
      await client.bind('cn=admin,dc=example,dc=org', 'secret');
      const results = await Promise.all([
        client.search('cn=delay-50', { scope: 'base' }),
        client.search('dc=example,dc=org', { scope: 'one', filter: '(objectClass=person)' }),
        client.compare('uid=user1,dc=example,dc=org', 'uid', 'user1'),
        client.search('cn=delay-10', { scope: 'base' }),
      ]);
      assert.equal(results[0].searchEntries[0]?.dn, 'cn=delay-50');
      assert.equal(results[1].searchEntries.length, 6);
      assert.equal(results[2], true);
      assert.equal(results[3].searchEntries[0]?.dn, 'cn=delay-10');
      assert.equal(
        await client.exop('1.3.6.1.4.1.4203.1.11.3').then((r) => r.value),
        'dn:cn=admin,dc=example,dc=org',
      );
    } finally {
      await client.unbind();
    }
  });

  test('a handler that throws a plain Error answers other (80) and the connection lives on', async () => {
    const client = new Client({ url: s.url });
    try {
      await assert.rejects(
        client.search('cn=crash', { scope: 'base' }),
        (err: { code: number; message: string }) => {
          assert.equal(err.code, 80);
          assert.doesNotMatch(err.message, /exploded/);
          return true;
        },
      );
      const again = await client.search('dc=example,dc=org', { scope: 'base' });
      assert.equal(again.searchEntries.length, 1);
    } finally {
      await client.unbind();
    }
  });
});
