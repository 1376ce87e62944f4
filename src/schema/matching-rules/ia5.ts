/**
 * caseExactIA5Match, caseIgnoreIA5Match, caseIgnoreIA5SubstringsMatch
 * (RFC 4517 §4.2.3, §4.2.9, §4.2.10, and RFC 4517 §4.2.8's 1.3.6.1.4.1.4203.1.2.1
 * caseExactIA5SubstringsMatch as slapd defines it): 7-bit values only; a
 * value with any other byte is invalid for the rule.
 */
import { IA5_STRING } from '../syntaxes/syntax-oids.ts';
import { isAscii, prepareString, prepareSubstring } from './prepare-string.ts';
import type { MatchingRuleImpl } from './rule.ts';

export const caseExactIA5Match: MatchingRuleImpl = {
  oid: '1.3.6.1.4.1.1466.109.114.1',
  name: 'caseExactIA5Match',
  usage: 'equality',
  syntax: IA5_STRING,
  normalize: (value) => (isAscii(value) ? prepareString(value, false) : undefined),
};

export const caseIgnoreIA5Match: MatchingRuleImpl = {
  oid: '1.3.6.1.4.1.1466.109.114.2',
  name: 'caseIgnoreIA5Match',
  usage: 'equality',
  syntax: IA5_STRING,
  normalize: (value) => (isAscii(value) ? prepareString(value, true) : undefined),
};

export const caseIgnoreIA5SubstringsMatch: MatchingRuleImpl = {
  oid: '1.3.6.1.4.1.1466.109.114.3',
  name: 'caseIgnoreIA5SubstringsMatch',
  usage: 'substrings',
  syntax: IA5_STRING,
  normalize: (value) => (isAscii(value) ? prepareString(value, true) : undefined),
  normalizeSubstring: (piece, position) =>
    isAscii(piece) ? prepareSubstring(piece, true, position) : undefined,
};

export const caseExactIA5SubstringsMatch: MatchingRuleImpl = {
  oid: '1.3.6.1.4.1.4203.1.2.1',
  name: 'caseExactIA5SubstringsMatch',
  usage: 'substrings',
  syntax: IA5_STRING,
  normalize: (value) => (isAscii(value) ? prepareString(value, false) : undefined),
  normalizeSubstring: (piece, position) =>
    isAscii(piece) ? prepareSubstring(piece, false, position) : undefined,
};
