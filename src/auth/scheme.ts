/** Settings a scheme may read when it makes a new stored value. */
export interface HashSettings {
  /** `{ARGON2}`: memory in KiB, passes, lanes. */
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number; readonly parallelism: number };
  /** `{PBKDF2-*}`: HMAC iterations. */
  readonly pbkdf2Iterations: number;
  /** `{CRYPT}` SHA-crypt: rounds (5000 is the SHA-crypt default and is then left out of the value). */
  readonly cryptRounds: number;
  /** Salt length in bytes for the salted SHA schemes. */
  readonly saltLength: number;
}

/**
 * One `{SCHEME}` of the userPassword syntax (RFC 2307 §5.3 form, as OpenLDAP
 * writes it). `value` is what follows the `{SCHEME}` prefix; `password` has
 * already been through SASLprep.
 */
export interface PasswordScheme {
  /** Upper-case name between the braces: `SSHA`, `PBKDF2-SHA512`. */
  readonly name: string;
  /** Makes the part after the prefix; absent for verify-only schemes. */
  readonly hash?: (password: Buffer, settings: HashSettings) => string | Promise<string>;
  /** Whether `password` matches; malformed values are `false`, never a throw. */
  readonly verify: (password: Buffer, value: string) => boolean | Promise<boolean>;
}
