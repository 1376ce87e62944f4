import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** IntermediateResponse (RFC 4511 §4.13). */
export interface IntermediateResponse {
  readonly type: 'intermediateResponse';
  readonly responseName?: string;
  readonly responseValue?: Buffer;
}

const RESPONSE_NAME = 0x80;
const RESPONSE_VALUE = 0x81;

/*
 * IntermediateResponse ::= [APPLICATION 25] SEQUENCE {
 *      responseName     [0] LDAPOID OPTIONAL,
 *      responseValue    [1] OCTET STRING OPTIONAL }
 */
export function readIntermediateResponse(r: BerReader): IntermediateResponse {
  r.enter(ProtocolOperation.intermediateResponse);
  const responseName = r.peekTag() === RESPONSE_NAME ? r.readString(RESPONSE_NAME) : undefined;
  const responseValue = r.peekTag() === RESPONSE_VALUE ? r.readOctetString(RESPONSE_VALUE) : undefined;
  r.leave();
  return {
    type: 'intermediateResponse',
    ...(responseName !== undefined && { responseName }),
    ...(responseValue !== undefined && { responseValue }),
  };
}

export function writeIntermediateResponse(w: BerWriter, op: IntermediateResponse): void {
  w.startSequence(ProtocolOperation.intermediateResponse);
  if (op.responseName !== undefined) w.writeString(op.responseName, RESPONSE_NAME);
  if (op.responseValue !== undefined) w.writeOctetString(op.responseValue, RESPONSE_VALUE);
  w.endSequence();
}
