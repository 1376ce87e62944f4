import { randomBytes } from 'node:crypto';
import { passwordToStore, SaslprepError, verifyPassword } from '../auth/index.ts';
import type { PasswordPolicy } from '../directory/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';

export interface PasswordSettings {
  readonly scheme: string;
  readonly allowCleartext: boolean;
}

/** userPassword handling for the directory: SASLprep then the configured scheme, through the auth layer. */
export function passwordPolicy(settings: PasswordSettings): PasswordPolicy {
  const options = { allowCleartext: settings.allowCleartext };
  return {
    async prepareForStore(value) {
      if (settings.allowCleartext && !value.toString('latin1').startsWith('{')) return value;
      try {
        return Buffer.from(await passwordToStore(value, settings.scheme, options));
      } catch (e) {
        if (e instanceof SaslprepError)
          throw new LdapError(ResultCode.constraintViolation, `userPassword: ${e.message}`);
        throw e;
      }
    },
    verify(password, stored) {
      return verifyPassword(password, stored, options);
    },
    generate() {
      // 16 characters from an unambiguous alphabet: about 90 bits.
      const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
      return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
    },
  };
}
