/**
 * octetStringMatch and octetStringOrderingMatch (RFC 4517 §4.2.27, §4.2.28):
 * the bytes themselves. The normalized form is lower-case hex: it sorts like
 * the bytes and carries no NUL, which a PostgreSQL text key cannot hold.
 */
import { OCTET_STRING } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

const hex = (value: Buffer): string => value.toString('hex');

export const octetStringMatch: MatchingRuleImpl = {
  oid: '2.5.13.17',
  name: 'octetStringMatch',
  usage: 'equality',
  syntax: OCTET_STRING,
  normalize: hex,
};

export const octetStringOrderingMatch: MatchingRuleImpl = {
  oid: '2.5.13.18',
  name: 'octetStringOrderingMatch',
  usage: 'ordering',
  syntax: OCTET_STRING,
  normalize: hex,
};
