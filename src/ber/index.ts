// The public face of the BER layer: a reader and a writer for the subset of
// X.690 Basic Encoding Rules that LDAP uses (RFC 4511 §5.1). Knows nothing of LDAP.
export { BerError } from './ber-error.ts';
export { BerReader, DEFAULT_MAX_DEPTH } from './reader.ts';
export { integerSize, lengthSize } from './sizes.ts';
export { CONSTRUCTED, isConstructed, makeTag, Tag, TagClass, tagClass, tagNumber } from './tag.ts';
export { BerWriter } from './writer.ts';
