import { escapeDnValue } from './escape.ts';
import type { Ava, Dn, Rdn } from './model.ts';

/** `type=value`, the value escaped per RFC 4514 §2.4. */
export function formatAva(ava: Ava): string {
  return `${ava.type}=${escapeDnValue(ava.value)}`;
}

/** AVAs joined by `+` in the order given (RFC 4514 §2.2). */
export function formatRdn(rdn: Rdn): string {
  if (rdn.length === 1) return formatAva(rdn[0]!);
  return rdn.map(formatAva).join('+');
}

/** RDNs joined by `,` (RFC 4514 §2.1); the empty DN is the empty string. */
export function formatDn(dn: Dn | readonly Rdn[]): string {
  const rdns = 'rdns' in dn ? dn.rdns : dn;
  return rdns.map(formatRdn).join(',');
}

/** A Dn from RDNs, its text the RFC 4514 string form of them. */
export function makeDn(rdns: readonly Rdn[]): Dn {
  return { rdns, text: formatDn(rdns) };
}
