import type { BerWriter } from '../ber/index.ts';
import { writeAbandonRequest } from './messages/abandon-request.ts';
import { writeAddRequest } from './messages/add-request.ts';
import { writeAddResponse } from './messages/add-response.ts';
import { writeBindRequest } from './messages/bind-request.ts';
import { writeBindResponse } from './messages/bind-response.ts';
import { writeCompareRequest } from './messages/compare-request.ts';
import { writeCompareResponse } from './messages/compare-response.ts';
import { writeDeleteRequest } from './messages/delete-request.ts';
import { writeDeleteResponse } from './messages/delete-response.ts';
import { writeExtendedRequest } from './messages/extended-request.ts';
import { writeExtendedResponse } from './messages/extended-response.ts';
import { writeIntermediateResponse } from './messages/intermediate-response.ts';
import type { ProtocolOp } from './messages/ldap-message.ts';
import { writeModifyDNRequest } from './messages/modify-dn-request.ts';
import { writeModifyDNResponse } from './messages/modify-dn-response.ts';
import { writeModifyRequest } from './messages/modify-request.ts';
import { writeModifyResponse } from './messages/modify-response.ts';
import { writeSearchRequest } from './messages/search-request.ts';
import { writeSearchResultDone } from './messages/search-result-done.ts';
import { writeSearchResultEntry } from './messages/search-result-entry.ts';
import { writeSearchResultReference } from './messages/search-result-reference.ts';
import { writeUnbindRequest } from './messages/unbind-request.ts';

/** Writes the protocolOp CHOICE of LDAPMessage (RFC 4511 §4.1.1). */
export function writeOp(w: BerWriter, op: ProtocolOp): void {
  switch (op.type) {
    case 'bindRequest':
      writeBindRequest(w, op);
      return;
    case 'bindResponse':
      writeBindResponse(w, op);
      return;
    case 'unbindRequest':
      writeUnbindRequest(w);
      return;
    case 'searchRequest':
      writeSearchRequest(w, op);
      return;
    case 'searchResultEntry':
      writeSearchResultEntry(w, op);
      return;
    case 'searchResultDone':
      writeSearchResultDone(w, op);
      return;
    case 'searchResultReference':
      writeSearchResultReference(w, op);
      return;
    case 'modifyRequest':
      writeModifyRequest(w, op);
      return;
    case 'modifyResponse':
      writeModifyResponse(w, op);
      return;
    case 'addRequest':
      writeAddRequest(w, op);
      return;
    case 'addResponse':
      writeAddResponse(w, op);
      return;
    case 'deleteRequest':
      writeDeleteRequest(w, op);
      return;
    case 'deleteResponse':
      writeDeleteResponse(w, op);
      return;
    case 'modifyDNRequest':
      writeModifyDNRequest(w, op);
      return;
    case 'modifyDNResponse':
      writeModifyDNResponse(w, op);
      return;
    case 'compareRequest':
      writeCompareRequest(w, op);
      return;
    case 'compareResponse':
      writeCompareResponse(w, op);
      return;
    case 'abandonRequest':
      writeAbandonRequest(w, op);
      return;
    case 'extendedRequest':
      writeExtendedRequest(w, op);
      return;
    case 'extendedResponse':
      writeExtendedResponse(w, op);
      return;
    case 'intermediateResponse':
      writeIntermediateResponse(w, op);
      return;
    default: {
      const unknown: never = op;
      throw new TypeError(`unknown protocolOp type ${(unknown as ProtocolOp).type}`);
    }
  }
}
