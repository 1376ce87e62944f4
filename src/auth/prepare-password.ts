import { isUtf8 } from 'node:buffer';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import { SaslprepError, type SaslprepOptions, saslprep } from './saslprep.ts';

// Every password goes through SASLprep (RFC 4013) before it is hashed and
// before it is compared, so the same password typed on two machines with
// different input methods or Unicode forms (NFC "é" or NFD "e" + U+0301, a
// no-break space for a space) gives the same bytes. The prepared string is
// hashed as UTF-8.

/** A byte string of printable ASCII is its own SASLprep output: skip the decode. */
function isPrintableAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

function asBytes(password: Buffer | string): Buffer {
  return typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
}

/**
 * The bytes to hash when a password is set (add, modify, Password Modify,
 * LDIF import). A password SASLprep refuses, one that is not UTF-8, or an
 * empty one (RFC 4513 §5.1.2: an empty password is an unauthenticated bind,
 * so it could never be used) is refused with `constraintViolation`.
 */
export function preparePasswordForStorage(password: Buffer | string, options: SaslprepOptions = {}): Buffer {
  const bytes = asBytes(password);
  if (bytes.length === 0) throw new LdapError(ResultCode.constraintViolation, 'password: must not be empty');
  if (isPrintableAscii(bytes)) return bytes;
  if (!isUtf8(bytes)) throw new LdapError(ResultCode.constraintViolation, 'password: not valid UTF-8');
  let prepared: string;
  try {
    prepared = saslprep(bytes.toString('utf8'), options);
  } catch (error) {
    if (error instanceof SaslprepError) {
      throw new LdapError(ResultCode.constraintViolation, `password: ${error.message} (RFC 4013 SASLprep)`);
    }
    throw error;
  }
  if (prepared.length === 0) {
    throw new LdapError(ResultCode.constraintViolation, 'password: empty after SASLprep (RFC 4013)');
  }
  return Buffer.from(prepared, 'utf8');
}

/**
 * The bytes to compare when a password is presented (bind, compare, the old
 * password of Password Modify), or `undefined` when it can never match: empty,
 * or refused by SASLprep — the bind then fails with `invalidCredentials`
 * rather than telling the client why. Bytes that are not UTF-8 are not text
 * SASLprep can read; they are compared as received, so values imported from
 * systems that hashed Latin-1 passwords still verify.
 */
export function preparePasswordForVerify(
  password: Buffer | string,
  options: SaslprepOptions = {},
): Buffer | undefined {
  const bytes = asBytes(password);
  if (bytes.length === 0) return undefined;
  if (isPrintableAscii(bytes) || !isUtf8(bytes)) return bytes;
  try {
    const prepared = saslprep(bytes.toString('utf8'), options);
    return prepared.length === 0 ? undefined : Buffer.from(prepared, 'utf8');
  } catch (error) {
    if (error instanceof SaslprepError) return undefined;
    throw error;
  }
}
