/**
 * The benchmark's seeded dataset, written once as LDIF and loaded into both
 * servers: `users` inetOrgPerson entries under ou=people (two cn, two mail,
 * two telephoneNumber values, an `{SSHA}` userPassword), groupOfUniqueNames
 * groups of about 100 members each under ou=groups, and one service account.
 *
 * Everything is derived from a seeded PRNG, so two runs with the same sizes
 * load byte-identical data and draw the same request mix.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';

export const SUFFIX = 'dc=example,dc=org';
export const ADMIN_DN = `cn=admin,${SUFFIX}`;
export const ADMIN_PASSWORD = 'admin-secret';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const GROUPS = `ou=groups,${SUFFIX}`;
export const SERVICE_DN = `cn=bench-service,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'service-secret';

export interface DatasetSize {
  readonly users: number;
  readonly groups: number;
  readonly membersPerGroup: number;
}

/** mulberry32: tiny, fast, and good enough to spread benchmark keys. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = [
  'Ada',
  'Alan',
  'Barbara',
  'Claude',
  'Donald',
  'Edsger',
  'Frances',
  'Grace',
  'Hedy',
  'Ivan',
  'John',
  'Ken',
  'Leslie',
  'Margaret',
  'Niklaus',
  'Radia',
];
const FAMILY = [
  'Lovelace',
  'Turing',
  'Liskov',
  'Shannon',
  'Knuth',
  'Dijkstra',
  'Allen',
  'Hopper',
  'Lamarr',
  'Sutherland',
  'Backus',
  'Thompson',
  'Lamport',
  'Hamilton',
  'Wirth',
  'Perlman',
];

export const userUid = (n: number): string => `user${n}`;
export const userDn = (n: number): string => `uid=${userUid(n)},${PEOPLE}`;
export const userPassword = (n: number): string => `pw-${n}-secret`;

/** RFC 2307 `{SSHA}`: base64(SHA-1(password ‖ salt) ‖ salt), the scheme slapd and Linden both verify. */
export function ssha(password: string, salt: Buffer): string {
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function saltFrom(random: () => number): Buffer {
  const salt = Buffer.allocUnsafe(8);
  for (let i = 0; i < 8; i++) salt[i] = Math.floor(random() * 256);
  return salt;
}

/** The LDIF records, in parent-before-child order (slapadd and `linden import` both need that). */
export function* datasetLdif(size: DatasetSize, seed = 7): Generator<string> {
  const random = prng(seed);
  yield `dn: ${SUFFIX}\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n`;
  for (const ou of ['people', 'groups', 'services'])
    yield `dn: ou=${ou},${SUFFIX}\nobjectClass: top\nobjectClass: organizationalUnit\nou: ${ou}\n`;
  yield [
    `dn: ${SERVICE_DN}`,
    'objectClass: top',
    'objectClass: applicationProcess',
    'objectClass: simpleSecurityObject',
    'cn: bench-service',
    'description: the account the benchmark searches as',
    `userPassword: ${ssha(SERVICE_PASSWORD, saltFrom(random))}`,
    '',
  ].join('\n');
  for (let n = 1; n <= size.users; n++) yield userLdif(n, random);
  for (let g = 1; g <= size.groups; g++) {
    const count = Math.max(1, size.membersPerGroup - 10 + Math.floor(random() * 21));
    const members = new Set<number>();
    while (members.size < Math.min(count, size.users)) members.add(1 + Math.floor(random() * size.users));
    const lines = [
      `dn: cn=group${g},${GROUPS}`,
      'objectClass: top',
      'objectClass: groupOfUniqueNames',
      `cn: group${g}`,
      `description: benchmark group ${g}`,
    ];
    for (const m of members) lines.push(`uniqueMember: ${userDn(m)}`);
    yield `${lines.join('\n')}\n`;
  }
}

function userLdif(n: number, random: () => number): string {
  const given = GIVEN[Math.floor(random() * GIVEN.length)]!;
  const family = FAMILY[Math.floor(random() * FAMILY.length)]!;
  const phone = (n: number): string => `+1 555 ${String(n).padStart(7, '0')}`;
  // Two different numbers: an entry may not hold one value twice.
  const work = Math.floor(random() * 1e7);
  const mobile = (work + 1 + Math.floor(random() * (1e7 - 1))) % 1e7;
  return [
    `dn: ${userDn(n)}`,
    'objectClass: top',
    'objectClass: person',
    'objectClass: organizationalPerson',
    'objectClass: inetOrgPerson',
    `uid: ${userUid(n)}`,
    `cn: User ${n}`,
    `cn: ${given} ${family}`,
    `sn: ${family}`,
    `givenName: ${given}`,
    `displayName: ${given} ${family} (${n})`,
    `mail: ${userUid(n)}@example.org`,
    `mail: ${given.toLowerCase()}.${family.toLowerCase()}.${n}@mail.example.org`,
    `telephoneNumber: ${phone(work)}`,
    `telephoneNumber: ${phone(mobile)}`,
    `title: Engineer grade ${1 + (n % 7)}`,
    `employeeNumber: ${100000 + n}`,
    `userPassword: ${ssha(userPassword(n), saltFrom(random))}`,
    '',
  ].join('\n');
}

/** Writes the dataset to `file`; resolves with the number of entries written. */
export async function writeDataset(file: string, size: DatasetSize, seed = 7): Promise<number> {
  const out = createWriteStream(file);
  let entries = 0;
  let chunk = '';
  for (const record of datasetLdif(size, seed)) {
    chunk += `${record}\n`;
    entries++;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  return entries;
}
