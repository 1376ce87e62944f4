import { randomBytes } from 'node:crypto';
import { digestsEqual } from '../constant-time.ts';
import type { PasswordScheme } from '../scheme.ts';
import { parseShaCrypt, shaCrypt } from './sha-crypt.ts';

// `{CRYPT}` holds a crypt(3) string. OpenLDAP hands it to the system's crypt(3);
// Linden implements the formats that matter for imports itself: SHA-crypt
// `$5$` and `$6$` (what `openssl passwd -5/-6`, `mkpasswd` and current
// /etc/shadow write). Other crypt formats (DES, `$1$` MD5, `$2b$` bcrypt,
// `$y$` yescrypt) do not verify.

/** Rounds above this are refused on verify: SHA-crypt runs on the event loop (≈1 µs a round). */
const MAX_VERIFY_ROUNDS = 1_000_000;
const SALT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomSalt(): Buffer {
  const bytes = randomBytes(16);
  for (let i = 0; i < bytes.length; i++) bytes[i] = SALT_ALPHABET.charCodeAt(bytes[i]! & 0x3f);
  return bytes;
}

export const crypt: PasswordScheme = {
  name: 'CRYPT',
  hash(password, settings) {
    const rounds = settings.cryptRounds === 5000 ? undefined : settings.cryptRounds;
    return shaCrypt(password, { variant: '6', rounds, salt: randomSalt() });
  },
  verify(password, value) {
    const setting = parseShaCrypt(value);
    if (!setting?.hash || (setting.rounds ?? 0) > MAX_VERIFY_ROUNDS) return false;
    const computed = shaCrypt(password, setting);
    const expected = computed.slice(computed.lastIndexOf('$') + 1);
    return digestsEqual(Buffer.from(expected, 'latin1'), Buffer.from(setting.hash, 'latin1'));
  },
};
