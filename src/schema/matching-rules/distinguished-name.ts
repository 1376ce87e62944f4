/**
 * distinguishedNameMatch (RFC 4517 §4.2.15) and uniqueMemberMatch (§4.2.31).
 * The DN normalizer comes from the context, so the directory decides what
 * DN equality means (it installs the DN layer's normalizer).
 */

import { isUtf8 } from 'node:buffer';
import { DN, NAME_AND_OPTIONAL_UID } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

export const distinguishedNameMatch: MatchingRuleImpl = {
  oid: '2.5.13.1',
  name: 'distinguishedNameMatch',
  usage: 'equality',
  syntax: DN,
  normalize: (value, context) => (isUtf8(value) ? context.normalizeDn(value.toString('utf8')) : undefined),
};

const OPTIONAL_UID = /#'[01]*'B$/;

/** NameAndOptionalUID = distinguishedName [ SHARP BitString ] (RFC 4517 §3.3.21). */
export const uniqueMemberMatch: MatchingRuleImpl = {
  oid: '2.5.13.23',
  name: 'uniqueMemberMatch',
  usage: 'equality',
  syntax: NAME_AND_OPTIONAL_UID,
  normalize: (value, context) => {
    if (!isUtf8(value)) return undefined;
    const text = value.toString('utf8');
    const m = OPTIONAL_UID.exec(text);
    const dn = context.normalizeDn(m ? text.slice(0, m.index) : text);
    if (dn === undefined) return undefined;
    return m ? `${dn}${m[0]}` : dn;
  },
};
