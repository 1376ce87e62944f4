/**
 * Distinguished names (RFC 4514): parse, format, escape, normalize, and the
 * tree relations between normalized DNs.
 */
export { escapeDnValue } from './escape.ts';
export { formatAva, formatDn, formatRdn, makeDn } from './format.ts';
export type { Ava, Dn, Rdn } from './model.ts';
export type { DnNormalizer, DnValueNormalizer } from './normalize.ts';
export { defaultDnNormalizer, dnEquals, foldDnValue, normalizeDn, normalizeRdn } from './normalize.ts';
export { parseDn, parseRdn } from './parse.ts';
export type { DnScope } from './relations.ts';
export { childDn, dnDepth, inScope, isChild, isDescendant, parentDn, rdnOf } from './relations.ts';
