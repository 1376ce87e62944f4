/**
 * The BER tags of the protocolOp CHOICE (RFC 4511 §4.2–§4.14, Appendix B).
 * Application class; the constructed bit (0x20) is set for every operation
 * except UnbindRequest (NULL), DelRequest (LDAPDN) and AbandonRequest (MessageID),
 * which are primitive.
 */
export const ProtocolOperation = {
  bindRequest: 0x60,
  bindResponse: 0x61,
  unbindRequest: 0x42,
  searchRequest: 0x63,
  searchResultEntry: 0x64,
  searchResultDone: 0x65,
  modifyRequest: 0x66,
  modifyResponse: 0x67,
  addRequest: 0x68,
  addResponse: 0x69,
  deleteRequest: 0x4a,
  deleteResponse: 0x6b,
  modifyDNRequest: 0x6c,
  modifyDNResponse: 0x6d,
  compareRequest: 0x6e,
  compareResponse: 0x6f,
  abandonRequest: 0x50,
  searchResultReference: 0x73,
  extendedRequest: 0x77,
  extendedResponse: 0x78,
  intermediateResponse: 0x79,
} as const;

/** The `type` of a ProtocolOp: `'bindRequest' | 'searchRequest' | …`. */
export type ProtocolOpType = keyof typeof ProtocolOperation;
export type ProtocolOperationTag = (typeof ProtocolOperation)[ProtocolOpType];
