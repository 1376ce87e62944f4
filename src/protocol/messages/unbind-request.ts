/** UnbindRequest (RFC 4511 §4.3): no body. */
export interface UnbindRequest {
  readonly type: 'unbindRequest';
}
