import type { Filter } from './model.ts';
import { describe, FilterSyntaxError } from './syntax-error.ts';

// RFC 4515 §3:
//   item         = simple / present / substring / extensible
//   simple       = attr filtertype assertionvalue
//   filtertype   = equal / approx / greaterorequal / lessorequal
//   present      = attr EQUALS ASTERISK
//   substring    = attr EQUALS [initial] any [final]
//   any          = ASTERISK *(assertionvalue ASTERISK)
//   extensible   = ( attr [dnattrs] [matchingrule] COLON EQUALS assertionvalue )
//                  / ( [dnattrs] matchingrule COLON EQUALS assertionvalue )
//   dnattrs      = COLON "dn"
//   matchingrule = COLON oid
//   valueencoding = 0*(normal / escaped); escaped = ESC HEX HEX
//   normal       = UTF1SUBSET / UTFMB  (UTF1SUBSET excludes NUL ( ) * \)

// attributedescription = attributetype options (RFC 4512 §2.5); numeric OIDs without leading zeros.
const attributeDescription =
  /^(?:[A-Za-z][A-Za-z0-9-]*|(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+)(?:;[A-Za-z0-9-]+)*$/;
const oid = /^(?:[A-Za-z][A-Za-z0-9-]*|(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+)$/;

export interface ParsedItem {
  readonly filter: Filter;
  /** Position of the `)` that closes the item. */
  readonly end: number;
}

/** Parses the item starting at `pos` (just after its `(`) up to its `)`. */
export function parseItem(src: string, pos: number, end: number): ParsedItem {
  const start = pos;
  let i = pos;
  while (i < end) {
    const ch = src.charCodeAt(i);
    if (ch === 0x3a && src.charCodeAt(i + 1) === 0x3d) break; // `:=`
    if (!isDescriptionChar(ch)) break;
    i++;
  }
  const left = src.slice(start, i);
  const op = src.charCodeAt(i);
  if (op === 0x3a) {
    const value = readValue(src, i + 2, end, false);
    return { filter: extensible(left, start, value.parts[0]!), end: value.end };
  }
  let kind: 'equality' | 'approxMatch' | 'greaterOrEqual' | 'lessOrEqual';
  let valueStart = i + 2;
  if (op === 0x3d) {
    kind = 'equality';
    valueStart = i + 1;
  } else if (op === 0x7e && src.charCodeAt(i + 1) === 0x3d) kind = 'approxMatch';
  else if (op === 0x3e && src.charCodeAt(i + 1) === 0x3d) kind = 'greaterOrEqual';
  else if (op === 0x3c && src.charCodeAt(i + 1) === 0x3d) kind = 'lessOrEqual';
  else if (i === start)
    throw new FilterSyntaxError(i, `expected an attribute description but found ${describe(src, i)}`);
  else if (i >= end) throw new FilterSyntaxError(i, "unexpected end of filter, expected '=' and a value");
  else {
    throw new FilterSyntaxError(
      i,
      `expected '=', '~=', '>=', '<=' or ':=' after "${left}" but found ${describe(src, i)}`,
    );
  }
  checkAttribute(left, start);
  const value = readValue(src, valueStart, end, kind === 'equality');
  const parts = value.parts;
  if (parts.length === 1)
    return { filter: { type: kind, attribute: left, value: parts[0]! }, end: value.end };
  // Unescaped `*` seen: `attr=*` is present, anything else is substrings.
  if (parts.length === 2 && parts[0]!.length === 0 && parts[1]!.length === 0) {
    return { filter: { type: 'present', attribute: left }, end: value.end };
  }
  const any = parts.slice(1, -1);
  if (any.some((part) => part.length === 0)) {
    throw new FilterSyntaxError(
      valueStart,
      "empty substring between two '*' (write '\\2a' for a literal '*')",
    );
  }
  const initial = parts[0]!;
  const final = parts.at(-1)!;
  const filter: Filter = {
    type: 'substrings',
    attribute: left,
    ...(initial.length > 0 ? { initial } : {}),
    any,
    ...(final.length > 0 ? { final } : {}),
  };
  return { filter, end: value.end };
}

function extensible(left: string, start: number, value: Buffer): Filter {
  const fields = left.split(':');
  const attribute = fields[0]!;
  let i = 1;
  let dnAttributes = false;
  if (fields[i]?.toLowerCase() === 'dn') {
    dnAttributes = true;
    i++;
  }
  const matchingRule = fields[i];
  if (fields.length > i + 1) {
    throw new FilterSyntaxError(
      start,
      `extensible match "${left}" has too many ':' parts (attr:dn:rule:=value)`,
    );
  }
  if (attribute === '' && matchingRule === undefined) {
    throw new FilterSyntaxError(
      start,
      'extensible match needs an attribute description, a matching rule or both',
    );
  }
  if (attribute !== '') checkAttribute(attribute, start);
  if (matchingRule !== undefined && !oid.test(matchingRule)) {
    throw new FilterSyntaxError(
      start + left.indexOf(matchingRule, attribute.length),
      `invalid matching rule "${matchingRule}"`,
    );
  }
  return {
    type: 'extensibleMatch',
    ...(attribute !== '' ? { attribute } : {}),
    ...(matchingRule !== undefined ? { matchingRule } : {}),
    value,
    dnAttributes,
  };
}

function checkAttribute(attribute: string, start: number): void {
  if (attribute === '') throw new FilterSyntaxError(start, 'missing attribute description');
  if (!attributeDescription.test(attribute)) {
    throw new FilterSyntaxError(start, `invalid attribute description "${attribute}"`);
  }
}

interface ParsedValue {
  /** The value's octets, split at each unescaped `*` when stars were allowed. */
  readonly parts: Buffer[];
  readonly end: number;
}

/** Reads an assertion value up to the closing `)`, decoding `\XX` escapes to raw octets. */
function readValue(src: string, pos: number, end: number, allowStar: boolean): ParsedValue {
  // Most values have no escapes and no `*`: one scan, one Buffer.
  let j = pos;
  while (j < end) {
    const ch = src.charCodeAt(j);
    if (ch === 0x29 || ch === 0x5c || ch === 0x2a || ch === 0x28 || ch === 0x00) break;
    j++;
  }
  if (j < end && src.charCodeAt(j) === 0x29)
    return { parts: [Buffer.from(src.slice(pos, j), 'utf8')], end: j };
  return readEscapedValue(src, pos, end, allowStar);
}

function readEscapedValue(src: string, pos: number, end: number, allowStar: boolean): ParsedValue {
  // `\XX` never spells `)`, so the first `)` ends the value. Octets are gathered in one
  // scratch buffer (a UTF-16 unit is at most 3 UTF-8 octets) and each part copied out.
  const close = src.indexOf(')', pos);
  const stop = close < 0 || close >= end ? end : close;
  const scratch = Buffer.allocUnsafe(3 * (stop - pos));
  const parts: Buffer[] = [];
  let length = 0;
  let partStart = 0;
  let run = pos;
  let i = pos;
  while (i < stop) {
    const ch = src.charCodeAt(i);
    if (ch === 0x5c) {
      if (i + 2 >= stop || !isHex(src.charCodeAt(i + 1)) || !isHex(src.charCodeAt(i + 2))) {
        throw new FilterSyntaxError(i, "'\\' must be followed by two hex digits (RFC 4515 escape)");
      }
      if (i > run) length += scratch.write(src.slice(run, i), length, 'utf8');
      scratch[length++] = Number.parseInt(src.slice(i + 1, i + 3), 16);
      i += 3;
      run = i;
    } else if (ch === 0x2a) {
      if (!allowStar) throw new FilterSyntaxError(i, "unescaped '*' in this value (write '\\2a')");
      if (i > run) length += scratch.write(src.slice(run, i), length, 'utf8');
      parts.push(Buffer.from(scratch.subarray(partStart, length)));
      partStart = length;
      run = ++i;
    } else if (ch === 0x28 || ch === 0x00) {
      throw new FilterSyntaxError(
        i,
        `unescaped ${describe(src, i)} in a value (write '\\${ch === 0 ? '00' : '28'}')`,
      );
    } else {
      i++;
    }
  }
  if (i >= end) throw new FilterSyntaxError(i, "missing ')' after the value");
  if (i > run) length += scratch.write(src.slice(run, i), length, 'utf8');
  parts.push(Buffer.from(scratch.subarray(partStart, length)));
  return { parts, end: i };
}

function isDescriptionChar(ch: number): boolean {
  return (
    (ch >= 0x41 && ch <= 0x5a) ||
    (ch >= 0x61 && ch <= 0x7a) ||
    (ch >= 0x30 && ch <= 0x39) ||
    ch === 0x2d ||
    ch === 0x2e ||
    ch === 0x3b ||
    ch === 0x3a
  );
}

function isHex(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
}
