import type { LdapResult } from './ldap-result.ts';

/** ExtendedResponse (RFC 4511 §4.12). */
export interface ExtendedResponse extends LdapResult {
  readonly type: 'extendedResponse';
  readonly responseName?: string;
  readonly responseValue?: Buffer;
}
