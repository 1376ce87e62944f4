import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readResultResponse, writeResultResponse } from './ldap-result.ts';

/** ModifyDNResponse (RFC 4511 §4.9). */
export interface ModifyDNResponse extends LdapResult {
  readonly type: 'modifyDNResponse';
}

/* ModifyDNResponse ::= [APPLICATION 13] LDAPResult */
export function readModifyDNResponse(r: BerReader): ModifyDNResponse {
  return { type: 'modifyDNResponse', ...readResultResponse(r, ProtocolOperation.modifyDNResponse) };
}

export function writeModifyDNResponse(w: BerWriter, op: ModifyDNResponse): void {
  writeResultResponse(w, ProtocolOperation.modifyDNResponse, op);
}
