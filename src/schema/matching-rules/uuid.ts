/**
 * UUIDMatch and UUIDOrderingMatch (RFC 4530 §3): the UUID syntax is the
 * 36-character RFC 4122 string form; lower-cased it sorts like the bytes.
 */
import { UUID } from '../syntaxes/syntax-oids.ts';
import type { MatchingRuleImpl } from './rule.ts';

const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function normalizeUuid(value: Buffer): string | undefined {
  const s = value.toString('latin1');
  return UUID_TEXT.test(s) ? s.toLowerCase() : undefined;
}

export const uuidMatch: MatchingRuleImpl = {
  oid: '1.3.6.1.1.16.2',
  name: 'UUIDMatch',
  usage: 'equality',
  syntax: UUID,
  normalize: normalizeUuid,
};

export const uuidOrderingMatch: MatchingRuleImpl = {
  oid: '1.3.6.1.1.16.3',
  name: 'UUIDOrderingMatch',
  usage: 'ordering',
  syntax: UUID,
  normalize: normalizeUuid,
};
