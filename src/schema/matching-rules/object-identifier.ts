/**
 * objectIdentifierMatch (RFC 4517 §4.2.26): a descr and its numeric OID are
 * the same value, so both normalize to the OID. A descr the schema does not
 * know normalizes to itself in lower case, so it still equals itself.
 * objectIdentifierFirstComponentMatch (§4.2.27) serves the subschema
 * attributes, whose values start with `( oid`.
 */
import { OID } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleContext, MatchingRuleImpl } from './rule.ts';

const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const NUMERIC = /^[0-2](?:\.(?:0|[1-9][0-9]*))+$/;

function normalizeOid(text: string, context: MatchingRuleContext): string | undefined {
  const s = text.trim();
  if (NUMERIC.test(s)) return s;
  if (!DESCR.test(s)) return undefined;
  return context.resolveOid(s) ?? s.toLowerCase();
}

export const objectIdentifierMatch: MatchingRuleImpl = {
  oid: '2.5.13.0',
  name: 'objectIdentifierMatch',
  usage: 'equality',
  syntax: OID,
  normalize: (value, context) => normalizeOid(value.toString('latin1'), context),
};

export const objectIdentifierFirstComponentMatch: MatchingRuleImpl = {
  oid: '2.5.13.30',
  name: 'objectIdentifierFirstComponentMatch',
  usage: 'equality',
  syntax: OID,
  normalize: (value, context) => {
    const s = value.toString('latin1').trim();
    const m = /^\(\s*([^\s)]+)/.exec(s);
    return normalizeOid(m ? (m[1] ?? '') : s, context);
  },
};
