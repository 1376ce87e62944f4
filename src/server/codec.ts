/**
 * The server's view of the protocol codec: decode a framed request, encode the
 * few response shapes the server sends. Everything goes through
 * `src/protocol`; this file only narrows it to what the server needs and owns
 * the one BerWriter the fast paths share (encoding is synchronous, so it is
 * never shared between two encodes in flight).
 */
import { BerWriter } from '../ber/index.ts';
import {
  type Control,
  decodeMessage,
  encodeMessage,
  LdapError,
  type LdapMessage,
  NOTICE_OF_DISCONNECTION_OID,
  type RequestOp,
  ResultCode,
  type ResultFields,
  type ResultOp,
  type SearchResultReference,
  writeResult,
  writeSearchResultEntry,
  writeSearchResultEntryEncoded,
} from '../protocol/index.ts';
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

const writer = new BerWriter();

/** Decodes one framed PDU; throws LdapError(protocolError) for anything that is not a valid request. */
export function decodeRequest(pdu: Buffer): LdapMessage<RequestOp> {
  const message = decodeMessage(pdu);
  if (!REQUEST_TYPES.has(message.op.type)) {
    throw new LdapError(ResultCode.protocolError, `${message.op.type} is not a request`);
  }
  return message as LdapMessage<RequestOp>;
}

/** Any LDAPResult-type response, written without building a message object. */
export function encodeResult(
  messageId: number,
  type: ResultOp['type'],
  result: ResultFields,
  controls?: readonly Control[],
): Buffer {
  try {
    writeResult(writer, messageId, type, result, controls);
  } catch (err) {
    writer.reset();
    throw err;
  }
  return writer.toBuffer();
}

/** SearchResultEntry through the protocol's fast path (RFC 4511 §4.5.2). */
export function encodeEntry(messageId: number, entry: SearchEntry, controls?: readonly Control[]): Buffer {
  try {
    writeSearchResultEntry(writer, messageId, entry.objectName, entry.attributes, controls);
  } catch (err) {
    writer.reset();
    throw err;
  }
  // Entries can be large: flush hands over the writer's memory instead of copying it.
  return writer.length > 16 * 1024 ? writer.flush() : writer.toBuffer();
}

/** SearchResultEntry from attributes already encoded as PartialAttributeList contents. */
export function encodeEncodedEntry(
  messageId: number,
  objectName: string,
  encodedAttributes: Uint8Array,
  controls?: readonly Control[],
): Buffer {
  try {
    writeSearchResultEntryEncoded(writer, messageId, objectName, encodedAttributes, controls);
  } catch (err) {
    writer.reset();
    throw err;
  }
  return writer.length > 16 * 1024 ? writer.flush() : writer.toBuffer();
}

export function encodeReference(
  messageId: number,
  uris: readonly string[],
  controls: readonly Control[] = [],
): Buffer {
  const op: SearchResultReference = { type: 'searchResultReference', uris };
  return encodeMessage({ messageId, op, controls });
}

/** RFC 4511 §4.4.1: an unsolicited ExtendedResponse with messageID 0, sent before the server closes. */
export function encodeNoticeOfDisconnection(resultCode: ResultCode, diagnosticMessage: string): Buffer {
  return encodeResult(0, 'extendedResponse', {
    resultCode,
    diagnosticMessage,
    responseName: NOTICE_OF_DISCONNECTION_OID,
  });
}
