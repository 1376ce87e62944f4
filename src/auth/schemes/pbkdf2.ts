import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { digestsEqual } from '../constant-time.ts';
import type { PasswordScheme } from '../scheme.ts';

// PBKDF2 (RFC 8018 §5.2) in the layout of OpenLDAP's pbkdf2 module:
//   {PBKDF2-SHA512}<iterations>$<salt>$<derived key>
// with salt and key in "adapted base64": the standard alphabet with '.' in
// place of '+' and no '=' padding. `{PBKDF2}` is the module's name for the
// SHA-1 form. The key length is the digest length, the salt 16 bytes.

const derive = promisify(pbkdf2);

type Digest = 'sha1' | 'sha256' | 'sha512';

const keyLength: Record<Digest, number> = { sha1: 20, sha256: 32, sha512: 64 };

const SALT_LENGTH = 16;
/** Refuse stored values that would pin the thread pool for minutes. */
const MAX_ITERATIONS = 10_000_000;

export function toAdaptedBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '').replaceAll('+', '.');
}

export function fromAdaptedBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9./]*$/.test(text)) return undefined;
  return Buffer.from(text.replaceAll('.', '+'), 'base64');
}

function pbkdf2Scheme(name: string, digest: Digest): PasswordScheme {
  const size = keyLength[digest];
  return {
    name,
    async hash(password, settings) {
      const salt = randomBytes(SALT_LENGTH);
      const key = await derive(password, salt, settings.pbkdf2Iterations, size, digest);
      return `${settings.pbkdf2Iterations}$${toAdaptedBase64(salt)}$${toAdaptedBase64(key)}`;
    },
    async verify(password, value) {
      const match = /^([1-9][0-9]{0,8})\$([^$]+)\$([^$]+)$/.exec(value);
      if (!match) return false;
      const iterations = Number(match[1]);
      const salt = fromAdaptedBase64(match[2]!);
      const stored = fromAdaptedBase64(match[3]!);
      if (!salt || !stored || iterations > MAX_ITERATIONS || stored.length === 0) return false;
      // Derive as many bytes as were stored, so keys written with another length still verify.
      const key = await derive(password, salt, iterations, stored.length, digest);
      return digestsEqual(key, stored);
    },
  };
}

export const pbkdf2Sha1 = pbkdf2Scheme('PBKDF2-SHA1', 'sha1');
export const pbkdf2Plain = { ...pbkdf2Sha1, name: 'PBKDF2' } satisfies PasswordScheme;
export const pbkdf2Sha256 = pbkdf2Scheme('PBKDF2-SHA256', 'sha256');
export const pbkdf2Sha512 = pbkdf2Scheme('PBKDF2-SHA512', 'sha512');
