import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { Filter } from './model.ts';
import { parseItem } from './parse-item.ts';
import { describe, FilterSyntaxError } from './syntax-error.ts';

// RFC 4515 §3:
//   filter     = LPAREN filtercomp RPAREN
//   filtercomp = and / or / not / item
//   and        = AMPERSAND filterlist
//   or         = VERTBAR filterlist
//   not        = EXCLAMATION filter
//   filterlist = 1*filter
//
// Leniencies, each one OpenLDAP's: white space between filters and around the
// whole filter; `(&)` and `(|)` (absolute true and false, RFC 4526); a filter
// without its outer parentheses (`uid=x`, as ldapsearch takes it).

export interface ParseFilterOptions {
  /** Deepest nesting accepted; `(a=b)` is depth 1, `(!(a=b))` depth 2. Default 100. */
  readonly maxDepth?: number;
  /** Longest filter string accepted, in UTF-16 code units. Default 65,536. */
  readonly maxLength?: number;
}

export const defaultFilterLimits = { maxDepth: 100, maxLength: 65_536 } as const;

interface SetFrame {
  readonly kind: 'and' | 'or' | 'not';
  readonly filters: Filter[];
}

/**
 * Parses an RFC 4515 filter string. Any problem throws
 * `LdapError(protocolError, "bad filter at position N: …")`, N counting UTF-16
 * code units from 0 in the text given. The parser keeps its own stack, so no
 * input can overflow the call stack; nesting beyond `maxDepth` is refused.
 */
export function parseFilter(text: string, options: ParseFilterOptions = {}): Filter {
  const maxDepth = options.maxDepth ?? defaultFilterLimits.maxDepth;
  const maxLength = options.maxLength ?? defaultFilterLimits.maxLength;
  if (text.length > maxLength) {
    throw new LdapError(ResultCode.protocolError, `bad filter: longer than ${maxLength} characters`);
  }
  let start = skipSpaces(text, 0);
  let end = text.length;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) throw new LdapError(ResultCode.protocolError, 'bad filter at position 0: empty filter');
  let src = text;
  let shift = 0; // added to positions in src to give positions in text
  if (text.charCodeAt(start) !== 0x28) {
    src = `(${text.slice(start, end)})`;
    shift = start - 1;
    start = 0;
    end = src.length;
  }
  try {
    return parseFrom(src, start, end, maxDepth);
  } catch (e) {
    if (e instanceof FilterSyntaxError) {
      const pos = Math.max(0, Math.min(text.length, e.pos + shift));
      throw new LdapError(ResultCode.protocolError, `bad filter at position ${pos}: ${e.message}`);
    }
    throw e;
  }
}

function parseFrom(src: string, start: number, end: number, maxDepth: number): Filter {
  const stack: SetFrame[] = [];
  let pos = start;
  for (;;) {
    // Here a filter must start.
    pos = skipSpaces(src, pos);
    if (pos >= end) throw new FilterSyntaxError(pos, stack.length > 0 ? "missing ')'" : 'expected a filter');
    if (src.charCodeAt(pos) !== 0x28)
      throw new FilterSyntaxError(pos, `expected '(' but found ${describe(src, pos)}`);
    if (stack.length >= maxDepth)
      throw new FilterSyntaxError(pos, `filter nested deeper than ${maxDepth} levels`);
    pos++;
    const kind = setKind(src.charCodeAt(pos));
    let done: Filter;
    if (kind !== undefined) {
      stack.push({ kind, filters: [] });
      pos = skipSpaces(src, pos + 1);
      if (src.charCodeAt(pos) !== 0x29) continue;
      if (kind === 'not') throw new FilterSyntaxError(pos, "'!' must be followed by a filter");
      stack.pop();
      pos++;
      done = { type: kind, filters: [] }; // RFC 4526 absolute true / false
    } else {
      const item = parseItem(src, pos, end);
      done = item.filter;
      pos = item.end + 1;
    }
    // Hand the finished filter to its enclosing set, closing every set that ends here.
    for (;;) {
      const top = stack.at(-1);
      if (top === undefined) {
        pos = skipSpaces(src, pos);
        if (pos < end) throw new FilterSyntaxError(pos, `unexpected ${describe(src, pos)} after the filter`);
        return done;
      }
      top.filters.push(done);
      pos = skipSpaces(src, pos);
      if (src.charCodeAt(pos) !== 0x29 || pos >= end) {
        if (top.kind === 'not') throw new FilterSyntaxError(pos, "'!' takes exactly one filter");
        break;
      }
      pos++;
      stack.pop();
      done =
        top.kind === 'not'
          ? { type: 'not', filter: top.filters[0]! }
          : { type: top.kind, filters: top.filters };
    }
  }
}

function setKind(ch: number): SetFrame['kind'] | undefined {
  if (ch === 0x26) return 'and';
  if (ch === 0x7c) return 'or';
  if (ch === 0x21) return 'not';
  return undefined;
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

function isSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}
