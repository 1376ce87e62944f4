import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readResultResponse, writeResultResponse } from './ldap-result.ts';

/** SearchResultDone (RFC 4511 §4.5.2). */
export interface SearchResultDone extends LdapResult {
  readonly type: 'searchResultDone';
}

/* SearchResultDone ::= [APPLICATION 5] LDAPResult */
export function readSearchResultDone(r: BerReader): SearchResultDone {
  return { type: 'searchResultDone', ...readResultResponse(r, ProtocolOperation.searchResultDone) };
}

export function writeSearchResultDone(w: BerWriter, op: SearchResultDone): void {
  writeResultResponse(w, ProtocolOperation.searchResultDone, op);
}
