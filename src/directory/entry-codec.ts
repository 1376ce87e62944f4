import type { Attribute, Entry } from './entry.ts';

/**
 * The byte form of an entry inside the store (the store never looks inside).
 *
 *   u8 version (1)
 *   str dn
 *   varint attributeCount
 *   per attribute: str type, varint valueCount, per value: bytes
 *
 * `str` and `bytes` are a varint length then the octets. The format keeps
 * decoding to one pass over the buffer with `subarray` views: the decoded
 * values share memory with `data`, so callers that keep them past the store
 * read must own `data` (the engines hand out buffers the caller owns).
 */
const VERSION = 1;

export function encodeEntry(entry: Entry): Buffer {
  let size = 1 + 5 + Buffer.byteLength(entry.dn) + 5;
  for (const a of entry.attributes.values()) {
    size += 5 + Buffer.byteLength(a.type) + 5;
    for (const v of a.values) size += 5 + v.length;
  }
  const buf = Buffer.allocUnsafe(size);
  let o = 0;
  buf[o++] = VERSION;
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
    buf.write(s, o, len, 'utf8');
    o += len;
  };
  writeString(entry.dn);
  writeVarint(entry.attributes.size);
  for (const a of entry.attributes.values()) {
    writeString(a.type);
    writeVarint(a.values.length);
    for (const v of a.values) {
      writeVarint(v.length);
      v.copy(buf, o);
      o += v.length;
    }
  }
  return buf.subarray(0, o);
}

export class EntryDecodeError extends Error {}

export function decodeEntry(id: number, parentId: number, ndn: string, data: Uint8Array): Entry {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let o = 0;
  const readVarint = (): number => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = buf[o++];
      if (b === undefined) throw new EntryDecodeError(`entry ${id}: truncated`);
      n |= (b & 0x7f) << shift;
      if (b < 0x80) return n >>> 0;
      shift += 7;
      if (shift > 28) throw new EntryDecodeError(`entry ${id}: bad length`);
    }
  };
  const readBytes = (): Buffer => {
    const len = readVarint();
    if (o + len > buf.length) throw new EntryDecodeError(`entry ${id}: truncated`);
    const v = buf.subarray(o, o + len);
    o += len;
    return v;
  };
  if (buf[o++] !== VERSION) throw new EntryDecodeError(`entry ${id}: unknown format version`);
  const dn = readBytes().toString('utf8');
  const count = readVarint();
  const attributes = new Map<string, Attribute>();
  for (let i = 0; i < count; i++) {
    const type = readBytes().toString('utf8');
    const n = readVarint();
    const values: Buffer[] = new Array(n);
    for (let j = 0; j < n; j++) values[j] = readBytes();
    attributes.set(type.toLowerCase(), { type, values });
  }
  return { id, parentId, dn, ndn, attributes };
}
