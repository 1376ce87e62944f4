import type { LdapResult } from './ldap-result.ts';

/** CompareResponse (RFC 4511 §4.10): compareTrue / compareFalse on success. */
export interface CompareResponse extends LdapResult {
  readonly type: 'compareResponse';
}
