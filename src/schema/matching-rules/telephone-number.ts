/**
 * telephoneNumberMatch and telephoneNumberSubstringsMatch (RFC 4517 §4.2.29,
 * §4.2.30): case is ignored and spaces and hyphens are insignificant, so
 * `+1 650-903-0800` equals `+16509030800`.
 */
import { SUBSTRING_ASSERTION, TELEPHONE_NUMBER } from '../syntaxes/syntax-oids.ts';
import { prepareString } from './prepare-string.ts';
import type { MatchingRuleImpl } from './rule.ts';

/** Hyphen-like characters RFC 4518 §2.6.2 treats as insignificant in telephone numbers. */
const HYPHENS_AND_SPACES = /[ \-\u058A\u2010\u2011\u2212\uFE63\uFF0D]/g;

export function normalizeTelephoneNumber(value: Buffer): string | undefined {
  // ASCII fast path: drop spaces and hyphens, fold letters.
  let ascii = true;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c >= 0x80) {
      ascii = false;
      break;
    }
    if (c === 0x20 || c === 0x2d || c < 0x20 || c === 0x7f) continue;
    out += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  if (ascii) return out;
  const prepared = prepareString(value, true);
  return prepared?.replace(HYPHENS_AND_SPACES, '');
}

export const telephoneNumberMatch: MatchingRuleImpl = {
  oid: '2.5.13.20',
  name: 'telephoneNumberMatch',
  usage: 'equality',
  syntax: TELEPHONE_NUMBER,
  normalize: normalizeTelephoneNumber,
};

export const telephoneNumberSubstringsMatch: MatchingRuleImpl = {
  oid: '2.5.13.21',
  name: 'telephoneNumberSubstringsMatch',
  usage: 'substrings',
  syntax: SUBSTRING_ASSERTION,
  normalize: normalizeTelephoneNumber,
  normalizeSubstring: normalizeTelephoneNumber,
};
