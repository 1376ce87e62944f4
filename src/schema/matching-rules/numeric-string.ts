/**
 * numericStringMatch, numericStringOrderingMatch, numericStringSubstringsMatch
 * (RFC 4517 §4.2.22–§4.2.24): spaces are insignificant; anything but digits
 * and spaces is invalid.
 */
import { NUMERIC_STRING, SUBSTRING_ASSERTION } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

export function normalizeNumericString(value: Buffer): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c >= 0x30 && c <= 0x39) out += String.fromCharCode(c);
    else if (c !== 0x20) return undefined;
  }
  return out;
}

export const numericStringMatch: MatchingRuleImpl = {
  oid: '2.5.13.8',
  name: 'numericStringMatch',
  usage: 'equality',
  syntax: NUMERIC_STRING,
  normalize: normalizeNumericString,
};

export const numericStringOrderingMatch: MatchingRuleImpl = {
  oid: '2.5.13.9',
  name: 'numericStringOrderingMatch',
  usage: 'ordering',
  syntax: NUMERIC_STRING,
  normalize: normalizeNumericString,
};

export const numericStringSubstringsMatch: MatchingRuleImpl = {
  oid: '2.5.13.10',
  name: 'numericStringSubstringsMatch',
  usage: 'substrings',
  syntax: SUBSTRING_ASSERTION,
  normalize: normalizeNumericString,
  normalizeSubstring: normalizeNumericString,
};
