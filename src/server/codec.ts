/**
 * The server's view of the protocol codec: decode a framed request, encode the
 * few response shapes the server sends. Everything goes through
 * `src/protocol`; this file only narrows it to what the server needs.
 */
// TEMPORARY until src/protocol/index.ts exports the codec.
import { decodeMessage } from '../protocol/decode-message.ts';
import { encodeMessage } from '../protocol/encode-message.ts';
import {
  type Control,
  LdapError,
  type LdapMessage,
  type RequestOp,
  type ResponseOp,
  ResultCode,
} from '../protocol/index.ts';
import { NOTICE_OF_DISCONNECTION_OID } from './extended-oids.ts';
import type { SearchEntry } from './handler.ts';

const REQUEST_TYPES = new Set<string>([
  'bindRequest',
  'unbindRequest',
  'searchRequest',
  'modifyRequest',
  'addRequest',
  'deleteRequest',
  'modifyDNRequest',
  'compareRequest',
  'abandonRequest',
  'extendedRequest',
]);

/** Decodes one framed PDU; throws LdapError(protocolError) for anything that is not a valid request. */
export function decodeRequest(pdu: Buffer): LdapMessage<RequestOp> {
  const message = decodeMessage(pdu);
  if (!REQUEST_TYPES.has(message.op.type)) {
    throw new LdapError(ResultCode.protocolError, `${message.op.type} is not a request`);
  }
  return message as LdapMessage<RequestOp>;
}

export function encodeResponse(messageId: number, op: ResponseOp, controls: readonly Control[] = []): Buffer {
  return encodeMessage({ messageId, op, controls });
}

export function encodeEntry(
  messageId: number,
  entry: SearchEntry,
  controls: readonly Control[] = [],
): Buffer {
  return encodeMessage({
    messageId,
    op: { type: 'searchResultEntry', objectName: entry.objectName, attributes: entry.attributes },
    controls,
  });
}

/** RFC 4511 §4.4.1: an unsolicited ExtendedResponse with messageID 0, sent before the server closes. */
export function encodeNoticeOfDisconnection(resultCode: ResultCode, diagnosticMessage: string): Buffer {
  return encodeMessage({
    messageId: 0,
    op: {
      type: 'extendedResponse',
      resultCode,
      matchedDN: '',
      diagnosticMessage,
      responseName: NOTICE_OF_DISCONNECTION_OID,
    },
    controls: [],
  });
}
