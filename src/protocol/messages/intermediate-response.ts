/** IntermediateResponse (RFC 4511 §4.13). */
export interface IntermediateResponse {
  readonly type: 'intermediateResponse';
  readonly responseName?: string;
  readonly responseValue?: Buffer;
}
