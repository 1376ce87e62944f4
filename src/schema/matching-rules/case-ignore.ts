/**
 * caseIgnoreMatch, caseIgnoreOrderingMatch, caseIgnoreSubstringsMatch
 * (RFC 4517 §4.2.11, §4.2.12, §4.2.13): Directory String values compared after
 * RFC 4518 preparation with case folding.
 */
import { DIRECTORY_STRING, SUBSTRING_ASSERTION } from '../syntaxes/syntax-oids.ts';
import { prepareString, prepareSubstring } from './prepare-string.ts';
import type { MatchingRuleImpl } from './rule.ts';

const normalize = (value: Buffer): string | undefined => prepareString(value, true);

export const caseIgnoreMatch: MatchingRuleImpl = {
  oid: '2.5.13.2',
  name: 'caseIgnoreMatch',
  usage: 'equality',
  syntax: DIRECTORY_STRING,
  normalize,
};

export const caseIgnoreOrderingMatch: MatchingRuleImpl = {
  oid: '2.5.13.3',
  name: 'caseIgnoreOrderingMatch',
  usage: 'ordering',
  syntax: DIRECTORY_STRING,
  normalize,
};

export const caseIgnoreSubstringsMatch: MatchingRuleImpl = {
  oid: '2.5.13.4',
  name: 'caseIgnoreSubstringsMatch',
  usage: 'substrings',
  syntax: SUBSTRING_ASSERTION,
  normalize,
  normalizeSubstring: (piece, position) => prepareSubstring(piece, true, position),
};

/** caseIgnoreListMatch (RFC 4517 §4.2.9): the lines of a Postal Address, each prepared, joined by `$`. */
export const caseIgnoreListMatch: MatchingRuleImpl = {
  oid: '2.5.13.11',
  name: 'caseIgnoreListMatch',
  usage: 'equality',
  syntax: '1.3.6.1.4.1.1466.115.121.1.41',
  normalize: (value) => normalizeList(value),
};

function normalizeList(value: Buffer): string | undefined {
  const lines = value.toString('utf8').split('$');
  const out: string[] = [];
  for (const line of lines) {
    const p = prepareString(Buffer.from(line.replace(/\\24/gi, '$').replace(/\\5c/gi, '\\'), 'utf8'), true);
    if (p === undefined) return undefined;
    out.push(p.replace(/\\/g, '\\5c').replace(/\$/g, '\\24'));
  }
  return out.join('$');
}

export const caseIgnoreListSubstringsMatch: MatchingRuleImpl = {
  oid: '2.5.13.12',
  name: 'caseIgnoreListSubstringsMatch',
  usage: 'substrings',
  syntax: SUBSTRING_ASSERTION,
  normalize: normalizeList,
  normalizeSubstring: (piece, position) => prepareSubstring(piece, true, position),
};
