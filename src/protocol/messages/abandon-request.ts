/** AbandonRequest (RFC 4511 §4.11). */
export interface AbandonRequest {
  readonly type: 'abandonRequest';
  /** The MessageID of the operation to abandon. */
  readonly idToAbandon: number;
}
