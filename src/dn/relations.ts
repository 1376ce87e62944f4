import { formatRdn } from './format.ts';
import type { Rdn } from './model.ts';

// These work on DN strings as `normalizeDn` and `formatDn` write them: RDNs
// separated by bare `,`, every special character escaped with one backslash
// (`\,`, `\\`, `\2C`). They do not parse, so they allocate at most the answer.

/** Search scopes (RFC 4511 §4.5.1.2), by name or by protocol number; `children` is subordinateSubtree (3). */
export type DnScope = 'base' | 'one' | 'sub' | 'children' | 0 | 1 | 2 | 3;

/** Index of the `,` ending the leftmost RDN, or -1 when the DN has a single RDN. */
function firstSeparator(dn: string): number {
  for (let i = 0; i < dn.length; i++) {
    const ch = dn.charCodeAt(i);
    // A backslash escapes the next character, or starts a hexpair whose digits are never `,`.
    if (ch === 0x5c) i++;
    else if (ch === 0x2c) return i;
  }
  return -1;
}

/** The DN of the parent entry; `''` (the root DSE) for a one-RDN DN, undefined for the root itself. */
export function parentDn(dn: string): string | undefined {
  if (dn === '') return undefined;
  const i = firstSeparator(dn);
  return i < 0 ? '' : dn.slice(i + 1);
}

/** The leftmost RDN of a DN as a string (`cn=a+sn=b` of `cn=a+sn=b,dc=x`); `''` for the root. */
export function rdnOf(dn: string): string {
  const i = firstSeparator(dn);
  return i < 0 ? dn : dn.slice(0, i);
}

/** The DN of an entry named `rdn` under `parent`. */
export function childDn(rdn: string | Rdn, parent: string): string {
  const r = typeof rdn === 'string' ? rdn : formatRdn(rdn);
  return parent === '' ? r : `${r},${parent}`;
}

/** The number of RDNs. */
export function dnDepth(dn: string): number {
  if (dn === '') return 0;
  let n = 1;
  for (let i = 0; i < dn.length; i++) {
    const ch = dn.charCodeAt(i);
    if (ch === 0x5c) i++;
    else if (ch === 0x2c) n++;
  }
  return n;
}

/** Whether `ndn` is strictly below `baseNdn`; both normalized. Everything but the root is below the root. */
export function isDescendant(ndn: string, baseNdn: string): boolean {
  if (baseNdn === '') return ndn !== '';
  const cut = ndn.length - baseNdn.length - 1;
  if (cut < 1 || ndn.charCodeAt(cut) !== 0x2c || !ndn.endsWith(baseNdn)) return false;
  // The `,` separates RDNs only if it is not itself escaped: an even run of backslashes before it.
  let backslashes = 0;
  while (cut - backslashes - 1 >= 0 && ndn.charCodeAt(cut - backslashes - 1) === 0x5c) backslashes++;
  return backslashes % 2 === 0;
}

/** Whether `ndn` is the immediate child of `parentNdn`; both normalized. */
export function isChild(ndn: string, parentNdn: string): boolean {
  if (!isDescendant(ndn, parentNdn)) return false;
  const i = firstSeparator(ndn);
  return parentNdn === '' ? i < 0 : i === ndn.length - parentNdn.length - 1;
}

/** Whether a search of `scope` from `baseNdn` reaches `ndn` (RFC 4511 §4.5.1.2; RFC 4512 draft subordinateSubtree). */
export function inScope(ndn: string, baseNdn: string, scope: DnScope): boolean {
  switch (scope) {
    case 'base':
    case 0:
      return ndn === baseNdn;
    case 'one':
    case 1:
      return isChild(ndn, baseNdn);
    case 'sub':
    case 2:
      return ndn === baseNdn || isDescendant(ndn, baseNdn);
    case 'children':
    case 3:
      return isDescendant(ndn, baseNdn);
  }
}
