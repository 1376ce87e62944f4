/** ExtendedRequest (RFC 4511 §4.12). */
export interface ExtendedRequest {
  readonly type: 'extendedRequest';
  readonly requestName: string;
  readonly requestValue?: Buffer;
}
