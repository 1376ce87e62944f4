/**
 * How userPassword values are written and checked. The directory hashes every
 * value a client writes (add, modify, Password Modify, LDIF import) unless it
 * already carries a known `{SCHEME}` prefix, so imported hashes stay as they are.
 */
export interface PasswordPolicy {
  /** The stored form of a value a client wrote: hashed, or kept if already hashed. Throws LdapError for a value SASLprep refuses. */
  prepareForStore(value: Buffer): Promise<Buffer>;
  /** Whether `password` (as sent in a bind) matches one stored value. */
  verify(password: Buffer, stored: Buffer): Promise<boolean>;
  /** A random password for Password Modify without newPasswd (RFC 3062 §3.3). */
  generate(): string;
}
