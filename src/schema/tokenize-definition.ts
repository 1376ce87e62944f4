/**
 * Tokens of an RFC 4512 §4.1 description: `(`, `)`, `$`, quoted strings
 * (`qdstring`, with the `\27` and `\5C` escapes of RFC 4512 §4.1) and bare
 * words (OIDs, descrs, keywords, `oid{len}`). Each token carries its line so
 * errors point into multi-line `.schema` definitions.
 */
import { SchemaError } from './schema-error.ts';

export type TokenType = 'open' | 'close' | 'dollar' | 'quoted' | 'word';

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly line: number;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDelimiter(c: number): boolean {
  return isSpace(c) || c === 0x28 || c === 0x29 || c === 0x24 || c === 0x27;
}

/** RFC 4512 §4.1: in a qdstring, `'` is written `\27` and `\` is `\5C` (case-insensitive hex). */
function unescapeQuoted(raw: string, file: string, line: number): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\([0-9a-fA-F]{2})?/g, (all, hex: string | undefined) => {
    if (hex === undefined) throw new SchemaError(`bad escape in quoted string '${raw}'`, file, line);
    const code = Number.parseInt(hex, 16);
    if (code !== 0x27 && code !== 0x5c) return all; // other \XX sequences are kept as written
    return String.fromCharCode(code);
  });
}

export function tokenizeDefinition(text: string, file: string, firstLine: number): Token[] {
  const tokens: Token[] = [];
  let line = firstLine;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      i++;
    } else if (isSpace(c)) {
      i++;
    } else if (c === 0x28) {
      tokens.push({ type: 'open', text: '(', line });
      i++;
    } else if (c === 0x29) {
      tokens.push({ type: 'close', text: ')', line });
      i++;
    } else if (c === 0x24) {
      tokens.push({ type: 'dollar', text: '$', line });
      i++;
    } else if (c === 0x27) {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new SchemaError('unterminated quoted string', file, line);
      const raw = text.slice(i + 1, end);
      tokens.push({ type: 'quoted', text: unescapeQuoted(raw, file, line), line });
      for (let j = i; j < end; j++) if (text.charCodeAt(j) === 0x0a) line++;
      i = end + 1;
    } else {
      let j = i;
      // `{len}` after a syntax OID belongs to the word (RFC 4512 §4.1.2 noidlen).
      while (j < text.length && !isDelimiter(text.charCodeAt(j))) j++;
      tokens.push({ type: 'word', text: text.slice(i, j), line });
      i = j;
    }
  }
  return tokens;
}
