import type { Control } from '../messages/control.ts';

/** ManageDsaIT (RFC 3296): treat referral objects as ordinary entries. It carries no value. */
export const MANAGE_DSA_IT_OID = '2.16.840.1.113730.3.4.2';

export function manageDsaItControl(critical = false): Control {
  return { oid: MANAGE_DSA_IT_OID, critical };
}
