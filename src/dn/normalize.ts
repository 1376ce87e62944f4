import { escapeDnValue } from './escape.ts';
import type { Dn, Rdn } from './model.ts';
import { parseDn } from './parse.ts';

/**
 * Normalizes one attribute value of a DN: the attribute's equality rule
 * applied to it (RFC 4517 §4.2.15 distinguishedNameMatch compares RDNs with
 * each attribute's own equality rule). A Buffer result is kept as octets and
 * written in the `#` hexstring form.
 */
export type DnValueNormalizer = (attributeType: string, value: string | Buffer) => string | Buffer;

/**
 * What `normalizeDn` needs from the schema: `type` maps an attribute type to
 * its canonical spelling (`CommonName` → `cn`), `value` applies that type's
 * equality rule (it receives the canonical type). Either may throw LdapError
 * (e.g. invalidDNSyntax for an unknown type).
 */
export interface DnNormalizer {
  readonly type?: (attributeType: string) => string;
  readonly value: DnValueNormalizer;
}

// RFC 4518 §2.6.1 insignificant space handling, approximated: runs of white space become one space.
const spaces = /\s+/gu;
const plainAscii = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/**
 * caseIgnoreMatch-like folding for code without a schema: NFKC, case folded
 * (lower, upper, lower, so `ẞ`, `ß` and `SS` all meet and folding twice
 * changes nothing), runs of white space collapsed to
 * one and trimmed. Binary values are kept as they are.
 */
export function foldDnValue(_attributeType: string, value: string | Buffer): string | Buffer {
  if (typeof value !== 'string') return value;
  // Printable ASCII words separated by single spaces are already NFKC and space-normal.
  if (plainAscii.test(value)) return value.toLowerCase();
  return value
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(spaces, ' ')
    .trim();
}

/** Types lower-cased, values folded with `foldDnValue`. OIDs stay OIDs: mapping them to names needs the schema. */
export const defaultDnNormalizer: DnNormalizer = {
  type: (attributeType) => attributeType.toLowerCase(),
  value: foldDnValue,
};

/**
 * The normalized form of an RDN: each AVA `type=value` normalized and escaped,
 * multi-valued RDNs sorted so that `cn=a+sn=b` and `sn=b+cn=a` agree (an RDN
 * is a set, RFC 4512 §2.3.1).
 */
export function normalizeRdn(
  rdn: Rdn,
  normalizer: DnNormalizer | DnValueNormalizer = defaultDnNormalizer,
): string {
  const canonicalType = typeof normalizer === 'function' ? lowerCase : (normalizer.type ?? lowerCase);
  const normalValue = typeof normalizer === 'function' ? normalizer : normalizer.value;
  if (rdn.length === 1) {
    const ava = rdn[0]!;
    const type = canonicalType(ava.type);
    return `${type}=${escapeDnValue(normalValue(type, ava.value))}`;
  }
  const parts = rdn.map((ava) => {
    const type = canonicalType(ava.type);
    return `${type}=${escapeDnValue(normalValue(type, ava.value))}`;
  });
  return parts.sort(compareCodeUnits).join('+');
}

const cacheSize = 4096;
const cacheableLength = 1024;
const caches = new WeakMap<object, Map<string, string>>();

/**
 * The normalized form of a DN (the `ndn` of OpenLDAP): the key under which an
 * entry is stored and by which DNs are compared. Throws LdapError(invalidDNSyntax)
 * for a DN that does not parse.
 *
 * Every request normalizes at least one DN, so string results are remembered
 * per normalizer (a bounded FIFO map), and each result is remembered as its own
 * normal form: normalizing an already-normal DN is one map lookup. A normalizer
 * must therefore be pure; when the schema changes, pass a new normalizer object.
 */
export function normalizeDn(
  dn: string | Dn,
  normalizer: DnNormalizer | DnValueNormalizer = defaultDnNormalizer,
): string {
  if (typeof dn !== 'string') return dn.rdns.map((rdn) => normalizeRdn(rdn, normalizer)).join(',');
  let cache = caches.get(normalizer);
  if (cache === undefined) {
    cache = new Map();
    caches.set(normalizer, cache);
  }
  const hit = cache.get(dn);
  if (hit !== undefined) return hit;
  const ndn = parseDn(dn)
    .rdns.map((rdn) => normalizeRdn(rdn, normalizer))
    .join(',');
  // A huge DN is rare and would pin memory; it is normalized again next time.
  if (dn.length <= cacheableLength) {
    remember(cache, dn, ndn);
    if (ndn !== dn) remember(cache, ndn, ndn);
  }
  return ndn;
}

/** Whether two DNs name the same entry. */
export function dnEquals(
  a: string | Dn,
  b: string | Dn,
  normalizer: DnNormalizer | DnValueNormalizer = defaultDnNormalizer,
): boolean {
  return normalizeDn(a, normalizer) === normalizeDn(b, normalizer);
}

function remember(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

function lowerCase(type: string): string {
  return type.toLowerCase();
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
