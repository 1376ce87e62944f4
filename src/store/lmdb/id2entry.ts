import type { Database } from 'lmdb';
import type { EntryId, StoredEntry } from '../contract.ts';
import { getBinary, getBinaryFast, type ReadOptions } from './read-options.ts';

/*
 * id → entry record. The record is the parent id and the normalized DN ahead
 * of the directory's bytes, so one get answers getEntry:
 *
 *   parentId  float64 LE   (ids go up to 2^53)
 *   ndnLength uint32 LE    (UTF-8 bytes)
 *   ndn       UTF-8
 *   data      the rest
 */
const HEADER = 12;

export class Id2Entry {
  constructor(private readonly db: Database<Buffer, number>) {}

  get(id: EntryId, options: ReadOptions): StoredEntry | undefined {
    // getBinary copies out of the map, so the entry owns its bytes; `data` is a view on that copy.
    const record = getBinary(this.db, id, options);
    return record === undefined ? undefined : decodeEntry(id, record);
  }

  /**
   * The parent id alone, read in place from lmdb's reused buffer: how the engine
   * tests "is a child of" (children and id2entry always agree), at the cost of
   * one get instead of a dupsort cursor.
   */
  parentOf(id: EntryId, options: ReadOptions): EntryId | undefined {
    return getBinaryFast(this.db, id, options)?.readDoubleLE(0);
  }

  put(entry: StoredEntry): void {
    this.db.putSync(entry.id, encodeEntry(entry));
  }

  remove(id: EntryId): void {
    this.db.removeSync(id);
  }

  /** Entry ids after `afterId`, ascending; a cursor over keys only, so scans never load records. */
  scanIds(afterId: EntryId, limit: number, options: ReadOptions): EntryId[] {
    const ids: EntryId[] = [];
    for (const id of this.db.getKeys({ start: afterId, exclusiveStart: true, limit, ...options }))
      ids.push(id);
    return ids;
  }
}

export function encodeEntry(entry: StoredEntry): Buffer {
  const ndnLength = Buffer.byteLength(entry.ndn);
  const record = Buffer.allocUnsafe(HEADER + ndnLength + entry.data.byteLength);
  record.writeDoubleLE(entry.parentId, 0);
  record.writeUInt32LE(ndnLength, 8);
  record.write(entry.ndn, HEADER, 'utf8');
  record.set(entry.data, HEADER + ndnLength);
  return record;
}

export function decodeEntry(id: EntryId, record: Uint8Array): StoredEntry {
  const buffer = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const ndnLength = buffer.readUInt32LE(8);
  const dataStart = HEADER + ndnLength;
  return {
    id,
    parentId: buffer.readDoubleLE(0),
    ndn: buffer.toString('utf8', HEADER, dataStart),
    // A plain Uint8Array (not a Buffer), as the directory handed it in.
    data: new Uint8Array(buffer.buffer, buffer.byteOffset + dataStart, buffer.byteLength - dataStart),
  };
}
