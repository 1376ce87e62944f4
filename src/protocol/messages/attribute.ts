/**
 * PartialAttribute / Attribute (RFC 4511 §4.1.7). An Attribute is a
 * PartialAttribute with at least one value; the decoder enforces that where the
 * RFC asks for Attribute (AddRequest).
 */
export interface PartialAttribute {
  /** The AttributeDescription as the peer wrote it (`cn;lang-en`). */
  readonly type: string;
  readonly values: readonly Buffer[];
}

export type Attribute = PartialAttribute;
