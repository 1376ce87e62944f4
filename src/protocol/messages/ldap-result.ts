import type { ResultCode } from '../result-code.ts';

/**
 * LDAPResult (RFC 4511 §4.1.9), the common body of every response but
 * SearchResultEntry, SearchResultReference and IntermediateResponse.
 *
 * A decoded response from a peer may carry a code outside `ResultCode`; it is
 * passed through as the number the peer sent.
 */
export interface LdapResult {
  readonly resultCode: ResultCode;
  readonly matchedDN: string;
  readonly diagnosticMessage: string;
  /** RFC 4511 §4.1.10: present only with resultCode `referral`. */
  readonly referral?: readonly string[];
}
