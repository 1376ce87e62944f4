import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';

const brand = Symbol.for('linden.SchemaError');

/**
 * A schema that does not parse or does not resolve: names the file and line
 * when the definition came from one. Raised while loading schema, before any
 * client is involved; `toLdapError` gives the form for a client that sent the
 * definition (a modify of `cn=schema`).
 */
export class SchemaError extends Error {
  readonly [brand] = true;
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** The message without the `file:line: ` prefix. */
  readonly reason: string;

  constructor(reason: string, file?: string, line?: number) {
    super(file === undefined ? reason : `${file}:${line ?? 0}: ${reason}`);
    this.name = 'SchemaError';
    this.reason = reason;
    this.file = file;
    this.line = line;
  }

  /** RFC 4512 §4: an ill-formed description is invalidAttributeSyntax; a dangling reference is `other` in slapd. */
  toLdapError(): LdapError {
    return new LdapError(ResultCode.invalidAttributeSyntax, this.message);
  }

  static is(value: unknown): value is SchemaError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
