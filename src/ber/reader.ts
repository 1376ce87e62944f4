import { BerError } from './ber-error.ts';
import { Tag } from './tag.ts';

const EMPTY = Buffer.alloc(0);

/** Nesting limit when none is given: deep enough for any sane LDAP filter, far below stack trouble. */
export const DEFAULT_MAX_DEPTH = 128;

/**
 * A BER reader over a Buffer (X.690, restricted as RFC 4511 §5.1 restricts
 * LDAP: definite lengths only, primitive OCTET STRINGs, low tag numbers).
 *
 * One reader is reused for every PDU (`setBuffer`). Constructed elements are
 * opened with `enter` and closed with `leave`; every read is bounded by the
 * innermost open element, so a length can never reach past its parent.
 * `readOctetString` returns a `subarray` view: it lives as long as the buffer
 * handed to `setBuffer` is left unchanged.
 *
 * Every failure is a `BerError` carrying the byte offset.
 */
export class BerReader {
  buffer: Buffer = EMPTY;
  offset = 0;
  readonly maxDepth: number;
  #limit = 0;
  #depth = 0;
  // #ends[d] is the limit to restore when leaving depth d + 1; preallocated
  // so that entering an element allocates nothing.
  readonly #ends: Float64Array;

  constructor(maxDepth = DEFAULT_MAX_DEPTH) {
    this.maxDepth = maxDepth;
    this.#ends = new Float64Array(maxDepth + 1);
  }

  setBuffer(buffer: Buffer, offset = 0, end = buffer.length): void {
    this.buffer = buffer;
    this.offset = offset;
    this.#limit = end;
    this.#depth = 0;
  }

  /** How many constructed elements are open. */
  get depth(): number {
    return this.#depth;
  }

  /** The end of the innermost open element (or of the buffer). */
  get limit(): number {
    return this.#limit;
  }

  /** True while the innermost open element has unread contents. */
  hasMore(): boolean {
    return this.offset < this.#limit;
  }

  /** The next identifier octet, or -1 at the end of the innermost open element. */
  peekTag(): number {
    return this.offset < this.#limit ? this.buffer[this.offset]! : -1;
  }

  fail(message: string, offset = this.offset): never {
    throw new BerError(message, offset);
  }

  readTag(): number {
    if (this.offset >= this.#limit) this.fail('unexpected end of data, expected a tag');
    const tag = this.buffer[this.offset]!;
    // X.690 §8.1.2.4: low five bits all set announce a multi-octet tag number.
    if ((tag & 0x1f) === 0x1f) this.fail('high tag numbers are not supported');
    this.offset++;
    return tag;
  }

  /** Reads a definite length (X.690 §8.1.3) and checks that the contents fit in the open element. */
  readLength(): number {
    const start = this.offset;
    if (start >= this.#limit) this.fail('unexpected end of data, expected a length');
    const first = this.buffer[start]!;
    let length: number;
    if (first < 0x80) {
      length = first;
      this.offset = start + 1;
    } else {
      // RFC 4511 §5.1: only the definite form of length encoding is used.
      if (first === 0x80) this.fail('indefinite length is not allowed');
      const count = first & 0x7f;
      if (count > 4) this.fail(`length of ${count} octets is too long`);
      if (start + 1 + count > this.#limit) this.fail('unexpected end of data inside a length');
      length = 0;
      for (let i = 1; i <= count; i++) length = length * 256 + this.buffer[start + i]!;
      this.offset = start + 1 + count;
    }
    if (this.offset + length > this.#limit) {
      this.fail(`length ${length} runs past the end of the enclosing element`, start);
    }
    return length;
  }

  /** Reads the identifier (which must equal `tag`) and length; returns the content length. */
  readHeader(tag: number): number {
    const at = this.offset;
    const found = this.readTag();
    if (found !== tag) this.fail(`expected tag 0x${hex(tag)}, found 0x${hex(found)}`, at);
    return this.readLength();
  }

  /** Opens a constructed element with identifier `tag`; returns the offset where its contents end. */
  enter(tag: number): number {
    const at = this.offset;
    const length = this.readHeader(tag);
    if (this.#depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`, at);
    this.#ends[this.#depth++] = this.#limit;
    this.#limit = this.offset + length;
    return this.#limit;
  }

  /**
   * Closes the innermost open element. Unread trailing elements are skipped:
   * RFC 4511's module is EXTENSIBILITY IMPLIED, so a newer peer may append
   * components a reader does not know.
   */
  leave(): void {
    if (this.#depth === 0) this.fail('leave() without enter()');
    this.offset = this.#limit;
    this.#limit = this.#ends[--this.#depth]!;
  }

  /** Skips one element of any type. */
  skip(): void {
    this.readTag();
    const length = this.readLength();
    this.offset += length;
  }

  /** INTEGER (X.690 §8.3), limited to what fits in a signed 32-bit number. */
  readInteger(tag: number = Tag.integer): number {
    const at = this.offset;
    const length = this.readHeader(tag);
    if (length === 0) this.fail('empty integer', at);
    if (length > 4) this.fail(`integer of ${length} octets is too large`, at);
    const b = this.buffer;
    let o = this.offset;
    // Sign-extend from the first octet, then shift in the rest.
    let value = (b[o++]! << 24) >> 24;
    for (let i = 1; i < length; i++) value = (value << 8) | b[o++]!;
    this.offset = o;
    return value;
  }

  /** ENUMERATED (X.690 §8.4): encoded as an INTEGER. */
  readEnumerated(tag: number = Tag.enumerated): number {
    return this.readInteger(tag);
  }

  /** BOOLEAN (X.690 §8.2): one octet, any non-zero value is TRUE. */
  readBoolean(tag: number = Tag.boolean): boolean {
    const at = this.offset;
    const length = this.readHeader(tag);
    if (length !== 1) this.fail(`boolean of ${length} octets`, at);
    return this.buffer[this.offset++] !== 0;
  }

  /** NULL (X.690 §8.8): no contents. */
  readNull(tag: number = Tag.null): void {
    const at = this.offset;
    const length = this.readHeader(tag);
    if (length !== 0) this.fail(`null of ${length} octets`, at);
  }

  /** OCTET STRING, primitive form, as a view into the buffer (no copy). */
  readOctetString(tag: number = Tag.octetString): Buffer {
    const length = this.readHeader(tag);
    const start = this.offset;
    this.offset = start + length;
    return this.buffer.subarray(start, this.offset);
  }

  /**
   * OCTET STRING decoded as UTF-8. Invalid sequences become U+FFFD rather
   * than failing, so a bad DN reaches the layer that can name the right
   * result code (invalidDNSyntax) instead of dying here as a protocol error.
   */
  readString(tag: number = Tag.octetString): string {
    const length = this.readHeader(tag);
    const start = this.offset;
    this.offset = start + length;
    return length === 0 ? '' : this.buffer.toString('utf8', start, this.offset);
  }
}

function hex(tag: number): string {
  return tag.toString(16).padStart(2, '0');
}
