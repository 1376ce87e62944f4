import type { PasswordScheme } from './scheme.ts';
import { argon2 } from './schemes/argon2.ts';
import { cleartext } from './schemes/cleartext.ts';
import { crypt } from './schemes/crypt.ts';
import { pbkdf2Plain, pbkdf2Sha1, pbkdf2Sha256, pbkdf2Sha512 } from './schemes/pbkdf2.ts';
import { sha, sha256, sha384, sha512 } from './schemes/sha.ts';
import { ssha, ssha256, ssha384, ssha512 } from './schemes/ssha.ts';

const schemes = new Map<string, PasswordScheme>(
  [
    argon2,
    ssha,
    ssha256,
    ssha384,
    ssha512,
    sha,
    sha256,
    sha384,
    sha512,
    pbkdf2Plain,
    pbkdf2Sha1,
    pbkdf2Sha256,
    pbkdf2Sha512,
    crypt,
    cleartext,
  ].map((s) => [s.name, s]),
);

/** Every scheme name Linden knows, upper case. */
export const passwordSchemeNames: readonly string[] = [...schemes.keys()];

/** The scheme called `name` (any case, braces optional), if Linden knows it. */
export function findPasswordScheme(name: string): PasswordScheme | undefined {
  const bare = name.startsWith('{') && name.endsWith('}') ? name.slice(1, -1) : name;
  return schemes.get(bare.toUpperCase());
}

/** `{SCHEME}rest` split into the scheme's name (upper case) and the rest; undefined without a prefix. */
export function splitSchemePrefix(stored: string): { name: string; value: string } | undefined {
  // RFC 2307 §5.3 / RFC 3112: a scheme name is a short token in braces,
  // case-insensitive. Scanned by hand: this runs on every bind.
  if (stored.charCodeAt(0) !== 0x7b /* { */) return undefined;
  const end = stored.indexOf('}', 1);
  if (end < 2 || end > 33) return undefined;
  const name = stored.slice(1, end);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return undefined;
  return { name: name.toUpperCase(), value: stored.slice(end + 1) };
}
