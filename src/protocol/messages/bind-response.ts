import type { LdapResult } from './ldap-result.ts';

/** BindResponse (RFC 4511 §4.2.2). */
export interface BindResponse extends LdapResult {
  readonly type: 'bindResponse';
  readonly serverSaslCreds?: Buffer;
}
