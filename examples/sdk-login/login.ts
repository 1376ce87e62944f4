/**
 * Login with provisioning in a few lines. Run against your directory:
 *
 *   LDAP_URLS="ldap://ldap1:389 ldap://ldap2:389" LDAP_BIND_DN=cn=app,ou=duas,dc=example,dc=org \
 *   LDAP_BIND_PASSWORD=… LDAP_USER_BASE=ou=people,dc=example,dc=org \
 *   node --import tsx examples/sdk-login/login.ts alice
 *
 * or with no LDAP_URLS to try it against a throwaway OpenLDAP (needs slapd installed):
 *
 *   node --import tsx examples/sdk-login/login.ts
 *
 * An application imports from 'linden/sdk'; inside this repository the source is imported directly.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Directory, LmdbAccountStore, LoginFailedError, Provisioner } from '../../src/sdk/index.ts';

const demo = process.env.LDAP_URLS ? undefined : await startDemoDirectory();

// 1. The directory: URL list with failover, service identity, StartTLS when asked.
const directory = new Directory({
  urls: demo?.url ?? (process.env.LDAP_URLS as string),
  ...(process.env.LDAP_BIND_DN ? { bindDn: process.env.LDAP_BIND_DN, bindPassword: process.env.LDAP_BIND_PASSWORD ?? '' } : {}),
  startTls: process.env.LDAP_STARTTLS === '1',
  ...(process.env.LDAP_CA_FILE ? { tls: { caFile: process.env.LDAP_CA_FILE } } : {}),
  userBase: process.env.LDAP_USER_BASE ?? 'ou=people,dc=example,dc=org',
  userFilter: '(objectClass=inetOrgPerson)',
});

// 2. The application's own accounts, embedded.
const store = new LmdbAccountStore(await mkdtemp(join(tmpdir(), 'sdk-login-accounts-')));

// 3. Provisioning: create a local account on first login, mapped and placed in groups.
const provisioner = new Provisioner({
  directory,
  store,
  attributeMapping: 'omeName=uid;firstName=givenName;lastName=sn;email=mail',
  newUserGroups: [':ou:', ':query:(member=@{dn})'],
  groupBase: process.env.LDAP_GROUP_BASE ?? 'ou=groups,dc=example,dc=org',
  syncOnLogin: true,
});

const username = process.argv[2] ?? (demo ? 'alice' : '');
const password = demo ? 'wonderland' : await ask(`password for ${username}: `);
try {
  const { account, created } = await provisioner.login(username, password);
  console.log(created ? 'first login, account created:' : 'welcome back:', account);
} catch (error) {
  // Tell the user only that the login failed; log the reason for operators.
  if (error instanceof LoginFailedError) console.error(`login failed (${error.reason})`);
  else throw error;
} finally {
  await directory.close();
  await store.close();
  await demo?.stop();
}

async function ask(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

async function startDemoDirectory() {
  const { startSlapd } = await import('../../test/support/slapd.ts');
  const base = 'dc=example,dc=org';
  return startSlapd({
    suffix: base,
    ldif: [
      `dn: ou=people,${base}\nobjectClass: organizationalUnit\nou: people\n`,
      `dn: ou=Lab,ou=people,${base}\nobjectClass: organizationalUnit\nou: Lab\n`,
      `dn: ou=groups,${base}\nobjectClass: organizationalUnit\nou: groups\n`,
      `dn: uid=alice,ou=Lab,ou=people,${base}\nobjectClass: inetOrgPerson\nuid: alice\ncn: Alice Liddell\ngivenName: Alice\nsn: Liddell\nmail: alice@example.org\nuserPassword: wonderland\n`,
      `dn: cn=scientists,ou=groups,${base}\nobjectClass: groupOfNames\ncn: scientists\nmember: uid=alice,ou=Lab,ou=people,${base}\n`,
    ].join('\n'),
  });
}
