import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** ExtendedRequest (RFC 4511 §4.12). */
export interface ExtendedRequest {
  readonly type: 'extendedRequest';
  readonly requestName: string;
  readonly requestValue?: Buffer;
}

const REQUEST_NAME = 0x80;
const REQUEST_VALUE = 0x81;

/*
 * ExtendedRequest ::= [APPLICATION 23] SEQUENCE {
 *      requestName      [0] LDAPOID,
 *      requestValue     [1] OCTET STRING OPTIONAL }
 */
export function readExtendedRequest(r: BerReader): ExtendedRequest {
  r.enter(ProtocolOperation.extendedRequest);
  const requestName = r.readString(REQUEST_NAME);
  const requestValue = r.peekTag() === REQUEST_VALUE ? r.readOctetString(REQUEST_VALUE) : undefined;
  r.leave();
  return requestValue === undefined
    ? { type: 'extendedRequest', requestName }
    : { type: 'extendedRequest', requestName, requestValue };
}

export function writeExtendedRequest(w: BerWriter, op: ExtendedRequest): void {
  w.startSequence(ProtocolOperation.extendedRequest);
  w.writeString(op.requestName, REQUEST_NAME);
  if (op.requestValue !== undefined) w.writeOctetString(op.requestValue, REQUEST_VALUE);
  w.endSequence();
}
