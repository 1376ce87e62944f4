import type { ExtendedRequest } from '../messages/extended-request.ts';
import type { ExtendedResponse } from '../messages/extended-response.ts';
import { ResultCode } from '../result-code.ts';

/** "Who am I?" (RFC 4532). */
export const WHO_AM_I_OID = '1.3.6.1.4.1.4203.1.11.3';

/** RFC 4532 §2.1: requestName only, requestValue absent. */
export function whoAmIRequest(): ExtendedRequest {
  return { type: 'extendedRequest', requestName: WHO_AM_I_OID };
}

/**
 * RFC 4532 §2.2: responseName absent; on success responseValue is the
 * authzId (`dn:…`, `u:…`), or empty for anonymous.
 */
export function whoAmIResponse(authzId: string): ExtendedResponse {
  return {
    type: 'extendedResponse',
    resultCode: ResultCode.success,
    matchedDN: '',
    diagnosticMessage: '',
    responseValue: Buffer.from(authzId, 'utf8'),
  };
}

/** The authzId of a WhoAmI response (empty when the value is absent). */
export function whoAmIAuthzId(response: ExtendedResponse): string {
  return response.responseValue?.toString('utf8') ?? '';
}
