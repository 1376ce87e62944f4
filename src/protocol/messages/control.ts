/** Control (RFC 4511 §4.1.11). `value` is the raw controlValue octets, absent when the peer sent none. */
export interface Control {
  readonly oid: string;
  readonly critical: boolean;
  readonly value?: Buffer;
}
