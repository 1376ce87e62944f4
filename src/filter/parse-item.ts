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
  const parts: Buffer[] = [];
  let chunks: Buffer[] = [];
  let escaped: number[] = [];
  let run = pos;
  let i = pos;
  const flushRun = (to: number): void => {
    if (escaped.length > 0) {
      chunks.push(Buffer.from(escaped));
      escaped = [];
    }
    if (to > run) chunks.push(Buffer.from(src.slice(run, to), 'utf8'));
  };
  const endPart = (): void => {
    parts.push(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    chunks = [];
  };
  for (;;) {
    if (i >= end) throw new FilterSyntaxError(i, "missing ')' after the value");
    const ch = src.charCodeAt(i);
    if (ch === 0x29) break;
    if (ch === 0x5c) {
      if (!isHex(src.charCodeAt(i + 1)) || !isHex(src.charCodeAt(i + 2)) || i + 2 >= end) {
        throw new FilterSyntaxError(i, "'\\' must be followed by two hex digits (RFC 4515 escape)");
      }
      if (i > run) {
        flushRun(i);
      }
      escaped.push(Number.parseInt(src.slice(i + 1, i + 3), 16));
      i += 3;
      run = i;
      continue;
    }
    if (ch === 0x2a) {
      if (!allowStar) throw new FilterSyntaxError(i, "unescaped '*' in this value (write '\\2a')");
      flushRun(i);
      endPart();
      run = ++i;
      continue;
    }
    if (ch === 0x28 || ch === 0x00) {
      throw new FilterSyntaxError(
        i,
        `unescaped ${describe(src, i)} in a value (write '\\${ch === 0 ? '00' : '28'}')`,
      );
    }
    i++;
  }
  flushRun(i);
  endPart();
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
