import type { EntryId } from '../contract.ts';
import { type Db, statement } from './statement.ts';

/** Meta values, named sequences and the entry id sequence. */

const GET = statement('meta_get', 'SELECT value FROM linden_meta WHERE key = $1');
const PUT = statement(
  'meta_put',
  `INSERT INTO linden_meta (key, value) VALUES ($1, $2::bytea)
   ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
);
const DELETE = statement('meta_delete', 'DELETE FROM linden_meta WHERE key = $1');
const KEYS = statement('meta_keys', 'SELECT key FROM linden_meta ORDER BY key');

const NEXT = statement(
  'sequence_next',
  `INSERT INTO linden_sequences AS s (name, value) VALUES ($1, $2)
   ON CONFLICT (name) DO UPDATE SET value = s.value + 1
   RETURNING value`,
);

/**
 * `n` fresh ids at once. A transaction that allocates many (an import) takes
 * them in growing blocks rather than one round trip each; ids it does not use
 * are skipped, as the contract allows ("never given out before", not "dense").
 */
const ALLOCATE = statement(
  'id_allocate',
  "SELECT array_agg(nextval('linden_entry_ids') ORDER BY n) AS ids FROM generate_series(1, $1) AS n",
);
/** An id chosen by the caller must never be handed out later: move the sequence past it. */
const PASS = statement(
  'id_pass',
  `SELECT setval('linden_entry_ids', $1)
    WHERE $1 > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM linden_entry_ids)`,
);

export async function getMeta(db: Db, key: string): Promise<Uint8Array | undefined> {
  const [row] = await db.rows<{ value: Buffer }>(GET, [key]);
  if (row === undefined) return undefined;
  const { value } = row;
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export async function putMeta(db: Db, key: string, value: Uint8Array | undefined): Promise<void> {
  if (value === undefined) await db.count(DELETE, [key]);
  else await db.count(PUT, [key, value]);
}

export async function metaKeys(db: Db): Promise<string[]> {
  return (await db.rows<{ key: string }>(KEYS, [])).map((row) => row.key);
}

export async function nextSequence(db: Db, name: string, start: number): Promise<number> {
  const [row] = await db.rows<{ value: number }>(NEXT, [name, start]);
  return row!.value;
}

export async function allocateIds(db: Db, n: number): Promise<EntryId[]> {
  const [row] = await db.rows<{ ids: number[] }>(ALLOCATE, [n]);
  return row!.ids;
}

export async function passId(db: Db, id: EntryId): Promise<void> {
  await db.rows(PASS, [id]);
}
