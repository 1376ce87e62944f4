/**
 * integerMatch and integerOrderingMatch (RFC 4517 §4.2.19, §4.2.20).
 *
 * The equality form is the canonical decimal. The ordering form is built to
 * sort bytewise, so the store's range lookups give numeric order: a sign
 * letter (`n` < `p`), the digit count in five digits (nine's complement for
 * negatives), then the digits (nine's complement for negatives).
 */
import { INTEGER } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

const INTEGER_TEXT = /^-?(?:0|[1-9][0-9]*)$/;

/** The canonical decimal of an RFC 4517 §3.3.16 Integer, or undefined. Leading zeros and `-0` are invalid per the ABNF. */
export function normalizeInteger(value: Buffer): string | undefined {
  const s = value.toString('latin1');
  if (!INTEGER_TEXT.test(s) || s === '-0') return undefined;
  return s;
}

const MAX_DIGITS = 99999;

export function integerOrderingKey(value: Buffer): string | undefined {
  const s = normalizeInteger(value);
  if (s === undefined) return undefined;
  const negative = s.startsWith('-');
  const digits = negative ? s.slice(1) : s;
  if (digits.length > MAX_DIGITS) return undefined;
  if (!negative) return `p${String(digits.length).padStart(5, '0')}${digits}`;
  let complement = '';
  for (let i = 0; i < digits.length; i++) complement += String(9 - (digits.charCodeAt(i) - 0x30));
  return `n${String(MAX_DIGITS - digits.length).padStart(5, '0')}${complement}`;
}

export const integerMatch: MatchingRuleImpl = {
  oid: '2.5.13.14',
  name: 'integerMatch',
  usage: 'equality',
  syntax: INTEGER,
  normalize: normalizeInteger,
};

export const integerOrderingMatch: MatchingRuleImpl = {
  oid: '2.5.13.15',
  name: 'integerOrderingMatch',
  usage: 'ordering',
  syntax: INTEGER,
  normalize: integerOrderingKey,
};
