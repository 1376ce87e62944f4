/** RFC 4511 §4.2 AuthenticationChoice: `simple [0]` or `sasl [3]` (the [1] and [2] tags are reserved). */
export type BindAuthentication = SimpleAuthentication | SaslAuthentication;

export interface SimpleAuthentication {
  readonly type: 'simple';
  readonly password: Buffer;
}

export interface SaslAuthentication {
  readonly type: 'sasl';
  readonly mechanism: string;
  readonly credentials?: Buffer;
}

/** BindRequest (RFC 4511 §4.2). */
export interface BindRequest {
  readonly type: 'bindRequest';
  /** 3 for LDAPv3; decoded as sent (1..127) so the server can answer protocolError for others. */
  readonly version: number;
  readonly name: string;
  readonly authentication: BindAuthentication;
}
