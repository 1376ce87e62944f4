import { randomUUID } from 'node:crypto';

/**
 * Operational attributes the directory keeps (RFC 4512 §3.4, RFC 4530, RFC 5020).
 * Stored: createTimestamp, modifyTimestamp, creatorsName, modifiersName,
 * entryUUID, structuralObjectClass. Computed when read: entryDN,
 * hasSubordinates, subschemaSubentry.
 */
export const STORED_OPERATIONAL = [
  'createtimestamp',
  'modifytimestamp',
  'creatorsname',
  'modifiersname',
  'entryuuid',
  'structuralobjectclass',
] as const;
export const COMPUTED_OPERATIONAL = ['entrydn', 'hassubordinates', 'subschemasubentry'] as const;

/** GeneralizedTime in UTC with seconds, as OpenLDAP writes it: `20261125031500Z`. */
export function generalizedTime(date: Date = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
}

export function newEntryUUID(): string {
  return randomUUID();
}

export const SUBSCHEMA_DN = 'cn=Subschema';
export const SUBSCHEMA_NDN = 'cn=subschema';
