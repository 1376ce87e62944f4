import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readLdapResult, writeLdapResult } from './ldap-result.ts';

/** ExtendedResponse (RFC 4511 §4.12). */
export interface ExtendedResponse extends LdapResult {
  readonly type: 'extendedResponse';
  readonly responseName?: string;
  readonly responseValue?: Buffer;
}

export const RESPONSE_NAME = 0x8a;
export const RESPONSE_VALUE = 0x8b;

/*
 * ExtendedResponse ::= [APPLICATION 24] SEQUENCE {
 *      COMPONENTS OF LDAPResult,
 *      responseName     [10] LDAPOID OPTIONAL,
 *      responseValue    [11] OCTET STRING OPTIONAL }
 */
export function readExtendedResponse(r: BerReader): ExtendedResponse {
  r.enter(ProtocolOperation.extendedResponse);
  const result = readLdapResult(r);
  const responseName = r.peekTag() === RESPONSE_NAME ? r.readString(RESPONSE_NAME) : undefined;
  const responseValue = r.peekTag() === RESPONSE_VALUE ? r.readOctetString(RESPONSE_VALUE) : undefined;
  r.leave();
  return {
    type: 'extendedResponse',
    ...result,
    ...(responseName !== undefined && { responseName }),
    ...(responseValue !== undefined && { responseValue }),
  };
}

export function writeExtendedResponse(w: BerWriter, op: ExtendedResponse): void {
  w.startSequence(ProtocolOperation.extendedResponse);
  writeLdapResult(w, op);
  if (op.responseName !== undefined) w.writeString(op.responseName, RESPONSE_NAME);
  if (op.responseValue !== undefined) w.writeOctetString(op.responseValue, RESPONSE_VALUE);
  w.endSequence();
}
