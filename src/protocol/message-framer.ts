import { LdapError } from './ldap-error.ts';
import { ResultCode } from './result-code.ts';

/** Default cap on one LDAPMessage: 10 MiB. */
export const DEFAULT_MAX_PDU_SIZE = 10 * 1024 * 1024;

/** First allocation for a PDU that spans chunks, unless the PDU is smaller. */
const MIN_SPAN_CAPACITY = 64 * 1024;

/** Longest header the framer accepts: the SEQUENCE tag and a 4-octet long-form length. */
const MAX_HEADER = 6;

export interface MessageFramerOptions {
  /** Largest PDU accepted, header included, in bytes. */
  readonly maxPduSize?: number;
}

/**
 * Cuts a byte stream into complete LDAPMessage PDUs (RFC 4511 §4.1.1 — one
 * BER SEQUENCE each, definite length per §5.1), apart from decoding them.
 *
 * Memory: a PDU that lies whole inside a chunk is handed out as a `subarray`
 * view of that chunk, with no copy. Only a PDU that spans chunks is copied,
 * into a buffer of its own that grows by doubling up to the PDU's announced
 * length (so a peer announcing 10 MiB and sending a byte does not get 10 MiB
 * allocated). Unlike a single compacted receive buffer, memory handed out is
 * never written again: decoded messages keep views into their PDU
 * (attribute values, credentials), and those must stay valid while the
 * operation runs. The caller's chunks must not be reused either, which holds
 * for Node's `net`/`tls` sockets.
 *
 * Errors: a PDU that is not a SEQUENCE, has an indefinite or oversized
 * length, or exceeds `maxPduSize` throws `LdapError(protocolError)`; the
 * stream cannot be resynchronized, so the framer stays failed and the server
 * should send a Notice of Disconnection and close.
 */
export class MessageFramer {
  readonly maxPduSize: number;
  // Header bytes of a PDU whose header itself is split across chunks.
  readonly #header = Buffer.allocUnsafe(MAX_HEADER);
  #headerFilled = 0;
  // A PDU being gathered across chunks.
  #span: Buffer | undefined;
  #spanFilled = 0;
  #spanTotal = 0;
  #failed: LdapError | undefined;

  constructor(options: MessageFramerOptions = {}) {
    this.maxPduSize = options.maxPduSize ?? DEFAULT_MAX_PDU_SIZE;
  }

  /** Bytes held of an incomplete PDU; 0 means the stream is between PDUs. */
  get buffered(): number {
    return this.#span !== undefined ? this.#spanFilled : this.#headerFilled;
  }

  /**
   * Feeds one chunk; calls `onPdu` for every PDU it completes, in order.
   * If `onPdu` throws, the error propagates and the rest of the chunk is dropped.
   */
  push(chunk: Buffer, onPdu: (pdu: Buffer) => void): void {
    if (this.#failed !== undefined) throw this.#failed;
    try {
      this.#push(chunk, onPdu);
    } catch (error) {
      if (error instanceof FramingError) {
        this.#failed = new LdapError(ResultCode.protocolError, error.message);
        throw this.#failed;
      }
      throw error;
    }
  }

  #push(chunk: Buffer, onPdu: (pdu: Buffer) => void): void {
    const end = chunk.length;
    let o = 0;
    if (this.#headerFilled > 0) {
      // Complete the split header a byte at a time (it is at most 6 bytes).
      let total = -1;
      while (o < end && total < 0) {
        this.#header[this.#headerFilled++] = chunk[o++]!;
        total = this.#pduLength(this.#header, 0, this.#headerFilled);
      }
      if (total < 0) return;
      const held = this.#headerFilled;
      this.#headerFilled = 0;
      this.#startSpan(total, this.#header.subarray(0, held));
      o = this.#fillSpan(chunk, o, onPdu);
    } else if (this.#span !== undefined) {
      o = this.#fillSpan(chunk, o, onPdu);
    }
    while (o < end) {
      const total = this.#pduLength(chunk, o, end);
      if (total < 0) {
        chunk.copy(this.#header, 0, o, end);
        this.#headerFilled = end - o;
        return;
      }
      if (total <= end - o) {
        const pdu = chunk.subarray(o, o + total);
        o += total;
        onPdu(pdu);
        continue;
      }
      this.#startSpan(total, chunk.subarray(o, end));
      return;
    }
  }

  #startSpan(total: number, first: Buffer): void {
    const capacity = Math.min(total, Math.max(MIN_SPAN_CAPACITY, first.length * 2));
    this.#span = Buffer.allocUnsafe(capacity);
    first.copy(this.#span, 0);
    this.#spanFilled = first.length;
    this.#spanTotal = total;
  }

  /** Copies what `chunk` holds of the spanning PDU from `o`; hands it out when whole. Returns the new offset. */
  #fillSpan(chunk: Buffer, o: number, onPdu: (pdu: Buffer) => void): number {
    let span = this.#span!;
    const take = Math.min(this.#spanTotal - this.#spanFilled, chunk.length - o);
    const needed = this.#spanFilled + take;
    if (needed > span.length) {
      let capacity = span.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = Buffer.allocUnsafe(Math.min(capacity, this.#spanTotal));
      span.copy(grown, 0, 0, this.#spanFilled);
      this.#span = span = grown;
    }
    chunk.copy(span, this.#spanFilled, o, o + take);
    this.#spanFilled = needed;
    if (needed < this.#spanTotal) return o + take;
    const pdu = span.length === needed ? span : span.subarray(0, needed);
    this.#span = undefined;
    this.#spanFilled = 0;
    this.#spanTotal = 0;
    onPdu(pdu);
    return o + take;
  }

  /**
   * The total length (header included) of the PDU starting at `start`, or -1
   * when the header is not complete yet. Throws FramingError on a header no
   * LDAP peer may send.
   */
  #pduLength(b: Buffer, start: number, end: number): number {
    const available = end - start;
    if (available < 1) return -1;
    const tag = b[start]!;
    // RFC 4511 §4.1.1: every LDAPMessage is a universal SEQUENCE.
    if (tag !== 0x30) throw new FramingError(`not an LDAPMessage: tag 0x${tag.toString(16)} at byte 0`);
    if (available < 2) return -1;
    const first = b[start + 1]!;
    let total: number;
    if (first < 0x80) {
      total = 2 + first;
    } else {
      // RFC 4511 §5.1: definite lengths only.
      if (first === 0x80) throw new FramingError('indefinite length at byte 1');
      const count = first & 0x7f;
      if (count > 4) throw new FramingError(`length of ${count} octets at byte 1`);
      if (available < 2 + count) return -1;
      let length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + b[start + 2 + i]!;
      total = 2 + count + length;
    }
    if (total > this.maxPduSize) {
      throw new FramingError(`LDAPMessage of ${total} bytes exceeds the limit of ${this.maxPduSize}`);
    }
    return total;
  }
}

class FramingError extends Error {}
