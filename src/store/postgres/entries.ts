import { createHash } from 'node:crypto';
import type { EntryId, StoredEntry } from '../contract.ts';
import { byteaArray, type Db, statement, utf8 } from './statement.ts';

/** id2entry, dn2id and the children lists: the `linden_entries` table. */

export interface EntryRow {
  id: number;
  parent_id: number;
  ndn: Buffer;
  data: Buffer;
}

const GET = statement('entry_get', 'SELECT id, parent_id, ndn, data FROM linden_entries WHERE id = $1');
/** A batch of a search's candidates in one round trip, whatever its size. */
const GET_MANY = statement(
  'entry_get_many',
  'SELECT id, parent_id, ndn, data FROM linden_entries WHERE id = ANY($1::bigint[])',
);
const FIND = statement('entry_find', 'SELECT id FROM linden_entries WHERE sha256(ndn) = sha256($1::bytea)');
const FIND_ENTRY = statement(
  'entry_find_entry',
  'SELECT id, parent_id, ndn, data FROM linden_entries WHERE sha256(ndn) = sha256($1::bytea)',
);
const CHILDREN = statement(
  'entry_children',
  'SELECT array_agg(id ORDER BY id) AS ids FROM linden_entries WHERE parent_id = $1',
);
const HAS_CHILDREN = statement(
  'entry_has_children',
  'SELECT EXISTS (SELECT 1 FROM linden_entries WHERE parent_id = $1) AS yes',
);
const SCAN = statement(
  'entry_scan',
  `SELECT array_agg(id ORDER BY id) AS ids
     FROM (SELECT id FROM linden_entries WHERE id > $1 ORDER BY id LIMIT $2) page`,
);
/** An exact count, one index-only scan: called at start-up and by `stats`, not per operation. */
const COUNT = statement('entry_count', 'SELECT count(*) AS n FROM linden_entries');
/**
 * Insert or replace by id in one statement, unless another entry holds the DN:
 * then nothing is written and no row comes back. Checking instead of letting the
 * unique index raise keeps the PostgreSQL transaction usable, so a caller may
 * catch the conflict and go on, as the contract allows. Writers hold the store's
 * write lock, so nothing can take the DN between the check and the insert.
 */
const PUT = statement(
  'entry_put',
  `INSERT INTO linden_entries AS e (id, parent_id, ndn, data)
   SELECT $1, $2, $3::bytea, $4::bytea
    WHERE NOT EXISTS (SELECT 1 FROM linden_entries WHERE sha256(ndn) = sha256($3::bytea) AND id <> $1)
   ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, ndn = EXCLUDED.ndn, data = EXCLUDED.data
   RETURNING (xmax = 0) AS inserted`,
);
/**
 * Buffered entry writes in one statement: inserts of fresh entries (ids from
 * the sequence, DNs the transaction saw absent: no conflict is possible) and
 * new data for entries whose DN and parent stay. An entry is in one list or
 * the other, never both, so the two parts never touch the same row.
 */
const WRITE_MANY = statement(
  'entry_write_many',
  `WITH ins AS (
     INSERT INTO linden_entries (id, parent_id, ndn, data)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[])),
   upd AS (
     UPDATE linden_entries e SET data = u.data
       FROM unnest($5::bigint[], $6::bytea[]) AS u(id, data) WHERE e.id = u.id)
   SELECT 1`,
);
const DELETE = statement('entry_delete', 'DELETE FROM linden_entries WHERE id = $1');

export function toEntry(row: EntryRow): StoredEntry {
  const { data, ndn } = row;
  return {
    id: row.id,
    parentId: row.parent_id,
    ndn: ndn.toString('utf8'),
    // A plain Uint8Array view: callers compare entries structurally, and a Buffer is another class.
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

export async function getEntry(db: Db, id: EntryId): Promise<StoredEntry | undefined> {
  const [row] = await db.rows<EntryRow>(GET, [id]);
  return row === undefined ? undefined : toEntry(row);
}

export async function getEntries(db: Db, ids: readonly EntryId[]): Promise<(StoredEntry | undefined)[]> {
  if (ids.length === 0) return [];
  const rows = await db.rows<EntryRow>(GET_MANY, [ids]);
  const byId = new Map<EntryId, StoredEntry>();
  for (const row of rows) byId.set(row.id, toEntry(row));
  return ids.map((id) => byId.get(id));
}

export async function findId(db: Db, ndn: string): Promise<EntryId | undefined> {
  const [row] = await db.rows<{ id: number }>(FIND, [utf8(ndn)]);
  return row?.id;
}

/** The entries of many DNs in one statement (an index probe each on the DN's hash); absent DNs are left out. */
const FIND_MANY = statement(
  'entry_find_many',
  'SELECT id, parent_id, ndn, data FROM linden_entries WHERE sha256(ndn) = ANY($1::bytea[])',
);

export async function findEntries(db: Db, ndns: readonly string[]): Promise<StoredEntry[]> {
  if (ndns.length === 0) return [];
  const digests = ndns.map((n) => createHash('sha256').update(n, 'utf8').digest());
  return (await db.rows<EntryRow>(FIND_MANY, [digests])).map(toEntry);
}

export async function findEntry(db: Db, ndn: string): Promise<StoredEntry | undefined> {
  const [row] = await db.rows<EntryRow>(FIND_ENTRY, [utf8(ndn)]);
  return row === undefined ? undefined : toEntry(row);
}

export async function childIds(db: Db, parentId: EntryId): Promise<EntryId[]> {
  const [row] = await db.rows<{ ids: number[] | null }>(CHILDREN, [parentId]);
  return row?.ids ?? [];
}

export async function hasChildren(db: Db, id: EntryId): Promise<boolean> {
  const [row] = await db.rows<{ yes: boolean }>(HAS_CHILDREN, [id]);
  return row?.yes === true;
}

export async function scanIds(db: Db, afterId: EntryId, limit: number): Promise<EntryId[]> {
  const [row] = await db.rows<{ ids: number[] | null }>(SCAN, [afterId, limit]);
  return row?.ids ?? [];
}

export async function entryCount(db: Db): Promise<number> {
  const [row] = await db.rows<{ n: number }>(COUNT, []);
  return row?.n ?? 0;
}

/** 'inserted' or 'replaced'; 'conflict' (nothing written) when another entry holds the DN. */
export async function putEntry(db: Db, entry: StoredEntry): Promise<'inserted' | 'replaced' | 'conflict'> {
  const [row] = await db.rows<{ inserted: boolean }>(PUT, [
    entry.id,
    entry.parentId,
    utf8(entry.ndn),
    entry.data,
  ]);
  if (row === undefined) return 'conflict';
  return row.inserted ? 'inserted' : 'replaced';
}

export async function deleteEntry(db: Db, id: EntryId): Promise<boolean> {
  return (await db.count(DELETE, [id])) > 0;
}

/** Sends buffered inserts (fresh ids and DNs) and data replacements in one round trip. */
export async function writeMany(
  db: Db,
  inserts: readonly StoredEntry[],
  updates: readonly StoredEntry[],
): Promise<void> {
  await db.rows(WRITE_MANY, [
    `{${inserts.map((e) => e.id).join(',')}}`,
    `{${inserts.map((e) => e.parentId).join(',')}}`,
    byteaArray(inserts.map((e) => utf8(e.ndn))),
    byteaArray(inserts.map((e) => asBuffer(e.data))),
    `{${updates.map((e) => e.id).join(',')}}`,
    byteaArray(updates.map((e) => asBuffer(e.data))),
  ]);
}

/** node-postgres writes Buffers in arrays as bytea; a plain Uint8Array it does not know. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
