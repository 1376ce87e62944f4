import type { Filter } from '../../filter/model.ts';
import { readFilter, writeFilter } from '../filter-codec.ts';
import type { Control } from '../messages/control.ts';
import { decodeValue, encodeValue } from '../value-codec.ts';

/** LDAP Assertion Control (RFC 4528). */
export const ASSERTION_OID = '1.3.6.1.1.12';

/* RFC 4528 §3: the controlValue is an LDAP Filter, BER-encoded as in RFC 4511 §4.5.1. */
export function decodeAssertionValue(value: Buffer): Filter {
  return decodeValue(value, 'assertion control value', readFilter);
}

export function encodeAssertionValue(filter: Filter): Buffer {
  return encodeValue((w) => writeFilter(w, filter));
}

/** RFC 4528 §3: clients usually mark it critical, so a server that does not support it refuses. */
export function assertionControl(filter: Filter, critical = true): Control {
  return { oid: ASSERTION_OID, critical, value: encodeAssertionValue(filter) };
}
