/**
 * generalizedTimeMatch and generalizedTimeOrderingMatch (RFC 4517 §4.2.16,
 * §4.2.17): values are compared as instants, so `20240101120000+0100` equals
 * `20240101110000Z`. Both normalize to a fixed-width UTC string that sorts
 * bytewise in time order.
 */
import { formatUtcTime, parseGeneralizedTime } from '../syntaxes/generalized-time.ts';
import { GENERALIZED_TIME } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

export function normalizeGeneralizedTime(value: Buffer): string | undefined {
  const ms = parseGeneralizedTime(value.toString('latin1'));
  return ms === undefined ? undefined : formatUtcTime(ms);
}

export const generalizedTimeMatch: MatchingRuleImpl = {
  oid: '2.5.13.27',
  name: 'generalizedTimeMatch',
  usage: 'equality',
  syntax: GENERALIZED_TIME,
  normalize: normalizeGeneralizedTime,
};

export const generalizedTimeOrderingMatch: MatchingRuleImpl = {
  oid: '2.5.13.28',
  name: 'generalizedTimeOrderingMatch',
  usage: 'ordering',
  syntax: GENERALIZED_TIME,
  normalize: normalizeGeneralizedTime,
};
