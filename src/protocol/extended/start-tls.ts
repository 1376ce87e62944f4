import type { ExtendedRequest } from '../messages/extended-request.ts';
import type { ExtendedResponse } from '../messages/extended-response.ts';
import { ResultCode } from '../result-code.ts';

/** StartTLS (RFC 4511 §4.14). */
export const START_TLS_OID = '1.3.6.1.4.1.1466.20037';

export function startTlsRequest(): ExtendedRequest {
  return { type: 'extendedRequest', requestName: START_TLS_OID };
}

/** RFC 4511 §4.14.2: the response carries the same OID as responseName, and no value. */
export function startTlsResponse(
  resultCode: ResultCode = ResultCode.success,
  diagnosticMessage = '',
): ExtendedResponse {
  return {
    type: 'extendedResponse',
    resultCode,
    matchedDN: '',
    diagnosticMessage,
    responseName: START_TLS_OID,
  };
}
