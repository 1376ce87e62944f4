import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { PasswordScheme } from '../scheme.ts';

// `{ARGON2}` as OpenLDAP's argon2 module writes it: the prefix followed by the
// PHC string of RFC 9106 Argon2id, `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`.
// Hashing and verifying run on the native thread pool of @node-rs/argon2,
// off the event loop.

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export const argon2: PasswordScheme = {
  name: 'ARGON2',
  hash: (password, settings) =>
    argon2Hash(password, {
      algorithm: ARGON2ID,
      memoryCost: settings.argon2.memoryCost,
      timeCost: settings.argon2.timeCost,
      parallelism: settings.argon2.parallelism,
    }),
  async verify(password, value) {
    if (!value.startsWith('$argon2')) return false;
    try {
      return await argon2Verify(value, password);
    } catch {
      return false; // a malformed PHC string
    }
  },
};
