// Password handling: SASLprep (RFC 4013) and the userPassword schemes.
// Bind and lockout build on these.

export {
  defaultHashSettings,
  hashPassword,
  isHashedPassword,
  type PasswordOptions,
  passwordToStore,
  verifyPassword,
} from './password.ts';
export { preparePasswordForStorage, preparePasswordForVerify } from './prepare-password.ts';
export { SaslprepError, type SaslprepFailure, type SaslprepOptions, saslprep } from './saslprep.ts';
export type { HashSettings, PasswordScheme } from './scheme.ts';
export { findPasswordScheme, passwordSchemeNames, splitSchemePrefix } from './scheme-registry.ts';
