import { createHash, randomBytes } from 'node:crypto';
import { digestsEqual } from '../constant-time.ts';
import type { PasswordScheme } from '../scheme.ts';

// The salted SHA schemes as OpenLDAP stores them: base64(H(password ‖ salt) ‖ salt).
// `{SSHA}` is SHA-1 (slapd core); `{SSHA256}`, `{SSHA384}`, `{SSHA512}` are
// the SHA-2 variants of OpenLDAP's sha2 module, same layout. The salt is
// whatever follows the digest: slappasswd writes 4 bytes, Linden 8 by default,
// and any non-empty length verifies.

type Algorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const digestLength: Record<Algorithm, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

function saltedSha(name: string, algorithm: Algorithm): PasswordScheme {
  const size = digestLength[algorithm];
  return {
    name,
    hash(password, settings) {
      const salt = randomBytes(settings.saltLength);
      const digest = createHash(algorithm).update(password).update(salt).digest();
      return Buffer.concat([digest, salt]).toString('base64');
    },
    // On the bind path: one base64 decode, one hash, one digest buffer; the
    // salt and stored digest are views into the decoded value.
    verify(password, value) {
      const decoded = Buffer.from(value, 'base64');
      if (decoded.length <= size) return false;
      const digest = createHash(algorithm).update(password).update(decoded.subarray(size)).digest();
      return digestsEqual(digest, decoded.subarray(0, size));
    },
  };
}

export const ssha = saltedSha('SSHA', 'sha1');
export const ssha256 = saltedSha('SSHA256', 'sha256');
export const ssha384 = saltedSha('SSHA384', 'sha384');
export const ssha512 = saltedSha('SSHA512', 'sha512');
