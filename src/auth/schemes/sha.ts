import { createHash } from 'node:crypto';
import { digestsEqual } from '../constant-time.ts';
import type { PasswordScheme } from '../scheme.ts';

// Unsalted digests, base64(H(password)): `{SHA}` (RFC 2307 §5.3, slapd core)
// and the SHA-2 forms of OpenLDAP's sha2 module. Kept for imported values;
// without a salt equal passwords give equal values, so Linden never picks
// these by default.

type Algorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

function plainSha(name: string, algorithm: Algorithm): PasswordScheme {
  return {
    name,
    hash: (password) => createHash(algorithm).update(password).digest('base64'),
    verify(password, value) {
      const stored = Buffer.from(value, 'base64');
      return digestsEqual(createHash(algorithm).update(password).digest(), stored);
    },
  };
}

export const sha = plainSha('SHA', 'sha1');
export const sha256 = plainSha('SHA256', 'sha256');
export const sha384 = plainSha('SHA384', 'sha384');
export const sha512 = plainSha('SHA512', 'sha512');
