/**
 * The directory the SDK tests log in against: people under ou=people, a twin
 * uid in two branches, a service identity (DUA), groups of several kinds, and
 * ACLs in which anonymous users may only bind, the service identity reads
 * everything and users read only themselves, so that a lookup running with
 * the wrong identity is observable.
 */
import {
  type DirectoryServer,
  type DirectoryServerKind,
  type DirectoryServerOptions,
  startDirectoryServer,
} from '../support/directory-server.ts';

export { type DirectoryServer, type DirectoryServerKind, SERVERS } from '../support/directory-server.ts';

export const BASE = 'dc=example,dc=org';
export const PEOPLE = `ou=people,${BASE}`;
export const GROUPS = `ou=groups,${BASE}`;
export const SERVICE_DN = `cn=reader,ou=system,${BASE}`;
export const SERVICE_PASSWORD = 'reader-secret';
export const ALICE_PASSWORD = 'correct horse battery';
/** Stored in NFC; typed in NFD on some machines. */
export const UNICODE_PASSWORD_NFC = 'p\u00c5ssw\u00f6rd';
export const UNICODE_PASSWORD_NFD = 'pA\u030asswo\u0308rd';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export const SEED_LDIF = `
dn: ou=system,${BASE}
objectClass: organizationalUnit
ou: system

dn: ${SERVICE_DN}
objectClass: person
cn: reader
sn: reader
userPassword: ${SERVICE_PASSWORD}

dn: ${PEOPLE}
objectClass: organizationalUnit
ou: people

dn: ou=TheLab,${PEOPLE}
objectClass: organizationalUnit
ou: TheLab

dn: ou=other,${BASE}
objectClass: organizationalUnit
ou: other

dn: ${GROUPS}
objectClass: organizationalUnit
ou: groups

dn: uid=alice,ou=TheLab,${PEOPLE}
objectClass: inetOrgPerson
uid: alice
cn: Alice Liddell
givenName: Alice
sn: Liddell
mail: alice@example.org
departmentNumber: wonderland
departmentNumber: looking-glass
userPassword: ${ALICE_PASSWORD}

dn: uid=bob,${PEOPLE}
objectClass: inetOrgPerson
uid: bob
cn: Bob Builder
givenName: Bob
sn: Builder
mail: bob@example.org
userPassword:: ${b64(UNICODE_PASSWORD_NFC)}

dn: uid=admin,${PEOPLE}
objectClass: inetOrgPerson
uid: admin
cn: Admin
sn: Admin
userPassword: admin-password

dn: uid=twin,${PEOPLE}
objectClass: inetOrgPerson
uid: twin
cn: Twin One
sn: One
userPassword: twin-password

dn: uid=twin,ou=other,${BASE}
objectClass: inetOrgPerson
uid: twin
cn: Twin Two
sn: Two
userPassword: twin-password

dn: cn=scientists,${GROUPS}
objectClass: groupOfNames
cn: scientists
member: uid=alice,ou=TheLab,${PEOPLE}
owner: uid=alice,ou=TheLab,${PEOPLE}

dn: cn=builders,${GROUPS}
objectClass: groupOfNames
cn: builders
member: uid=bob,${PEOPLE}

dn: cn=wonderland,${GROUPS}
objectClass: groupOfNames
cn: wonderland
member: uid=bob,${PEOPLE}

dn: cn=readers,${GROUPS}
objectClass: groupOfNames
cn: readers
member: uid=alice,ou=TheLab,${PEOPLE}
member: uid=bob,${PEOPLE}
`;

export const ACL = [
  'access to attrs=userPassword by anonymous auth by self write by * none',
  `access to * by dn.exact="${SERVICE_DN}" read by self read by users none by anonymous none`,
];

export function startDirectory(
  kind: DirectoryServerKind,
  options: DirectoryServerOptions = {},
): Promise<DirectoryServer> {
  return startDirectoryServer(kind, {
    acl: ACL,
    ldif: SEED_LDIF,
    indexes: ['uid eq', 'member eq'],
    ...options,
  });
}

export function directoryConfig(server: { url: string }, extra: Record<string, unknown> = {}) {
  return {
    urls: server.url,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    userBase: BASE,
    userFilter: '(objectClass=inetOrgPerson)',
    usernameAttribute: 'uid',
    connectTimeoutMs: 2000,
    operationTimeoutMs: 2000,
    ...extra,
  };
}
