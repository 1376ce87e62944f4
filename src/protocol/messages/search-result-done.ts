import type { LdapResult } from './ldap-result.ts';

/** SearchResultDone (RFC 4511 §4.5.2). */
export interface SearchResultDone extends LdapResult {
  readonly type: 'searchResultDone';
}
