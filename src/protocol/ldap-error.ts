import { ResultCode, resultCodeName } from './result-code.ts';

const brand = Symbol.for('linden.LdapError');

/**
 * Every failure an LDAP client can observe: a result code, a diagnostic message
 * and, where the RFC asks for it, the matchedDN (RFC 4511 §4.1.9).
 */
export class LdapError extends Error {
  readonly [brand] = true;
  readonly resultCode: ResultCode;
  readonly matchedDN: string;

  constructor(resultCode: ResultCode, diagnosticMessage = '', matchedDN = '') {
    super(diagnosticMessage || resultCodeName(resultCode));
    this.name = 'LdapError';
    this.resultCode = resultCode;
    this.matchedDN = matchedDN;
  }

  /** The text sent to the client in `diagnosticMessage`. */
  get diagnosticMessage(): string {
    return this.message === resultCodeName(this.resultCode) ? '' : this.message;
  }

  static is(value: unknown): value is LdapError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** Shorthand for `new LdapError(ResultCode.protocolError, message)`. */
export function protocolError(message: string): LdapError {
  return new LdapError(ResultCode.protocolError, message);
}
