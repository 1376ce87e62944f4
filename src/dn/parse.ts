import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { Ava, Dn, Rdn } from './model.ts';

// RFC 4514 §3:
//   distinguishedName = [ relativeDistinguishedName *( COMMA relativeDistinguishedName ) ]
//   relativeDistinguishedName = attributeTypeAndValue *( PLUS attributeTypeAndValue )
//   attributeTypeAndValue = attributeType EQUALS attributeValue
//   attributeType = descr / numericoid
//   attributeValue = string / hexstring
//
// Beyond the grammar, and as RFC 4514 §3 permits ("implementations MAY recognize
// other DN string representations"), Linden accepts what OpenLDAP accepts from
// real clients: spaces around `,` `+` `=` (unescaped leading and trailing spaces
// of a value are not part of it) and `;` as an RDN separator (RFC 2253 / RFC 1779).
// It rejects quoted values and everything else the grammar forbids.

const NUL = 0x00;
const SPACE = 0x20;
const QUOTE = 0x22;
const SHARP = 0x23;
const PLUS = 0x2b;
const COMMA = 0x2c;
const SEMI = 0x3b;
const LANGLE = 0x3c;
const EQUALS = 0x3d;
const RANGLE = 0x3e;
const BACKSLASH = 0x5c;

interface Cursor {
  readonly text: string;
  pos: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses an RFC 4514 DN string. Throws LdapError(invalidDNSyntax) naming the problem and its position. */
export function parseDn(text: string): Dn {
  const c: Cursor = { text, pos: 0 };
  const rdns: Rdn[] = [];
  skipSpaces(c);
  if (c.pos === text.length) return { rdns, text };
  for (;;) {
    rdns.push(readRdn(c));
    if (c.pos === text.length) return { rdns, text };
    c.pos++; // `,` or `;` — readRdn stops only there or at the end
  }
}

/** Parses exactly one RDN (the `newrdn` of a ModifyDN request, RFC 4511 §4.9). */
export function parseRdn(text: string): Rdn {
  const c: Cursor = { text, pos: 0 };
  const rdn = readRdn(c);
  if (c.pos !== text.length) fail(c, 'an RDN cannot contain an unescaped separator');
  return rdn;
}

function readRdn(c: Cursor): Rdn {
  const avas: Ava[] = [readAva(c)];
  while (c.text.charCodeAt(c.pos) === PLUS) {
    c.pos++;
    avas.push(readAva(c));
  }
  return avas;
}

function readAva(c: Cursor): Ava {
  skipSpaces(c);
  const type = readType(c);
  skipSpaces(c);
  if (c.text.charCodeAt(c.pos) !== EQUALS) {
    fail(c, c.pos === c.text.length ? `missing '=' after "${type}"` : `expected '=' after "${type}"`);
  }
  c.pos++;
  skipSpaces(c);
  const value = c.text.charCodeAt(c.pos) === SHARP ? readHexString(c) : readString(c);
  return { type, value };
}

// attributeType = descr / numericoid (RFC 4512 §1.4); numbers have no leading zeros.
const numericoid = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+$/;

function readType(c: Cursor): string {
  const { text } = c;
  const start = c.pos;
  const first = text.charCodeAt(start);
  if (isAlpha(first)) {
    let i = start + 1;
    while (i < text.length && isKeychar(text.charCodeAt(i))) i++;
    c.pos = i;
    return text.slice(start, i);
  }
  if (isDigit(first)) {
    let i = start + 1;
    while (i < text.length && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2e)) i++;
    const oid = text.slice(start, i);
    if (!numericoid.test(oid)) fail(c, `invalid numeric OID "${oid}" as attribute type`);
    c.pos = i;
    return oid;
  }
  if (start === text.length || first === COMMA || first === SEMI || first === PLUS) {
    fail(c, `missing attribute type before ${describe(text, start)}`);
  }
  return fail(c, `invalid character ${describe(text, start)} where an attribute type should start`);
}

// hexstring = SHARP 1*hexpair (RFC 4514 §3): the BER encoding of the value.
function readHexString(c: Cursor): Buffer {
  const { text } = c;
  const start = ++c.pos;
  let i = start;
  while (i < text.length && isHex(text.charCodeAt(i))) i++;
  if (i === start) fail(c, "'#' must be followed by hex digits (escape a leading '#' as '\\#')");
  if ((i - start) % 2 !== 0) {
    c.pos = i;
    fail(c, 'odd number of hex digits in a #hexstring value');
  }
  c.pos = i;
  skipSpaces(c);
  if (!atValueEnd(c)) fail(c, `unexpected ${describe(text, c.pos)} after a #hexstring value`);
  return Buffer.from(text.slice(start, i), 'hex');
}

// string = [ ( leadchar / pair ) [ *( stringchar / pair ) ( trailchar / pair ) ] ]
function readString(c: Cursor): string {
  const { text } = c;
  let value = '';
  let kept = 0; // value.length just after the last escape: trailing spaces before it are significant
  let run = c.pos;
  let i = c.pos;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === COMMA || ch === SEMI || ch === PLUS) break;
    if (ch === BACKSLASH) {
      value += text.slice(run, i);
      c.pos = i;
      value += readEscape(c);
      kept = value.length;
      i = run = c.pos;
      continue;
    }
    if (ch === QUOTE || ch === LANGLE || ch === RANGLE || ch === NUL) {
      c.pos = i;
      fail(c, `${describe(text, i)} must be escaped in an attribute value`);
    }
    i++;
  }
  value += text.slice(run, i);
  c.pos = i;
  // Unescaped trailing spaces are not part of the value (RFC 4514 §2.4 escapes significant ones).
  let end = value.length;
  while (end > kept && value.charCodeAt(end - 1) === SPACE) end--;
  return end === value.length ? value : value.slice(0, end);
}

// pair = ESC ( ESC / special / hexpair ); special = escaped / SPACE / SHARP / EQUALS.
// A run of hexpairs is one UTF-8 byte sequence (`\C3\A9` is "é") and must decode.
function readEscape(c: Cursor): string {
  const { text } = c;
  const next = text.charCodeAt(c.pos + 1);
  if (isHex(next)) {
    const start = c.pos;
    const bytes: number[] = [];
    while (text.charCodeAt(c.pos) === BACKSLASH && isHex(text.charCodeAt(c.pos + 1))) {
      if (!isHex(text.charCodeAt(c.pos + 2)))
        fail(c, "'\\' must be followed by two hex digits or a special character");
      bytes.push(Number.parseInt(text.slice(c.pos + 1, c.pos + 3), 16));
      c.pos += 3;
    }
    try {
      return utf8.decode(Uint8Array.from(bytes));
    } catch {
      c.pos = start;
      return fail(c, 'escaped bytes are not valid UTF-8 (binary values use the #hexstring form)');
    }
  }
  if (
    next === BACKSLASH ||
    next === QUOTE ||
    next === PLUS ||
    next === COMMA ||
    next === SEMI ||
    next === LANGLE ||
    next === RANGLE ||
    next === SPACE ||
    next === SHARP ||
    next === EQUALS
  ) {
    c.pos += 2;
    return text[c.pos - 1]!;
  }
  if (c.pos + 1 >= text.length) fail(c, "'\\' at the end of the DN");
  return fail(c, `invalid escape '\\${text[c.pos + 1]}'`);
}

function atValueEnd(c: Cursor): boolean {
  if (c.pos === c.text.length) return true;
  const ch = c.text.charCodeAt(c.pos);
  return ch === COMMA || ch === SEMI || ch === PLUS;
}

function skipSpaces(c: Cursor): void {
  while (c.text.charCodeAt(c.pos) === SPACE) c.pos++;
}

function isAlpha(ch: number): boolean {
  return (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x61 && ch <= 0x7a);
}
function isDigit(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}
function isKeychar(ch: number): boolean {
  return isAlpha(ch) || isDigit(ch) || ch === 0x2d;
}
function isHex(ch: number): boolean {
  return isDigit(ch) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
}

function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'end of DN';
  const cp = text.codePointAt(pos)!;
  return cp < 0x20 || cp === 0x7f
    ? `control character U+${cp.toString(16).padStart(4, '0')}`
    : `'${String.fromCodePoint(cp)}'`;
}

function fail(c: Cursor, problem: string): never {
  const shown = c.text.length > 80 ? `${c.text.slice(0, 80)}…` : c.text;
  throw new LdapError(ResultCode.invalidDNSyntax, `invalid DN "${shown}": ${problem} at position ${c.pos}`);
}
