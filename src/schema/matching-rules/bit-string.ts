/** bitStringMatch (RFC 4517 §4.2.1): `'0101'B` (§3.3.2), compared bit for bit. */
import { BIT_STRING } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

export const BIT_STRING_TEXT = /^'[01]*'B$/;

export const bitStringMatch: MatchingRuleImpl = {
  oid: '2.5.13.16',
  name: 'bitStringMatch',
  usage: 'equality',
  syntax: BIT_STRING,
  normalize: (value) => {
    const s = value.toString('latin1');
    return BIT_STRING_TEXT.test(s) ? s : undefined;
  },
};
