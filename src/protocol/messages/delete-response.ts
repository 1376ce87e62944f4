import type { LdapResult } from './ldap-result.ts';

/** DelResponse (RFC 4511 §4.8). */
export interface DeleteResponse extends LdapResult {
  readonly type: 'deleteResponse';
}
