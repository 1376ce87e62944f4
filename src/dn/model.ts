/**
 * The parsed form of a distinguished name (RFC 4514 §3, RFC 4512 §2.3).
 *
 * A value written as a string stays a string; a value written in the `#`
 * hexstring form is the BER encoding of the value (RFC 4514 §2.4), kept as
 * the raw octets because only the schema knows how to decode it.
 */
export interface Ava {
  readonly type: string;
  readonly value: string | Buffer;
}

/** An RDN: one or more AVAs joined by `+` (RFC 4512 §2.3.1), in the order written. */
export type Rdn = readonly Ava[];

/** A DN: its RDNs, leftmost (the entry's own RDN) first, and the string it was parsed from. */
export interface Dn {
  readonly rdns: readonly Rdn[];
  readonly text: string;
}
