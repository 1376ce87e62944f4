import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readResultResponse, writeResultResponse } from './ldap-result.ts';

/** AddResponse (RFC 4511 §4.7). */
export interface AddResponse extends LdapResult {
  readonly type: 'addResponse';
}

/* AddResponse ::= [APPLICATION 9] LDAPResult */
export function readAddResponse(r: BerReader): AddResponse {
  return { type: 'addResponse', ...readResultResponse(r, ProtocolOperation.addResponse) };
}

export function writeAddResponse(w: BerWriter, op: AddResponse): void {
  writeResultResponse(w, ProtocolOperation.addResponse, op);
}
