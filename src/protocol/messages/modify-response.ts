import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readResultResponse, writeResultResponse } from './ldap-result.ts';

/** ModifyResponse (RFC 4511 §4.6). */
export interface ModifyResponse extends LdapResult {
  readonly type: 'modifyResponse';
}

/* ModifyResponse ::= [APPLICATION 7] LDAPResult */
export function readModifyResponse(r: BerReader): ModifyResponse {
  return { type: 'modifyResponse', ...readResultResponse(r, ProtocolOperation.modifyResponse) };
}

export function writeModifyResponse(w: BerWriter, op: ModifyResponse): void {
  writeResultResponse(w, ProtocolOperation.modifyResponse, op);
}
