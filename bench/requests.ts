/**
 * Pre-encoded requests for the load generator. Each request is encoded once
 * through Linden's protocol codec with the message id 0x7fffffff, which BER
 * writes as exactly four content bytes; the generator then rewrites those four
 * bytes in place for every send (ids stay in 0x01000000..0x7ffffffe, which also
 * need exactly four bytes), so the hot loop never encodes anything.
 */
import { parseFilter } from '../src/filter/index.ts';
import { encodeMessage, type ProtocolOp, SearchScope } from '../src/protocol/index.ts';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  PEOPLE,
  prng,
  SERVICE_DN,
  SERVICE_PASSWORD,
  SUFFIX,
  userDn,
  userPassword,
  userUid,
} from './dataset.ts';

const PLACEHOLDER_ID = 0x7fffffff;

/** A request whose message id sits at `idOffset` (4 bytes, big-endian). */
export interface Encoded {
  readonly bytes: Buffer;
  readonly idOffset: number;
}

export function encode(op: ProtocolOp): Encoded {
  const bytes = encodeMessage({ messageId: PLACEHOLDER_ID, op, controls: [] });
  // 0x30, the length (short form: 1 byte; long form: 0x8n + n bytes), then 02 04 <id>.
  const lengthBytes = bytes[1]! & 0x80 ? 1 + (bytes[1]! & 0x7f) : 1;
  const idOffset = 1 + lengthBytes + 2;
  if (
    bytes[idOffset - 2] !== 0x02 ||
    bytes[idOffset - 1] !== 0x04 ||
    bytes.readUInt32BE(idOffset) !== PLACEHOLDER_ID
  )
    throw new Error('unexpected message id encoding');
  return { bytes, idOffset };
}

export const bind = (dn: string, password: string): Encoded =>
  encode({
    type: 'bindRequest',
    version: 3,
    name: dn,
    authentication: { type: 'simple', password: Buffer.from(password) },
  });

export const search = (base: string, filter: string, attributes: readonly string[], sizeLimit = 0): Encoded =>
  encode({
    type: 'searchRequest',
    baseObject: base,
    scope: SearchScope.wholeSubtree,
    derefAliases: 0,
    sizeLimit,
    timeLimit: 0,
    typesOnly: false,
    filter: parseFilter(filter),
    attributes,
  });

export const serviceBind = (): Encoded => bind(SERVICE_DN, SERVICE_PASSWORD);
export const adminBind = (): Encoded => bind(ADMIN_DN, ADMIN_PASSWORD);

/** Distinct users drawn with the same seed for both servers. */
function pick(users: number, count: number, seed: number): number[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(random() * users));
}

const POOL = 4096;

export function uidSearches(users: number, attributes: readonly string[]): Encoded[] {
  return pick(users, POOL, 11).map((n) => search(PEOPLE, `(uid=${userUid(n)})`, attributes));
}

export function userBinds(users: number): Encoded[] {
  return pick(users, POOL, 13).map((n) => bind(userDn(n), userPassword(n)));
}

/** Login: look the DN up by uid (no attributes), then bind with it; the pair shares an index. */
export function logins(users: number): { searches: Encoded[]; binds: Encoded[] } {
  const ns = pick(users, POOL, 17);
  return {
    searches: ns.map((n) => search(PEOPLE, `(uid=${userUid(n)})`, ['1.1'])),
    binds: ns.map((n) => bind(userDn(n), userPassword(n))),
  };
}

export function substringSearches(sizeLimit: number): Encoded[] {
  // The prefixes differ so that neither server answers from one cached candidate list.
  return Array.from({ length: 90 }, (_, i) =>
    search(PEOPLE, `(cn=User ${i + 10}*)`, ['cn', 'mail'], sizeLimit),
  );
}

export function groupSearches(users: number): Encoded[] {
  return pick(users, POOL, 19).map((n) =>
    search(`ou=groups,${SUFFIX}`, `(&(objectClass=groupOfUniqueNames)(uniqueMember=${userDn(n)}))`, ['cn']),
  );
}

export function modifies(users: number): Encoded[] {
  return pick(users, POOL, 23).map((n, i) =>
    encode({
      type: 'modifyRequest',
      object: userDn(n),
      changes: [
        { operation: 2, modification: { type: 'description', values: [Buffer.from(`modified ${i}`)] } },
      ],
    }),
  );
}

/**
 * An add template whose ten-digit counter appears in the DN and in uid, cn and
 * mail; the generator rewrites the digits in place for each new entry.
 */
export interface AddTemplate {
  readonly request: Encoded;
  readonly digitOffsets: readonly number[];
}

export const ADD_DIGITS = 10;

export function addTemplate(tag: string): AddTemplate {
  const digits = '9'.repeat(ADD_DIGITS);
  const uid = `new-${tag}-${digits}`;
  const a = (type: string, ...values: string[]) => ({ type, values: values.map((v) => Buffer.from(v)) });
  const request = encode({
    type: 'addRequest',
    entry: `uid=${uid},${PEOPLE}`,
    attributes: [
      a('objectClass', 'top', 'person', 'organizationalPerson', 'inetOrgPerson'),
      a('uid', uid),
      a('cn', `New ${uid}`, `Newcomer ${uid}`),
      a('sn', 'Newcomer'),
      a('givenName', 'New'),
      a('mail', `${uid}@example.org`),
      a('telephoneNumber', '+1 555 0100000'),
      a('userPassword', '{SSHA}xTlTBpmIE7iTJr8dTPJ9iKnMfkVzYWx0MTIz'),
    ],
  });
  const digitOffsets: number[] = [];
  const needle = Buffer.from(digits);
  for (let at = request.bytes.indexOf(needle); at >= 0; at = request.bytes.indexOf(needle, at + 1))
    digitOffsets.push(at);
  return { request, digitOffsets };
}
