import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readResultResponse, writeResultResponse } from './ldap-result.ts';

/** DeleteResponse (RFC 4511 §4.8). */
export interface DeleteResponse extends LdapResult {
  readonly type: 'deleteResponse';
}

/* DelResponse ::= [APPLICATION 11] LDAPResult */
export function readDeleteResponse(r: BerReader): DeleteResponse {
  return { type: 'deleteResponse', ...readResultResponse(r, ProtocolOperation.deleteResponse) };
}

export function writeDeleteResponse(w: BerWriter, op: DeleteResponse): void {
  writeResultResponse(w, ProtocolOperation.deleteResponse, op);
}
