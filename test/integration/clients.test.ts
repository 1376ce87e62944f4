import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client, InvalidCredentialsError } from 'ldapts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, run, startLinden, type TestLinden } from '../support/linden.ts';

const here = fileURLToPath(new URL('./clients/', import.meta.url));
/** Debian's python3, which has python-ldap and ldap3 (python3-ldap, python3-ldap3). */
const PYTHON = '/usr/bin/python3';

describe('real LDAP client libraries against Linden', () => {
  let s: TestLinden;
  before(async () => {
    s = await startLinden({ tls: true });
  });
  after(async () => {
    await s?.stop();
  });

  it('python-ldap: StartTLS search-then-bind, non-ASCII add/modify/compare, NFD password, Password Modify, paged results', async () => {
    const r = await run(PYTHON, [
      join(here, 'python_ldap_client.py'),
      s.url,
      BASE,
      ADMIN_DN,
      ADMIN_PASSWORD,
      s.caFile!,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.lookup, [`uid=alice,ou=people,${BASE}`]);
    assert.equal(out.whoami, `dn:uid=alice,ou=people,${BASE}`);
    assert.equal(out.hostile, 0);
    assert.equal(out.cn, 'Renée Łukasz 李 علي');
    assert.equal(out.passwordReturned, false);
    assert.equal(out.compare, true);
    assert.equal(out.deleteMust, 'objectClassViolation');
    assert.equal(out.duplicate, 'alreadyExists');
    assert.equal(out.noSuchObject, BASE);
    assert.equal(out.nfdBind, true);
    assert.equal(out.passwdChanged, true);
    assert.ok(out.paged >= 5);
    assert.equal(out.pagedUnique, out.paged);
    assert.equal(out.deleted, 0);
  });

  it('ldap3: get_info=ALL parses the root DSE and the subschema; add, modify, WhoAmI, generated password, StartTLS bind', async () => {
    const r = await run(PYTHON, [
      join(here, 'ldap3_client.py'),
      s.url,
      BASE,
      ADMIN_DN,
      ADMIN_PASSWORD,
      s.caFile!,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.namingContexts, [BASE]);
    assert.deepEqual(out.vendor, ['Linden']);
    assert.equal(out.schemaHasInetOrgPerson, true);
    assert.equal(out.uidSyntax, '1.3.6.1.4.1.1466.115.121.1.15');
    assert.deepEqual(out.bob, {
      dn: `uid=bob,ou=people,${BASE}`,
      cn: 'Bob Brown',
      memberOf: [`cn=staff,ou=groups,${BASE}`],
    });
    assert.equal(out.addResult, 'success');
    assert.deepEqual(out.zhang, { cn: '张伟', displayName: '張偉' });
    assert.equal(out.whoami, `dn:${ADMIN_DN}`);
    assert.equal(out.generatedPassword, true);
    assert.equal(out.userBind, true);
    assert.equal(out.deleteResult, 'success');
  });

  it('JNDI: search with a parameterized filter, add with non-ASCII values, bind, rename, delete', async () => {
    const work = mkdtempSync(join(tmpdir(), 'linden-jndi-'));
    try {
      // Java 11+ runs a single source file directly.
      const r = await run('java', [join(here, 'JndiClient.java'), s.url, BASE, ADMIN_DN, ADMIN_PASSWORD]);
      assert.equal(r.code, 0, r.stderr);
      const out = Object.fromEntries(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => l.split(/=(.*)/s).slice(0, 2)),
      );
      assert.deepEqual(out, {
        'alice.dn': `uid=alice,ou=people,${BASE}`,
        'alice.cn': 'Alice Andersen',
        'jose.cn': 'José Müller-Ødegård',
        'jose.password': 'hidden',
        'jose.description': 'ñandú',
        'jose.bind': 'ok',
        'jose.wrongBind': 'refused',
        'renamed.uid': '1', // JNDI deletes the old RDN value by default (java.naming.ldap.deleteRDN)
        deleted: 'yes',
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('Perl Net::LDAP: bind, search, non-ASCII add and compare, result codes', async () => {
    const r = await run('perl', [join(here, 'net_ldap_client.pl'), s.url, BASE, ADMIN_DN, ADMIN_PASSWORD]);
    assert.equal(r.code, 0, r.stderr);
    const out = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    assert.deepEqual(out, {
      bind: '0',
      'search.count': '1',
      'chloe.cn': 'Chloé Dubois',
      add: '0',
      compare: '6',
      deleteNonLeaf: '66',
      delete: '0',
    });
  });

  it('ldapts: concurrent operations on one connection, typed errors, non-ASCII round trip', async () => {
    const client = new Client({ url: s.url });
    try {
      await client.bind(ADMIN_DN, ADMIN_PASSWORD);
      const uids = ['alice', 'bob', 'chloe', 'darius'];
      const results = await Promise.all(
        uids.map((u) => client.search(BASE, { filter: `(uid=${u})`, attributes: ['uid'] })),
      );
      assert.deepEqual(
        results.map((r) => r.searchEntries[0]?.uid),
        uids,
      );
      await client.add(`uid=amira,ou=people,${BASE}`, {
        objectClass: ['inetOrgPerson'],
        uid: 'amira',
        cn: 'أميرة الحسيني',
        sn: 'الحسيني',
      });
      const { searchEntries } = await client.search(BASE, { filter: '(cn=أميرة*)', attributes: ['cn'] });
      assert.equal(searchEntries[0]?.cn, 'أميرة الحسيني');
      await assert.rejects(client.bind(`uid=alice,ou=people,${BASE}`, 'wrong'), InvalidCredentialsError);
    } finally {
      await client.unbind();
    }
  });
});
