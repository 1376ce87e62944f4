/** DelRequest (RFC 4511 §4.8). */
export interface DeleteRequest {
  readonly type: 'deleteRequest';
  readonly entry: string;
}
