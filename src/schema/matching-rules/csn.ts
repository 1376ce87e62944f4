/**
 * CSNMatch and CSNOrderingMatch for entryCSN, as slapd defines them: a CSN
 * (`20240101120000.000000Z#000000#000#000000`) is fixed-width ASCII and sorts
 * bytewise in commit order.
 */
import type { MatchingRuleImpl } from './rule.ts';

export const CSN_SYNTAX = '1.3.6.1.4.1.4203.666.11.2.1';
const CSN = /^[0-9]{14}\.[0-9]{6}Z#[0-9a-fA-F]{6}#[0-9a-fA-F]{3}#[0-9a-fA-F]{6}$/;

const normalize = (value: Buffer): string | undefined => {
  const s = value.toString('latin1');
  return CSN.test(s) ? s.toLowerCase() : undefined;
};

export const csnMatch: MatchingRuleImpl = {
  oid: '1.3.6.1.4.1.4203.666.11.2.2',
  name: 'CSNMatch',
  usage: 'equality',
  syntax: CSN_SYNTAX,
  normalize,
};

export const csnOrderingMatch: MatchingRuleImpl = {
  oid: '1.3.6.1.4.1.4203.666.11.2.3',
  name: 'CSNOrderingMatch',
  usage: 'ordering',
  syntax: CSN_SYNTAX,
  normalize,
};
