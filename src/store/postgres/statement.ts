/**
 * A statement the engine runs, named so that each connection prepares it once
 * and afterwards only binds and executes it.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/** The methods of a connection the mapping modules use: run one statement, get its rows. */
export interface Db {
  rows<R>(statement: Statement, values: readonly unknown[]): Promise<R[]>;
  /** Rows affected by an INSERT, UPDATE or DELETE. */
  count(statement: Statement, values: readonly unknown[]): Promise<number>;
}

/** A write transaction's connection: statements, and COPY. */
export interface WriteDb extends Db {
  /** `COPY table (columns) FROM STDIN` of `data`, rows in COPY's text format; rows copied. */
  copyIn(copy: string, data: Buffer): Promise<number>;
}

export function statement(name: string, text: string): Statement {
  return { name: `linden_${name}`, text: text.replace(/\s+/g, ' ').trim() };
}

/** The UTF-8 bytes of a key or DN, as bytea parameters take them. */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/**
 * A text[] literal, `{"a","b"}`, each element quoted (with `"` and `\` escaped).
 * Array parameters are passed as literals made when the statement is asked for:
 * node-postgres would make them when it sends the statement, which for one
 * queued behind another is in the handler of that one's answer, while the server waits.
 */
export function textArray(values: readonly string[]): string {
  return arrayLiteral(values, (value) => value.replace(/["\\]/g, '\\$&'));
}

/** A bytea[] literal in hex, `{"\\x6162"}`: the element `\x6162`, its backslash escaped inside the quotes. */
export function byteaArray(values: readonly Buffer[]): string {
  return arrayLiteral(values, (value) => `\\\\x${value.toString('hex')}`);
}

/**
 * A bytea[] literal of the UTF-8 bytes of `values`. Printable ASCII (nearly
 * every index key) goes as it is, in bytea's escape format; control
 * characters as octal escapes; a value with other characters in hex.
 */
export function byteaTextArray(values: readonly string[]): string {
  return arrayLiteral(values, byteaElement);
}

/** `{"…","…"}`: each element as `quoted` writes it between the double quotes. */
function arrayLiteral<T>(values: readonly T[], quoted: (value: T) => string): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += `"${quoted(values[i]!)}"`;
  }
  return `${out}}`;
}

function byteaElement(text: string): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e) return `\\\\x${Buffer.from(text, 'utf8').toString('hex')}`;
    if (c < 0x20 || c === 0x5c || c === 0x22) plain = false;
  }
  if (plain) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // In the array literal a backslash is written twice: `\\\\` is one escaped backslash of bytea.
    if (c === 0x5c) out += '\\\\\\\\';
    else if (c === 0x22) out += '\\"';
    else if (c < 0x20) out += `\\\\${c.toString(8).padStart(3, '0')}`;
    else out += text[i];
  }
  return out;
}

/** A text field of COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyText(text: string): string {
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : text;
}

/**
 * A bytea field of COPY's text format holding the UTF-8 bytes of `text`:
 * printable ASCII without a backslash (nearly every index key) as it is,
 * anything else in hex (`\\x…`, which COPY reads as bytea's `\x…`).
 */
export function copyByteaText(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x5c) return `\\\\x${Buffer.from(text, 'utf8').toString('hex')}`;
  }
  return text;
}
