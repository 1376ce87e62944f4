import { Tag } from '../../ber/index.ts';
import type { Control } from '../messages/control.ts';
import { decodeValue, encodeValue } from '../value-codec.ts';

/** Simple Paged Results Manipulation (RFC 2696). */
export const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';

export interface PagedResultsValue {
  /** Requested page size (request) or estimated result count (response, 0 if unknown). */
  readonly size: number;
  /** Opaque server cookie; empty on the first request and on the last page. */
  readonly cookie: Buffer;
}

/*
 * realSearchControlValue ::= SEQUENCE {
 *         size            INTEGER (0..maxInt),
 *         cookie          OCTET STRING }
 */
export function decodePagedResultsValue(value: Buffer): PagedResultsValue {
  return decodeValue(value, 'paged results control value', (r) => {
    r.enter(Tag.sequence);
    const at = r.offset;
    const size = r.readInteger();
    if (size < 0) r.fail('negative page size', at);
    const cookie = r.readOctetString();
    r.leave();
    return { size, cookie };
  });
}

export function encodePagedResultsValue(value: PagedResultsValue): Buffer {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    w.writeInteger(value.size);
    w.writeOctetString(value.cookie);
    w.endSequence();
  });
}

export function pagedResultsControl(value: PagedResultsValue, critical = false): Control {
  return { oid: PAGED_RESULTS_OID, critical, value: encodePagedResultsValue(value) };
}
