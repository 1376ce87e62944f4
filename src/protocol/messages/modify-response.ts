import type { LdapResult } from './ldap-result.ts';

/** ModifyResponse (RFC 4511 §4.6). */
export interface ModifyResponse extends LdapResult {
  readonly type: 'modifyResponse';
}
