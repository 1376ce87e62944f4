// LDIF, RFC 2849: a streaming reader and writer for content and change records.

export { LdifError } from './ldif-error.ts';
export { type LdifReadOptions, type LdifSource, parseLdif, readLdif } from './read.ts';
export type {
  LdifAddRecord,
  LdifAttribute,
  LdifChangeRecord,
  LdifContentRecord,
  LdifControl,
  LdifDeleteRecord,
  LdifModDnRecord,
  LdifModification,
  LdifModifyRecord,
  LdifRecord,
} from './record.ts';
export {
  formatLdifRecord,
  isSafeString,
  type LdifStreamOptions,
  type LdifWriteOptions,
  writeLdif,
} from './write.ts';
