import type { AbandonRequest } from './abandon-request.ts';
import type { AddRequest } from './add-request.ts';
import type { AddResponse } from './add-response.ts';
import type { BindRequest } from './bind-request.ts';
import type { BindResponse } from './bind-response.ts';
import type { CompareRequest } from './compare-request.ts';
import type { CompareResponse } from './compare-response.ts';
import type { Control } from './control.ts';
import type { DeleteRequest } from './delete-request.ts';
import type { DeleteResponse } from './delete-response.ts';
import type { ExtendedRequest } from './extended-request.ts';
import type { ExtendedResponse } from './extended-response.ts';
import type { IntermediateResponse } from './intermediate-response.ts';
import type { ModifyDNRequest } from './modify-dn-request.ts';
import type { ModifyDNResponse } from './modify-dn-response.ts';
import type { ModifyRequest } from './modify-request.ts';
import type { ModifyResponse } from './modify-response.ts';
import type { SearchRequest } from './search-request.ts';
import type { SearchResultDone } from './search-result-done.ts';
import type { SearchResultEntry } from './search-result-entry.ts';
import type { SearchResultReference } from './search-result-reference.ts';
import type { UnbindRequest } from './unbind-request.ts';

/** The requests a client sends (RFC 4511 §4.2–§4.12). */
export type RequestOp =
  | BindRequest
  | UnbindRequest
  | SearchRequest
  | ModifyRequest
  | AddRequest
  | DeleteRequest
  | ModifyDNRequest
  | CompareRequest
  | AbandonRequest
  | ExtendedRequest;

/** The responses that carry an LDAPResult. */
export type ResultOp =
  | BindResponse
  | SearchResultDone
  | ModifyResponse
  | AddResponse
  | DeleteResponse
  | ModifyDNResponse
  | CompareResponse
  | ExtendedResponse;

/** The responses a server sends. */
export type ResponseOp = ResultOp | SearchResultEntry | SearchResultReference | IntermediateResponse;

/** The protocolOp CHOICE of LDAPMessage, discriminated by `type`. */
export type ProtocolOp = RequestOp | ResponseOp;

/**
 * LDAPMessage (RFC 4511 §4.1.1).
 *
 *   LDAPMessage ::= SEQUENCE {
 *        messageID       MessageID,
 *        protocolOp      CHOICE { … },
 *        controls       [0] Controls OPTIONAL }
 *
 * `controls` is empty when the message carries none.
 */
export interface LdapMessage<Op extends ProtocolOp = ProtocolOp> {
  readonly messageId: number;
  readonly op: Op;
  readonly controls: readonly Control[];
}
