import type { BerReader } from '../ber/index.ts';
import { readAbandonRequest } from './messages/abandon-request.ts';
import { readAddRequest } from './messages/add-request.ts';
import { readAddResponse } from './messages/add-response.ts';
import { readBindRequest } from './messages/bind-request.ts';
import { readBindResponse } from './messages/bind-response.ts';
import { readCompareRequest } from './messages/compare-request.ts';
import { readCompareResponse } from './messages/compare-response.ts';
import { readDeleteRequest } from './messages/delete-request.ts';
import { readDeleteResponse } from './messages/delete-response.ts';
import { readExtendedRequest } from './messages/extended-request.ts';
import { readExtendedResponse } from './messages/extended-response.ts';
import { readIntermediateResponse } from './messages/intermediate-response.ts';
import type { ProtocolOp } from './messages/ldap-message.ts';
import { readModifyDNRequest } from './messages/modify-dn-request.ts';
import { readModifyDNResponse } from './messages/modify-dn-response.ts';
import { readModifyRequest } from './messages/modify-request.ts';
import { readModifyResponse } from './messages/modify-response.ts';
import { readSearchRequest } from './messages/search-request.ts';
import { readSearchResultDone } from './messages/search-result-done.ts';
import { readSearchResultEntry } from './messages/search-result-entry.ts';
import { readSearchResultReference } from './messages/search-result-reference.ts';
import { readUnbindRequest } from './messages/unbind-request.ts';
import { ProtocolOperation as P, type ProtocolOpType } from './protocol-operation.ts';

const typeByTag = new Map<number, ProtocolOpType>(
  (Object.entries(P) as [ProtocolOpType, number][]).map(([type, tag]) => [tag, type]),
);

/** The operation a protocolOp tag announces, or undefined for a tag LDAP does not define. */
export function opTypeOfTag(tag: number): ProtocolOpType | undefined {
  return typeByTag.get(tag);
}

/** Reads the protocolOp CHOICE of LDAPMessage (RFC 4511 §4.1.1). */
export function readOp(r: BerReader): ProtocolOp {
  const tag = r.peekTag();
  switch (tag) {
    case P.bindRequest:
      return readBindRequest(r);
    case P.bindResponse:
      return readBindResponse(r);
    case P.unbindRequest:
      return readUnbindRequest(r);
    case P.searchRequest:
      return readSearchRequest(r);
    case P.searchResultEntry:
      return readSearchResultEntry(r);
    case P.searchResultDone:
      return readSearchResultDone(r);
    case P.searchResultReference:
      return readSearchResultReference(r);
    case P.modifyRequest:
      return readModifyRequest(r);
    case P.modifyResponse:
      return readModifyResponse(r);
    case P.addRequest:
      return readAddRequest(r);
    case P.addResponse:
      return readAddResponse(r);
    case P.deleteRequest:
      return readDeleteRequest(r);
    case P.deleteResponse:
      return readDeleteResponse(r);
    case P.modifyDNRequest:
      return readModifyDNRequest(r);
    case P.modifyDNResponse:
      return readModifyDNResponse(r);
    case P.compareRequest:
      return readCompareRequest(r);
    case P.compareResponse:
      return readCompareResponse(r);
    case P.abandonRequest:
      return readAbandonRequest(r);
    case P.extendedRequest:
      return readExtendedRequest(r);
    case P.extendedResponse:
      return readExtendedResponse(r);
    case P.intermediateResponse:
      return readIntermediateResponse(r);
    case -1:
      return r.fail('LDAPMessage without protocolOp');
    default:
      return r.fail(`unknown protocolOp 0x${tag.toString(16)}`);
  }
}
