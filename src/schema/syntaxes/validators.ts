/**
 * Value checks for the RFC 4517 §3.3 syntaxes Linden validates. Each takes the
 * raw value and never throws.
 */
import { isUtf8 } from 'node:buffer';
import { BIT_STRING_TEXT } from '../matching-rules/bit-string.ts';
import { normalizeUuid } from '../matching-rules/uuid.ts';
import { isDn } from './dn-syntax.ts';
import { parseGeneralizedTime } from './generalized-time.ts';

export type Validator = (value: Buffer) => boolean;

export const acceptAny: Validator = () => true;

/** §3.3.6 Directory String: one or more UTF-8 characters. */
export const directoryString: Validator = (v) => v.length > 0 && isUtf8(v);

/** §3.3.15 IA5 String: 7-bit characters (may be empty per the ABNF `*IA5Char`). */
export const ia5String: Validator = (v) => {
  for (let i = 0; i < v.length; i++) if (v[i]! >= 0x80) return false;
  return true;
};

/** §3.3.29 PrintableCharacter. */
function isPrintable(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x27 && c <= 0x3a && c !== 0x2a) || // ' ( ) + , - . / 0-9 :
    c === 0x20 ||
    c === 0x3d || // =
    c === 0x3f // ?
  );
}

/** §3.3.29 Printable String: one or more PrintableCharacters. */
export const printableString: Validator = (v) => {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!isPrintable(v[i]!)) return false;
  return true;
};

/** §3.3.31 Telephone Number: a Printable String (E.123 form is a SHOULD, not checked). */
export const telephoneNumber: Validator = printableString;

/** §3.3.4 Country String: two PrintableCharacters (ISO 3166 codes; case is not checked, as slapd). */
export const countryString: Validator = (v) => v.length === 2 && printableString(v);

/** §3.3.23 Numeric String: one or more digits and spaces. */
export const numericString: Validator = (v) => {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c !== 0x20 && (c < 0x30 || c > 0x39)) return false;
  }
  return true;
};

/** §3.3.16 INTEGER: no leading zeros, no `-0`. */
export const integer: Validator = (v) => {
  const s = v.toString('latin1');
  return /^-?(?:0|[1-9][0-9]*)$/.test(s) && s !== '-0';
};

/** §3.3.3 Boolean. */
export const boolean: Validator = (v) => {
  const s = v.toString('latin1');
  return s === 'TRUE' || s === 'FALSE';
};

/** §3.3.2 Bit String. */
export const bitString: Validator = (v) => BIT_STRING_TEXT.test(v.toString('latin1'));

/** §3.3.13 Generalized Time. */
export const generalizedTime: Validator = (v) => parseGeneralizedTime(v.toString('latin1')) !== undefined;

/** §3.3.26 OID: numericoid / descr. */
export const oid: Validator = (v) =>
  /^(?:[A-Za-z][A-Za-z0-9-]*|[0-2](?:\.(?:0|[1-9][0-9]*))+)$/.test(v.toString('latin1'));

/** §3.3.9 DN. */
export function dnValidator(check: (dn: string) => boolean = isDn): Validator {
  return (v) => isUtf8(v) && check(v.toString('utf8'));
}

/** §3.3.21 Name and Optional UID: a DN, optionally `#'0101'B`. */
export function nameAndOptionalUidValidator(check: (dn: string) => boolean = isDn): Validator {
  return (v) => {
    if (!isUtf8(v)) return false;
    const s = v.toString('utf8');
    const m = /#'[01]*'B$/.exec(s);
    return check(m ? s.slice(0, m.index) : s);
  };
}

/** §3.3.28 Postal Address: `line *( DOLLAR line )`, each line one or more UTF-8 characters. */
export const postalAddress: Validator = (v) => {
  if (!isUtf8(v)) return false;
  return v
    .toString('utf8')
    .split('$')
    .every((line) => line.length > 0);
};

/** RFC 4530 §2.1 UUID. */
export const uuid: Validator = (v) => normalizeUuid(v) !== undefined;

/** RFC 4517 §3.3.x descriptions (Attribute Type Description, …): UTF-8 in parentheses; parsed elsewhere. */
export const description: Validator = (v) => {
  if (!isUtf8(v)) return false;
  const s = v.toString('utf8').trim();
  return s.startsWith('(') && s.endsWith(')');
};
