/**
 * Shared by the organization tests: a fresh account store of either engine,
 * a small hierarchy (UMD > CMNS > PHYS/MATH, UMD > ARHU) with its mappings,
 * and people whose `departmentNumber` values name organizations.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  type AccountStore,
  importMappings,
  LmdbAccountStore,
  type OrganizationStore,
  PostgresAccountStore,
} from '../../src/sdk/index.ts';
import { DEMO_PASSWORD } from '../../src/service/index.ts';
import { BASE } from '../support/linden.ts';
import type { PostgresServer } from '../support/postgres.ts';

export type Engine = 'lmdb' | 'postgres';

export interface FreshStore {
  readonly store: AccountStore & { readonly organizations: OrganizationStore };
  /** What a config file's `store:` names for this store. */
  readonly fileConfig: { lmdb: string } | { postgres: string };
  cleanup(): Promise<void>;
}

/** A new, empty store: an LMDB folder of its own, or a new database on the shared PostgreSQL server. */
export async function freshStore(engine: Engine, postgres?: PostgresServer): Promise<FreshStore> {
  if (engine === 'lmdb') {
    const dir = await mkdtemp(join(tmpdir(), 'linden-orgs-'));
    const path = join(dir, 'accounts');
    return {
      store: new LmdbAccountStore(path),
      fileConfig: { lmdb: path },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  if (!postgres) throw new Error('a PostgreSQL server is needed');
  const name = `orgs_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = postgres.url.replace(/\/postgres$/, `/${name}`);
  return {
    store: await PostgresAccountStore.open(url),
    fileConfig: { postgres: url },
    cleanup: async () => {},
  };
}

export const PEOPLE = `ou=people,${BASE}`;
export const SERVICE_DN = `cn=portal,ou=services,${BASE}`;
export const SERVICE_PASSWORD = DEMO_PASSWORD;

function person(uid: string, strings: readonly string[]): string {
  return [
    `dn: uid=${uid},${PEOPLE}`,
    'objectClass: inetOrgPerson',
    `uid: ${uid}`,
    `cn: ${uid}`,
    `sn: ${uid}`,
    `userPassword: ${uid}-password`,
    ...strings.map((s) => `departmentNumber: ${s}`),
    '',
  ].join('\n');
}

/** Who is in the directory and the organization strings each carries. */
export const PEOPLE_STRINGS = {
  ada: ['Physics Department', 'College of Arts'],
  ben: ['Dept. of Physics', 'Astrobiology Lab'],
  cai: ['Astrobiology Lab', 'Quantum Garden'],
  dee: ['Mathematics'],
  eve: ['Astrobiology Lab'],
} as const;

export const PEOPLE_LDIF = Object.entries(PEOPLE_STRINGS)
  .map(([uid, strings]) => person(uid, strings))
  .join('\n');

/** The branches the people live in and the service identity the SDK looks them up with. */
export const DIRECTORY_LDIF = `dn: ${PEOPLE}
objectClass: organizationalUnit
ou: people

dn: ou=services,${BASE}
objectClass: organizationalUnit
ou: services

dn: ${SERVICE_DN}
objectClass: person
cn: portal
sn: portal
userPassword: ${SERVICE_PASSWORD}
`;

/** Anonymous users may only bind, the service identity reads everyone, people read themselves. */
export const ACL = [
  'access to attrs=userPassword by anonymous auth by self write by * none',
  `access to * by dn.exact="${SERVICE_DN}" read by self read by * none`,
];

export const HIERARCHY_MAPPINGS = `# organization code | directory string
PHYS | Physics Department
PHYS | Dept. of Physics
ARHU | College of Arts
MATH | Mathematics
`;

/** UMD (University) > CMNS, ARHU (College) > PHYS, MATH (Department, under CMNS), and the mappings above. */
export async function seedHierarchy(organizations: OrganizationStore): Promise<void> {
  await organizations.createOrganization({ code: 'UMD', longName: 'University of Maryland' });
  await organizations.createOrganization({
    code: 'CMNS',
    parent: 'UMD',
    longName: 'Computer, Math and Natural Sciences',
  });
  await organizations.createOrganization({ code: 'ARHU', parent: 'UMD', longName: 'Arts and Humanities' });
  await organizations.createOrganization({ code: 'PHYS', parent: 'CMNS', longName: 'Physics' });
  await organizations.createOrganization({ code: 'MATH', parent: 'CMNS', longName: 'Mathematics' });
  await importMappings(organizations, HIERARCHY_MAPPINGS);
}

export function directoryConfig(url: string) {
  return {
    urls: url,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    userBase: PEOPLE,
    userScope: 'one' as const,
    userFilter: '(objectClass=inetOrgPerson)',
    connectTimeoutMs: 2000,
    operationTimeoutMs: 5000,
  };
}
