import type { ExtendedResponse } from '../messages/extended-response.ts';
import type { LdapMessage } from '../messages/ldap-message.ts';
import type { ResultCode } from '../result-code.ts';

/** Notice of Disconnection (RFC 4511 §4.4.1). */
export const NOTICE_OF_DISCONNECTION_OID = '1.3.6.1.4.1.1466.20036';

/**
 * The unsolicited notification a server sends before closing the session:
 * messageID 0, responseName set, no value; resultCode is protocolError,
 * strongerAuthRequired or unavailable (§4.4.1).
 */
export function noticeOfDisconnection(
  resultCode: ResultCode,
  diagnosticMessage = '',
): LdapMessage<ExtendedResponse> {
  return {
    messageId: 0,
    op: {
      type: 'extendedResponse',
      resultCode,
      matchedDN: '',
      diagnosticMessage,
      responseName: NOTICE_OF_DISCONNECTION_OID,
    },
    controls: [],
  };
}
