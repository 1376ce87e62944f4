import type { LdapResult } from './ldap-result.ts';

/** ModifyDNResponse (RFC 4511 §4.9). */
export interface ModifyDNResponse extends LdapResult {
  readonly type: 'modifyDNResponse';
}
