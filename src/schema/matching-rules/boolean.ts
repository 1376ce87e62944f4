/** booleanMatch (RFC 4517 §4.2.2): the Boolean syntax is exactly `TRUE` or `FALSE` (§3.3.3). */
import { BOOLEAN } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

export const booleanMatch: MatchingRuleImpl = {
  oid: '2.5.13.13',
  name: 'booleanMatch',
  usage: 'equality',
  syntax: BOOLEAN,
  normalize: (value) => {
    const s = value.toString('latin1');
    return s === 'TRUE' || s === 'FALSE' ? s : undefined;
  },
};
