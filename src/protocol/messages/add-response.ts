import type { LdapResult } from './ldap-result.ts';

/** AddResponse (RFC 4511 §4.7). */
export interface AddResponse extends LdapResult {
  readonly type: 'addResponse';
}
