import { digestsEqual } from '../constant-time.ts';
import type { PasswordScheme } from '../scheme.ts';

// `{CLEARTEXT}` (and a value with no scheme at all) is the password itself.
// The password layer refuses both unless cleartext is allowed in its options.
export const cleartext: PasswordScheme = {
  name: 'CLEARTEXT',
  hash: (password) => password.toString('utf8'),
  verify: (password, value) => digestsEqual(password, Buffer.from(value, 'utf8')),
};
