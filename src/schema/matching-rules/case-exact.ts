/**
 * caseExactMatch, caseExactOrderingMatch, caseExactSubstringsMatch
 * (RFC 4517 §4.2.4–§4.2.6): RFC 4518 preparation without case folding.
 */
import { DIRECTORY_STRING, SUBSTRING_ASSERTION } from '../syntaxes/syntax-oids.ts';
import { prepareString, prepareSubstring } from './prepare-string.ts';
import type { MatchingRuleImpl } from './rule.ts';

const normalize = (value: Buffer): string | undefined => prepareString(value, false);

export const caseExactMatch: MatchingRuleImpl = {
  oid: '2.5.13.5',
  name: 'caseExactMatch',
  usage: 'equality',
  syntax: DIRECTORY_STRING,
  normalize,
};

export const caseExactOrderingMatch: MatchingRuleImpl = {
  oid: '2.5.13.6',
  name: 'caseExactOrderingMatch',
  usage: 'ordering',
  syntax: DIRECTORY_STRING,
  normalize,
};

export const caseExactSubstringsMatch: MatchingRuleImpl = {
  oid: '2.5.13.7',
  name: 'caseExactSubstringsMatch',
  usage: 'substrings',
  syntax: SUBSTRING_ASSERTION,
  normalize,
  normalizeSubstring: (piece, position) => prepareSubstring(piece, false, position),
};
