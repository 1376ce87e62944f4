/** CompareRequest (RFC 4511 §4.10): the AttributeValueAssertion is flattened into attribute and value. */
export interface CompareRequest {
  readonly type: 'compareRequest';
  readonly entry: string;
  readonly attribute: string;
  readonly value: Buffer;
}
