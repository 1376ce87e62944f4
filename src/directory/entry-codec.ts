import type { Attribute, Entry } from './entry.ts';

/**
 * The byte form of an entry inside the store (the store never looks inside).
 *
 * Version 2:
 *
 *   u8 version (2)
 *   str dn
 *   varint blockLength, then the block: the entry's returnable user attributes
 *     (every user attribute but userPassword) already encoded as the contents
 *     of an RFC 4511 PartialAttributeList — `SEQUENCE { type OCTET STRING,
 *     vals SET OF OCTET STRING }` one after the other
 *   varint restCount, then per remaining attribute (operational ones and
 *   userPassword): str type, varint valueCount, per value: bytes
 *
 * `str` and `bytes` are a varint length then the octets. The block lets a
 * search that returns all user attributes to a requester who may read them
 * copy it into the SearchResultEntry without decoding the entry at all.
 *
 * Decoding is one pass with `subarray` views: the decoded values share memory
 * with `data`, so callers that keep them past the store read must own `data`
 * (the engines hand out buffers the caller owns). Version 1 (every attribute
 * in the `str type …` form) is still read.
 */
const VERSION_1 = 1;
const VERSION_2 = 2;

const SEQUENCE = 0x30;
const SET = 0x31;
const OCTET_STRING = 0x04;

/** Which attribute keys go into the pre-encoded block (user attributes a search may return). */
export type ReturnableAttribute = (key: string) => boolean;

function berLengthSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 5;
}

export function encodeEntry(entry: Entry, returnable: ReturnableAttribute): Buffer {
  // Sizes of the BER block first, so it is written once, in place.
  const block: { attr: Attribute; typeLength: number; setLength: number; seqLength: number }[] = [];
  const rest: Attribute[] = [];
  let blockLength = 0;
  // A stored entry whose block was never parsed (a memberOf or lockout write
  // changes only attributes outside it) keeps its block bytes as they are.
  const stored = entry.attributes instanceof StoredAttributes ? entry.attributes.unparsed() : undefined;
  const verbatim = stored && stored.returnable === returnable ? stored : undefined;
  const attributes = verbatim ? verbatim.rest : entry.attributes;
  if (verbatim) blockLength = verbatim.block.length;
  for (const [key, attr] of attributes) {
    if (!returnable(key)) {
      rest.push(attr);
      continue;
    }
    const typeLength = Buffer.byteLength(attr.type);
    let setLength = 0;
    for (const v of attr.values) setLength += 1 + berLengthSize(v.length) + v.length;
    const seqLength = 1 + berLengthSize(typeLength) + typeLength + 1 + berLengthSize(setLength) + setLength;
    blockLength += 1 + berLengthSize(seqLength) + seqLength;
    block.push({ attr, typeLength, setLength, seqLength });
  }
  let size = 1 + 5 + Buffer.byteLength(entry.dn) + 5 + blockLength + 5;
  for (const a of rest) {
    size += 5 + Buffer.byteLength(a.type) + 5;
    for (const v of a.values) size += 5 + v.length;
  }
  const buf = Buffer.allocUnsafe(size);
  let o = 0;
  const writeVarint = (n: number): void => {
    while (n > 0x7f) {
      buf[o++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[o++] = n;
  };
  const writeString = (s: string): void => {
    const len = Buffer.byteLength(s);
    writeVarint(len);
    o += buf.write(s, o, len, 'utf8');
  };
  const writeBerLength = (n: number): void => {
    if (n < 0x80) {
      buf[o++] = n;
      return;
    }
    const bytes = berLengthSize(n) - 1;
    buf[o++] = 0x80 | bytes;
    for (let i = bytes - 1; i >= 0; i--) buf[o++] = (n >>> (8 * i)) & 0xff;
  };
  buf[o++] = VERSION_2;
  writeString(entry.dn);
  writeVarint(blockLength);
  if (verbatim) o += verbatim.block.copy(buf, o);
  for (const { attr, typeLength, setLength, seqLength } of block) {
    buf[o++] = SEQUENCE;
    writeBerLength(seqLength);
    buf[o++] = OCTET_STRING;
    writeBerLength(typeLength);
    o += buf.write(attr.type, o, typeLength, 'utf8');
    buf[o++] = SET;
    writeBerLength(setLength);
    for (const v of attr.values) {
      buf[o++] = OCTET_STRING;
      writeBerLength(v.length);
      o += v.copy(buf, o);
    }
  }
  writeVarint(rest.length);
  for (const a of rest) {
    writeString(a.type);
    writeVarint(a.values.length);
    for (const v of a.values) {
      writeVarint(v.length);
      o += v.copy(buf, o);
    }
  }
  return buf.subarray(0, o);
}

export class EntryDecodeError extends Error {}

/** A reader over one stored entry's bytes. */
class Cursor {
  o = 0;
  constructor(
    readonly buf: Buffer,
    readonly id: number,
  ) {}

  fail(): never {
    throw new EntryDecodeError(`entry ${this.id}: malformed at byte ${this.o}`);
  }

  varint(): number {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.o++];
      if (b === undefined) this.fail();
      n |= (b & 0x7f) << shift;
      if (b < 0x80) return n >>> 0;
      shift += 7;
      if (shift > 28) this.fail();
    }
  }

  bytes(len: number): Buffer {
    if (this.o + len > this.buf.length) this.fail();
    const v = this.buf.subarray(this.o, this.o + len);
    this.o += len;
    return v;
  }

  string(): string {
    const len = this.varint();
    if (this.o + len > this.buf.length) this.fail();
    const s = this.buf.toString('utf8', this.o, this.o + len);
    this.o += len;
    return s;
  }

  /** A BER header with the expected tag; returns the contents' length. */
  ber(tag: number): number {
    if (this.buf[this.o++] !== tag) this.fail();
    const first = this.buf[this.o++];
    if (first === undefined) this.fail();
    if (first < 0x80) return first;
    const bytes = first & 0x7f;
    if (bytes === 0 || bytes > 4) this.fail();
    let n = 0;
    for (let i = 0; i < bytes; i++) {
      const b = this.buf[this.o++];
      if (b === undefined) this.fail();
      n = n * 256 + b;
    }
    return n;
  }
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function readRest(c: Cursor, attributes: Map<string, Attribute>): void {
  const count = c.varint();
  for (let i = 0; i < count; i++) {
    const type = c.string();
    const n = c.varint();
    const values: Buffer[] = new Array(n);
    for (let j = 0; j < n; j++) values[j] = c.bytes(c.varint());
    attributes.set(type.toLowerCase(), { type, values });
  }
}

export function decodeEntry(
  id: number,
  parentId: number,
  ndn: string,
  data: Uint8Array,
  returnable?: ReturnableAttribute,
): Entry {
  const c = new Cursor(asBuffer(data), id);
  const version = c.buf[c.o++];
  if (version !== VERSION_1 && version !== VERSION_2)
    throw new EntryDecodeError(`entry ${id}: unknown format version`);
  const dn = c.string();
  if (version === VERSION_1) {
    const attributes = new Map<string, Attribute>();
    readRest(c, attributes);
    return { id, parentId, dn, ndn, attributes };
  }
  const blockLength = c.varint();
  const blockStart = c.o;
  if (blockStart + blockLength > c.buf.length) c.fail();
  c.o += blockLength;
  const rest = new Map<string, Attribute>();
  readRest(c, rest);
  const block = c.buf.subarray(blockStart, blockStart + blockLength);
  // With the classifier, a question about an attribute that cannot be in the
  // block (userPassword, operational ones) is answered without parsing it: a
  // bind reads only those.
  return { id, parentId, dn, ndn, attributes: new StoredAttributes(rest, block, id, returnable) };
}

function parseBlock(block: Buffer, id: number, into: Map<string, Attribute>): void {
  const c = new Cursor(block, id);
  while (c.o < block.length) {
    const seqEnd = c.ber(SEQUENCE) + c.o;
    const typeLength = c.ber(OCTET_STRING);
    const type = c.buf.toString('utf8', c.o, c.o + typeLength);
    c.o += typeLength;
    const setEnd = c.ber(SET) + c.o;
    const values: Buffer[] = [];
    while (c.o < setEnd) values.push(c.bytes(c.ber(OCTET_STRING)));
    if (c.o !== seqEnd) c.fail();
    into.set(type.toLowerCase(), { type, values });
  }
}

/**
 * An entry's attributes with the pre-encoded block parsed on first need. It is
 * a Map in every respect; any use but `get`/`has` of a key outside the block
 * parses the block first, so the order of attributes is the stored one.
 */
export class StoredAttributes extends Map<string, Attribute> {
  #block: Buffer | undefined;
  readonly #id: number;
  readonly #returnable: ReturnableAttribute | undefined;
  #rest: Map<string, Attribute> | undefined;

  constructor(
    rest: Map<string, Attribute>,
    block: Buffer,
    id: number,
    returnable: ReturnableAttribute | undefined,
  ) {
    super();
    this.#block = block.length > 0 ? block : undefined;
    this.#id = id;
    this.#returnable = returnable;
    this.#rest = rest;
    if (!this.#block) this.#settle();
  }

  /** Block attributes first, then the rest: the order they were stored in. */
  #settle(): void {
    const rest = this.#rest;
    if (!rest) return;
    this.#rest = undefined;
    const block = this.#block;
    this.#block = undefined;
    if (block) parseBlock(block, this.#id, this);
    for (const [k, v] of rest) super.set(k, v);
  }

  override get(key: string): Attribute | undefined {
    if (this.#rest && this.#returnable && !this.#returnable(key)) return this.#rest.get(key);
    this.#settle();
    return super.get(key);
  }

  override has(key: string): boolean {
    if (this.#rest && this.#returnable && !this.#returnable(key)) return this.#rest.has(key);
    this.#settle();
    return super.has(key);
  }

  override set(key: string, value: Attribute): this {
    // Map's constructor calls set only with an iterable; ours passes none.
    if (this.#rest && this.#returnable && !this.#returnable(key)) {
      this.#rest.set(key, value);
      return this;
    }
    this.#settle();
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    if (this.#rest && this.#returnable && !this.#returnable(key)) return this.#rest.delete(key);
    this.#settle();
    return super.delete(key);
  }

  /** While the block is unparsed: it, the attributes outside it, and the classifier that split them. */
  unparsed(): { block: Buffer; rest: Map<string, Attribute>; returnable: ReturnableAttribute } | undefined {
    const rest = this.#rest;
    const block = this.#block;
    const returnable = this.#returnable;
    return rest && block && returnable ? { block, rest, returnable } : undefined;
  }

  /** A copy whose attributes can change apart from this one's; an unparsed block stays unparsed, shared. */
  copy(): Map<string, Attribute> {
    const parts = this.unparsed();
    if (!parts) {
      const out = new Map<string, Attribute>();
      for (const [k, a] of this) out.set(k, { type: a.type, values: a.values.slice() });
      return out;
    }
    const rest = new Map<string, Attribute>();
    for (const [k, a] of parts.rest) rest.set(k, { type: a.type, values: a.values.slice() });
    return new StoredAttributes(rest, parts.block, this.#id, parts.returnable);
  }

  override clear(): void {
    this.#settle();
    super.clear();
  }

  override get size(): number {
    this.#settle();
    return super.size;
  }

  override forEach(
    fn: (value: Attribute, key: string, map: Map<string, Attribute>) => void,
    thisArg?: unknown,
  ): void {
    this.#settle();
    super.forEach(fn, thisArg);
  }

  override keys(): MapIterator<string> {
    this.#settle();
    return super.keys();
  }

  override values(): MapIterator<Attribute> {
    this.#settle();
    return super.values();
  }

  override entries(): MapIterator<[string, Attribute]> {
    this.#settle();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, Attribute]> {
    this.#settle();
    return super[Symbol.iterator]();
  }
}

/**
 * Attribute types (lower case, without options) as bytes grouped by length:
 * built once per search, so that picking items out of each entry's block
 * compares a few bytes instead of decoding every type name to a string.
 */
export class EncodedSelection {
  readonly #byLength = new Map<number, Buffer[]>();

  constructor(keys: Iterable<string>) {
    for (const key of keys) {
      const bytes = Buffer.from(key.toLowerCase(), 'latin1');
      const same = this.#byLength.get(bytes.length);
      if (same) same.push(bytes);
      else this.#byLength.set(bytes.length, [bytes]);
    }
  }

  /** Whether the type at `buf[start, start + length)` (options allowed after `;`) is selected. */
  has(buf: Buffer, start: number, length: number): boolean {
    let end = start;
    const limit = start + length;
    while (end < limit && buf[end] !== 0x3b /* ; */) end++;
    const candidates = this.#byLength.get(end - start);
    if (candidates === undefined) return false;
    next: for (const want of candidates) {
      for (let i = 0; i < want.length; i++) {
        let b = buf[start + i]!;
        if (b >= 0x41 && b <= 0x5a) b |= 0x20;
        if (b !== want[i]) continue next;
      }
      return true;
    }
    return false;
  }
}

/**
 * The items of a pre-encoded block whose attribute type (without options,
 * case-insensitively) is selected, still encoded: what a search that names
 * its attributes sends, copied without decoding values.
 */
export function selectEncoded(block: Buffer, selection: EncodedSelection): Buffer {
  const c = new Cursor(block, 0);
  let first: Buffer | undefined;
  let parts: Buffer[] | undefined;
  let total = 0;
  while (c.o < block.length) {
    const start = c.o;
    const seqEnd = c.ber(SEQUENCE) + c.o;
    const typeLength = c.ber(OCTET_STRING);
    if (selection.has(block, c.o, typeLength)) {
      const item = block.subarray(start, seqEnd);
      if (first === undefined) first = item;
      else if (parts === undefined) parts = [first, item];
      else parts.push(item);
      total += seqEnd - start;
    }
    c.o = seqEnd;
  }
  if (parts !== undefined) return Buffer.concat(parts, total);
  return first ?? EMPTY_BLOCK;
}

const EMPTY_BLOCK = Buffer.alloc(0);

/**
 * The DN and the pre-encoded block of returnable user attributes, read
 * without decoding the entry; undefined for entries stored in version 1.
 */
export function encodedUserAttributes(data: Uint8Array): { dn: string; block: Buffer } | undefined {
  const c = new Cursor(asBuffer(data), 0);
  if (c.buf[c.o++] !== VERSION_2) return undefined;
  const dn = c.string();
  const len = c.varint();
  return { dn, block: c.bytes(len) };
}

/**
 * When two attribute maps are stored entries' attributes sharing one unparsed
 * block (a copy of an entry with only attributes outside the block changed),
 * the attributes outside it of each: everything that can differ between them.
 */
export function outsideSharedBlock(
  a: Map<string, Attribute>,
  b: Map<string, Attribute>,
): [Map<string, Attribute>, Map<string, Attribute>] | undefined {
  if (!(a instanceof StoredAttributes) || !(b instanceof StoredAttributes)) return undefined;
  const pa = a.unparsed();
  const pb = b.unparsed();
  return pa && pb && pa.block === pb.block && pa.returnable === pb.returnable
    ? [pa.rest, pb.rest]
    : undefined;
}
