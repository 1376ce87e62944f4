import assert from 'node:assert';
import { integerSize } from './sizes.ts';
import { Tag } from './tag.ts';

const DEFAULT_SIZE = 16 * 1024;

/**
 * A growing BER writer: one buffer reused across messages. A constructed
 * element reserves a single length octet when it starts (`startSequence`);
 * `endSequence` fills it in and, only when the contents reached 128 octets,
 * moves them right to make room for the long form — so every length comes out
 * in its minimal form (X.690 §8.1.3, DER §10.1) without a sizing pass.
 */
export class BerWriter {
  #buffer: Buffer;
  #offset = 0;
  readonly #initialSize: number;
  // Offsets of the reserved length octets of the open constructed elements.
  readonly #open: number[] = [];

  constructor(initialSize = DEFAULT_SIZE) {
    this.#initialSize = initialSize;
    this.#buffer = Buffer.allocUnsafe(initialSize);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#offset;
  }

  /** Open constructed elements. */
  get depth(): number {
    return this.#open.length;
  }

  #ensure(size: number): void {
    const needed = this.#offset + size;
    if (needed <= this.#buffer.length) return;
    let capacity = this.#buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.#buffer.copy(grown, 0, 0, this.#offset);
    this.#buffer = grown;
  }

  #length(length: number): void {
    const b = this.#buffer;
    let o = this.#offset;
    if (length < 0x80) {
      b[o++] = length;
    } else if (length < 0x100) {
      b[o++] = 0x81;
      b[o++] = length;
    } else if (length < 0x10000) {
      b[o++] = 0x82;
      b[o++] = length >>> 8;
      b[o++] = length & 0xff;
    } else if (length < 0x1000000) {
      b[o++] = 0x83;
      b[o++] = length >>> 16;
      b[o++] = (length >>> 8) & 0xff;
      b[o++] = length & 0xff;
    } else {
      b[o++] = 0x84;
      b[o++] = length >>> 24;
      b[o++] = (length >>> 16) & 0xff;
      b[o++] = (length >>> 8) & 0xff;
      b[o++] = length & 0xff;
    }
    this.#offset = o;
  }

  /** Writes an identifier and a length whose contents the caller writes next. */
  writeHeader(tag: number, length: number): void {
    this.#ensure(6);
    this.#buffer[this.#offset++] = tag;
    this.#length(length);
  }

  /** Already-encoded bytes, copied as they are. */
  writeRaw(bytes: Uint8Array): void {
    this.#ensure(bytes.length);
    this.#buffer.set(bytes, this.#offset);
    this.#offset += bytes.length;
  }

  startSequence(tag: number = Tag.sequence): void {
    this.#ensure(2);
    this.#buffer[this.#offset++] = tag;
    this.#open.push(this.#offset++);
  }

  endSequence(): void {
    const at = this.#open.pop();
    assert(at !== undefined, 'endSequence() without startSequence()');
    const start = at + 1;
    const length = this.#offset - start;
    if (length < 0x80) {
      this.#buffer[at] = length;
      return;
    }
    const extra = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
    this.#ensure(extra);
    const b = this.#buffer;
    b.copyWithin(start + extra, start, this.#offset);
    b[at] = 0x80 | extra;
    for (let i = extra; i > 0; i--) b[at + i] = (length >>> ((extra - i) * 8)) & 0xff;
    this.#offset += extra;
  }

  /** INTEGER in its minimal two's-complement form (X.690 §8.3.2). */
  writeInteger(value: number, tag: number = Tag.integer): void {
    // Checked by hand: a message argument to assert() would be built on every call.
    if (!(Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff)) {
      throw new RangeError(`not a 32-bit integer: ${value}`);
    }
    const size = integerSize(value);
    this.#ensure(2 + size);
    const b = this.#buffer;
    let o = this.#offset;
    b[o++] = tag;
    b[o++] = size;
    for (let i = size - 1; i >= 0; i--) b[o++] = (value >> (i * 8)) & 0xff;
    this.#offset = o;
  }

  writeEnumerated(value: number, tag: number = Tag.enumerated): void {
    this.writeInteger(value, tag);
  }

  /** BOOLEAN; TRUE as 0xFF, the DER form every LDAP implementation accepts. */
  writeBoolean(value: boolean, tag: number = Tag.boolean): void {
    this.#ensure(3);
    const b = this.#buffer;
    b[this.#offset++] = tag;
    b[this.#offset++] = 1;
    b[this.#offset++] = value ? 0xff : 0x00;
  }

  writeNull(tag: number = Tag.null): void {
    this.#ensure(2);
    this.#buffer[this.#offset++] = tag;
    this.#buffer[this.#offset++] = 0;
  }

  writeOctetString(value: Uint8Array, tag: number = Tag.octetString): void {
    this.writeHeader(tag, value.length);
    this.writeRaw(value);
  }

  /**
   * An OCTET STRING holding `value` as UTF-8. A caller that already knows the
   * UTF-8 length (it sized an enclosing element with it) passes it as `byteLength`.
   */
  writeString(value: string, tag: number = Tag.octetString, byteLength = -1): void {
    // A UTF-16 code unit never takes more than 3 UTF-8 octets, so a string of
    // at most 42 units fits a short-form length: encode straight into place
    // and fill in the length afterwards instead of scanning it twice.
    if (byteLength < 0 && value.length <= 42) {
      this.#ensure(2 + value.length * 3);
      const b = this.#buffer;
      const at = this.#offset;
      b[at] = tag;
      // Most DNs and attribute names are ASCII: copy code units directly and
      // leave Buffer#write, whose per-call cost dominates short strings, to the rest.
      let written = 0;
      const n = value.length;
      let o = at + 2;
      for (; written < n; written++) {
        const c = value.charCodeAt(written);
        if (c >= 0x80) break;
        b[o++] = c;
      }
      if (written < n) written += b.write(value.slice(written), o, 'utf8');
      b[at + 1] = written;
      this.#offset = at + 2 + written;
      return;
    }
    const length = byteLength < 0 ? Buffer.byteLength(value, 'utf8') : byteLength;
    this.writeHeader(tag, length);
    this.#ensure(length);
    this.#buffer.write(value, this.#offset, length, 'utf8');
    this.#offset += length;
  }

  /**
   * Hands out the bytes written so far without copying, and starts over on a
   * fresh buffer: the returned Buffer is the caller's to keep (e.g. while a
   * socket write is pending), the writer never touches it again.
   */
  flush(): Buffer {
    assert(this.#open.length === 0, 'flush() with open constructed elements');
    const out = this.#buffer.subarray(0, this.#offset);
    this.#buffer = Buffer.allocUnsafe(this.#initialSize);
    this.#offset = 0;
    return out;
  }

  /**
   * Copies the bytes written so far into an exactly sized Buffer and starts
   * over on the same memory — the cheaper choice for small messages, which
   * Node serves from its shared allocation pool.
   */
  toBuffer(): Buffer {
    assert(this.#open.length === 0, 'toBuffer() with open constructed elements');
    const out = Buffer.allocUnsafe(this.#offset);
    this.#buffer.copy(out, 0, 0, this.#offset);
    this.#offset = 0;
    return out;
  }

  /** Drops everything written, including open elements (after a failed encode). */
  reset(): void {
    this.#offset = 0;
    this.#open.length = 0;
  }
}
