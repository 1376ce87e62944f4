// The public face of the protocol layer: LDAPMessage types (RFC 4511), the
// codec, framing, controls and extended operations.
export {
  ASSERTION_OID,
  assertionControl,
  decodeAssertionValue,
  encodeAssertionValue,
} from './controls/assertion.ts';
export { findControl } from './controls/find-control.ts';
export { MANAGE_DSA_IT_OID, manageDsaItControl } from './controls/manage-dsa-it.ts';
export {
  decodePagedResultsValue,
  encodePagedResultsValue,
  PAGED_RESULTS_OID,
  type PagedResultsValue,
  pagedResultsControl,
} from './controls/paged-results.ts';
export { MessageDecodeError } from './decode-error.ts';
export { decodeMessage } from './decode-message.ts';
export { encodeMessage, writeMessage } from './encode-message.ts';
export { NOTICE_OF_DISCONNECTION_OID, noticeOfDisconnection } from './extended/notice-of-disconnection.ts';
export {
  decodePasswordModifyRequest,
  decodePasswordModifyResponse,
  encodePasswordModifyRequest,
  encodePasswordModifyResponse,
  PASSWORD_MODIFY_OID,
  type PasswordModifyRequest,
  type PasswordModifyResponse,
  passwordModifyRequest,
} from './extended/password-modify.ts';
export { START_TLS_OID, startTlsRequest, startTlsResponse } from './extended/start-tls.ts';
export { WHO_AM_I_OID, whoAmIAuthzId, whoAmIRequest, whoAmIResponse } from './extended/who-am-i.ts';
export { FilterTag, readFilter, writeFilter } from './filter-codec.ts';
export { LdapError, protocolError } from './ldap-error.ts';
export { DEFAULT_MAX_PDU_SIZE, MessageFramer, type MessageFramerOptions } from './message-framer.ts';
export type { AbandonRequest } from './messages/abandon-request.ts';
export type { AddRequest } from './messages/add-request.ts';
export type { AddResponse } from './messages/add-response.ts';
export type { Attribute, PartialAttribute } from './messages/attribute.ts';
export type {
  BindAuthentication,
  BindRequest,
  SaslAuthentication,
  SimpleAuthentication,
} from './messages/bind-request.ts';
export type { BindResponse } from './messages/bind-response.ts';
export type { CompareRequest } from './messages/compare-request.ts';
export type { CompareResponse } from './messages/compare-response.ts';
export { type Control, NO_CONTROLS } from './messages/control.ts';
export type { DeleteRequest } from './messages/delete-request.ts';
export type { DeleteResponse } from './messages/delete-response.ts';
export type { ExtendedRequest } from './messages/extended-request.ts';
export type { ExtendedResponse } from './messages/extended-response.ts';
export type { IntermediateResponse } from './messages/intermediate-response.ts';
export type {
  LdapMessage,
  ProtocolOp,
  RequestOp,
  ResponseOp,
  ResultOp,
} from './messages/ldap-message.ts';
export type { LdapResult, LdapResultFields } from './messages/ldap-result.ts';
export type { ModifyDNRequest } from './messages/modify-dn-request.ts';
export type { ModifyDNResponse } from './messages/modify-dn-response.ts';
export { type Change, ModifyOperation, type ModifyRequest } from './messages/modify-request.ts';
export type { ModifyResponse } from './messages/modify-response.ts';
export { DerefAliases, type SearchRequest, SearchScope } from './messages/search-request.ts';
export type { SearchResultDone } from './messages/search-result-done.ts';
export type { SearchResultEntry } from './messages/search-result-entry.ts';
export type { SearchResultReference } from './messages/search-result-reference.ts';
export type { UnbindRequest } from './messages/unbind-request.ts';
export {
  ProtocolOperation,
  type ProtocolOperationTag,
  type ProtocolOpType,
} from './protocol-operation.ts';
export { ResultCode, resultCodeName } from './result-code.ts';
export { type ResultFields, writeResult } from './write-result.ts';
export {
  type AttributeSource,
  writePartialAttributes,
  writeSearchResultEntry,
  writeSearchResultEntryEncoded,
} from './write-search-entry.ts';
