import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import { preparePasswordForStorage, preparePasswordForVerify } from './prepare-password.ts';
import type { HashSettings } from './scheme.ts';
import { findPasswordScheme, splitSchemePrefix } from './scheme-registry.ts';

export interface PasswordOptions {
  /**
   * Allow `{CLEARTEXT}` values and values with no `{SCHEME}` prefix, both to
   * be written and to verify against. Off by default: a stored password is
   * always a hash unless an operator asks otherwise.
   */
  allowCleartext?: boolean;
  /** SASLprep's unassigned code point rule; see `SaslprepOptions.allowUnassigned`. */
  allowUnassigned?: boolean;
  /** Overrides for the cost settings of new hashes. */
  settings?: Partial<HashSettings>;
}

/**
 * Defaults for new values. Argon2id at m=19 MiB, t=2, p=1 and PBKDF2-SHA512
 * at 210,000 iterations follow the OWASP password storage guidance; 5000 is
 * SHA-crypt's own default; an 8-byte salt for the SHA schemes is twice what
 * slappasswd writes.
 */
export const defaultHashSettings: HashSettings = {
  argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  pbkdf2Iterations: 210_000,
  cryptRounds: 5000,
  saltLength: 8,
};

const CLEARTEXT = 'CLEARTEXT';

function saslprepOptions(options: PasswordOptions) {
  return options.allowUnassigned === undefined ? {} : { allowUnassigned: options.allowUnassigned };
}

/**
 * Hashes `password` under `scheme` (`'SSHA'` or `'{SSHA}'`, any case) and
 * returns the stored value, `{SSHA}…`. The password goes through SASLprep
 * first; one it refuses is a `constraintViolation`. An unknown scheme, or
 * CLEARTEXT without `allowCleartext`, is `unwillingToPerform`.
 */
export async function hashPassword(
  password: Buffer | string,
  scheme: string,
  options: PasswordOptions = {},
): Promise<string> {
  const found = findPasswordScheme(scheme);
  if (!found?.hash) {
    throw new LdapError(ResultCode.unwillingToPerform, `password: unknown password scheme ${scheme}`);
  }
  if (found.name === CLEARTEXT && !options.allowCleartext) {
    throw new LdapError(ResultCode.unwillingToPerform, 'password: cleartext passwords are not allowed');
  }
  const prepared = preparePasswordForStorage(password, saslprepOptions(options));
  const settings = { ...defaultHashSettings, ...options.settings };
  return `{${found.name}}${await found.hash(prepared, settings)}`;
}

/**
 * Whether `password` matches `stored`, a userPassword value. Never throws for
 * bad input: an unknown scheme, a malformed value, or a password SASLprep
 * refuses is `false` (the bind answers `invalidCredentials`). Digests are
 * compared in constant time.
 *
 * When SASLprep changed the password, the bytes as received are tried too, so
 * hashes imported from systems that do not prepare passwords keep working.
 */
export async function verifyPassword(
  password: Buffer | string,
  stored: Buffer | string,
  options: PasswordOptions = {},
): Promise<boolean> {
  const storedText = typeof stored === 'string' ? stored : stored.toString('utf8');
  const prepared = preparePasswordForVerify(password, saslprepOptions(options));
  if (!prepared) return false;
  const split = splitSchemePrefix(storedText);
  const scheme = split ? findPasswordScheme(split.name) : undefined;
  if (split && !scheme) return false;
  const value = split ? split.value : storedText;
  // No prefix at all is a cleartext value (RFC 2307 userPassword written by hand).
  const verify = scheme ? scheme.verify : findPasswordScheme(CLEARTEXT)!.verify;
  if ((!scheme || scheme.name === CLEARTEXT) && !options.allowCleartext) return false;

  if (await verify(prepared, value)) return true;
  const raw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  return raw !== prepared && !raw.equals(prepared) && (await verify(raw, value));
}

/**
 * Whether `value` already holds a hash: a `{SCHEME}` prefix Linden knows, other
 * than CLEARTEXT. Such values are stored as they are (LDIF imports, migrations);
 * anything else is a password to hash.
 */
export function isHashedPassword(value: Buffer | string): boolean {
  const text = typeof value === 'string' ? value : value.subarray(0, 40).toString('latin1');
  const split = splitSchemePrefix(text);
  return split !== undefined && split.name !== CLEARTEXT && findPasswordScheme(split.name) !== undefined;
}

/**
 * What to store for a userPassword value written by a client: a value that is
 * already hashed is kept; `{CLEARTEXT}secret` and a bare `secret` are hashed
 * under `scheme` (or kept as `{CLEARTEXT}` when that is the scheme and it is allowed).
 */
export async function passwordToStore(
  value: Buffer | string,
  scheme: string,
  options: PasswordOptions = {},
): Promise<string> {
  if (isHashedPassword(value)) return typeof value === 'string' ? value : value.toString('utf8');
  let password: Buffer | string = value;
  const text = typeof value === 'string' ? value : value.subarray(0, 11).toString('latin1');
  if (splitSchemePrefix(text)?.name === CLEARTEXT) password = asBuffer(value).subarray(11);
  return hashPassword(password, scheme, options);
}

function asBuffer(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
