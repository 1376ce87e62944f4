/**
 * Splits the bytes of a connection into LDAPMessage PDUs without decoding
 * them. RFC 4511 §5.1: every message is a BER SEQUENCE (tag 0x30) with a
 * definite length, so a PDU's size is known from its first 2–6 bytes.
 *
 * Memory: a PDU that lies inside one chunk is handed out as a `subarray` view of
 * that chunk; a PDU that spans chunks is copied into a buffer allocated once at
 * its exact size (known from the header), so a request fed one byte at a time
 * costs O(n), never a `Buffer.concat` per chunk. Neither buffer is ever reused
 * or overwritten, so the decoded message may keep views into it for as long as
 * the operation runs.
 */

const SEQUENCE = 0x30;
const EMPTY = Buffer.alloc(0);

/** Why framing stopped. After a FramingError the stream cannot be resynchronised. */
export class FramingError extends Error {
  readonly kind: 'oversize' | 'malformed';
  /** The messageID, when it could be read before the failure. */
  readonly messageId: number | undefined;
  /** The protocolOp tag, when it could be read. */
  readonly opTag: number | undefined;

  constructor(kind: 'oversize' | 'malformed', message: string, head?: PduHead) {
    super(message);
    this.name = 'FramingError';
    this.kind = kind;
    this.messageId = head?.messageId;
    this.opTag = head?.opTag;
  }
}

export class PduFramer {
  readonly #maxPduBytes: number;
  /** Unconsumed bytes not yet known to belong to a spanning PDU (at most one header's worth when split). */
  #rest: Buffer = EMPTY;
  /** The spanning PDU being assembled, allocated at its full size. */
  #assembly: Buffer | undefined;
  #filled = 0;

  constructor(maxPduBytes: number) {
    this.#maxPduBytes = maxPduBytes;
  }

  /** Bytes held that are not yet part of a returned PDU. */
  get buffered(): number {
    return this.#rest.length + this.#filled;
  }

  push(chunk: Buffer): void {
    if (this.#assembly !== undefined) {
      const n = Math.min(this.#assembly.length - this.#filled, chunk.length);
      chunk.copy(this.#assembly, this.#filled, 0, n);
      this.#filled += n;
      chunk = chunk.subarray(n);
    }
    if (chunk.length === 0) return;
    // Only a partial header (< 6 bytes) can be left here, so this concat is small.
    this.#rest = this.#rest.length === 0 ? chunk : Buffer.concat([this.#rest, chunk]);
  }

  /**
   * The next complete PDU, or `undefined` until more bytes arrive.
   * Throws FramingError on a bad header or a PDU larger than the limit.
   */
  next(): Buffer | undefined {
    if (this.#assembly !== undefined) {
      if (this.#filled < this.#assembly.length) return undefined;
      const pdu = this.#assembly;
      this.#assembly = undefined;
      this.#filled = 0;
      return pdu;
    }
    const rest = this.#rest;
    if (rest.length === 0) return undefined;
    if (rest[0] !== SEQUENCE) {
      throw new FramingError(
        'malformed',
        `expected an LDAPMessage SEQUENCE, got tag 0x${rest[0]!.toString(16)}`,
      );
    }
    const length = readLength(rest, 1);
    if (length === undefined) return undefined;
    if (length.value < 0) throw new FramingError('malformed', 'unsupported BER length form');
    const total = length.end + length.value;
    if (total > this.#maxPduBytes) {
      throw new FramingError(
        'oversize',
        `PDU of ${total} bytes exceeds the limit of ${this.#maxPduBytes}`,
        peekHead(rest),
      );
    }
    if (rest.length >= total) {
      const pdu = rest.subarray(0, total);
      this.#rest = rest.length === total ? EMPTY : rest.subarray(total);
      return pdu;
    }
    this.#assembly = Buffer.allocUnsafe(total);
    rest.copy(this.#assembly, 0);
    this.#filled = rest.length;
    this.#rest = EMPTY;
    return undefined;
  }

  /** Takes the bytes received after the last complete PDU (StartTLS must find none). */
  takeRemaining(): Buffer {
    const out = this.#assembly ? this.#assembly.subarray(0, this.#filled) : this.#rest;
    this.#assembly = undefined;
    this.#filled = 0;
    this.#rest = EMPTY;
    return out;
  }
}

/**
 * A BER definite length at `offset`: `{ value, end }`, `undefined` if more bytes
 * are needed, `value: -1` for the indefinite form (forbidden by RFC 4511 §5.1)
 * or lengths beyond 4 bytes (no PDU limit can be that large).
 */
function readLength(buf: Buffer, offset: number): { value: number; end: number } | undefined {
  if (buf.length <= offset) return undefined;
  const first = buf[offset]!;
  if (first < 0x80) return { value: first, end: offset + 1 };
  const n = first & 0x7f;
  if (n === 0 || n > 4) return { value: -1, end: offset + 1 };
  if (buf.length < offset + 1 + n) return undefined;
  let value = 0;
  for (let i = 1; i <= n; i++) value = value * 256 + buf[offset + i]!;
  return { value, end: offset + 1 + n };
}

/** The messageID and protocolOp tag at the start of an LDAPMessage, as far as `buf` holds them. */
export interface PduHead {
  readonly messageId: number | undefined;
  readonly opTag: number | undefined;
}

/**
 * Reads the messageID (INTEGER 0..2^31-1, RFC 4511 §4.1.1.1) and the
 * protocolOp tag without decoding the rest, so that an undecodable request
 * can still be answered under its own id.
 */
export function peekHead(buf: Buffer): PduHead {
  const outer = readLength(buf, 1);
  if (outer === undefined || outer.value < 0) return { messageId: undefined, opTag: undefined };
  const at = outer.end;
  if (buf[at] !== 0x02) return { messageId: undefined, opTag: undefined };
  const len = readLength(buf, at + 1);
  if (len === undefined || len.value < 1 || len.value > 4 || buf.length < len.end + len.value) {
    return { messageId: undefined, opTag: undefined };
  }
  let id = 0;
  for (let i = 0; i < len.value; i++) id = id * 256 + buf[len.end + i]!;
  // A negative INTEGER (high bit set in the first octet) is not a valid MessageID.
  const messageId = (buf[len.end]! & 0x80) === 0 && id <= 0x7fffffff ? id : undefined;
  return { messageId, opTag: buf[len.end + len.value] };
}
