import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readResultResponse, writeResultResponse } from './ldap-result.ts';

/** CompareResponse (RFC 4511 §4.10: compareTrue / compareFalse on success). */
export interface CompareResponse extends LdapResult {
  readonly type: 'compareResponse';
}

/* CompareResponse ::= [APPLICATION 15] LDAPResult */
export function readCompareResponse(r: BerReader): CompareResponse {
  return { type: 'compareResponse', ...readResultResponse(r, ProtocolOperation.compareResponse) };
}

export function writeCompareResponse(w: BerWriter, op: CompareResponse): void {
  writeResultResponse(w, ProtocolOperation.compareResponse, op);
}
