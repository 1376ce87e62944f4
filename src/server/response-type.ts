import { ProtocolOperation, type ResultOp } from '../protocol/index.ts';

/**
 * The response that answers a request, by the request's protocolOp tag, so an
 * undecodable request can still get a protocolError of the right type.
 * Unbind and abandon have none (RFC 4511 §4.3, §4.11).
 */
const responseByTag = new Map<number, ResultOp['type']>([
  [ProtocolOperation.bindRequest, 'bindResponse'],
  [ProtocolOperation.searchRequest, 'searchResultDone'],
  [ProtocolOperation.modifyRequest, 'modifyResponse'],
  [ProtocolOperation.addRequest, 'addResponse'],
  [ProtocolOperation.deleteRequest, 'deleteResponse'],
  [ProtocolOperation.modifyDNRequest, 'modifyDNResponse'],
  [ProtocolOperation.compareRequest, 'compareResponse'],
  [ProtocolOperation.extendedRequest, 'extendedResponse'],
]);

export function responseTypeForTag(tag: number): ResultOp['type'] | undefined {
  return responseByTag.get(tag);
}
