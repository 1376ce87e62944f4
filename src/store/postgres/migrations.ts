import pg from 'pg';
import { StoreCorruptError } from '../contract.ts';
import { describeServer } from './options.ts';
import { toStoreError } from './pg-errors.ts';

/**
 * The engine's tables, as versioned migrations applied in order and recorded
 * in `linden_schema_version`. Append new versions; never edit an applied one.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'entries, index postings, meta values, sequences',
    sql: `
      CREATE TABLE linden_schema_version (
        version     integer PRIMARY KEY,
        description text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      );

      -- id2entry, dn2id and the children lists in one table. The normalized DN is
      -- bytea, so that a DN of any length or content (a NUL, any database
      -- encoding) is stored as given; its uniqueness and the DN → id lookup go
      -- through an index on its SHA-256, because a btree entry cannot exceed
      -- about 2,700 bytes and DNs have no length limit.
      CREATE TABLE linden_entries (
        id        bigint PRIMARY KEY,
        parent_id bigint NOT NULL,
        ndn       bytea  NOT NULL,
        data      bytea  NOT NULL
      );
      CREATE UNIQUE INDEX linden_entries_ndn ON linden_entries (sha256(ndn));
      -- childIds and hasChildren: one index range scan, already in id order.
      CREATE INDEX linden_entries_children ON linden_entries (parent_id, id);

      -- (index, key) → ids. Keys are the UTF-8 bytes of the directory's normalized
      -- keys: bytea compares bytewise, which is the contract's code-point order
      -- whatever the database's collation, so exact, prefix and range lookups are
      -- single scans of the primary key's btree. Keys are at most 500 bytes and
      -- index names 200, well within a btree entry.
      CREATE TABLE linden_postings (
        index_name text COLLATE "C" NOT NULL,
        key        bytea  NOT NULL,
        entry_id   bigint NOT NULL,
        PRIMARY KEY (index_name, key, entry_id)
      );

      CREATE TABLE linden_meta (
        key   text COLLATE "C" PRIMARY KEY,
        value bytea NOT NULL
      );

      -- nextSequence: named counters that roll back with their transaction.
      CREATE TABLE linden_sequences (
        name  text COLLATE "C" PRIMARY KEY,
        value bigint NOT NULL
      );

      -- allocateId. A PostgreSQL sequence never hands a number out twice, even
      -- when the transaction that took it rolls back (the number is then skipped).
      CREATE SEQUENCE linden_entry_ids AS bigint;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** An arbitrary constant: the session advisory lock that lets one node at a time migrate. */
const MIGRATION_LOCK = 0x4c4e_4d47; // "LNMG"

type Queryable = Pick<pg.ClientBase, 'query'>;

/** The version the database is at; 0 when Linden's tables are not there at all. */
export async function schemaVersion(db: Queryable): Promise<number> {
  const table = await db.query<{ t: string | null }>(
    "SELECT to_regclass('linden_schema_version')::text AS t",
  );
  if (table.rows[0]?.t == null) return 0;
  const result = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM linden_schema_version');
  return result.rows[0]?.v ?? 0;
}

/**
 * Applies the pending migrations, each in its own transaction with its record
 * in `linden_schema_version`; several nodes starting together queue on an
 * advisory lock, and the later ones find nothing left to do. Returns the
 * versions applied.
 */
export async function applyMigrations(client: pg.ClientBase): Promise<number[]> {
  const applied: number[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    const current = await schemaVersion(client);
    if (current > LATEST_VERSION) throw newerSchema(current);
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO linden_schema_version (version, description) VALUES ($1, $2)', [
          migration.version,
          migration.description,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
  }
  return applied;
}

export function newerSchema(version: number): StoreCorruptError {
  return new StoreCorruptError(
    `the database is at schema version ${version}, newer than this Linden knows (${LATEST_VERSION}): upgrade Linden`,
  );
}

/**
 * `linden store migrate`: brings the database at `url` to the latest schema
 * and returns the versions it applied (empty when it was up to date).
 */
export async function migrate(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return await applyMigrations(client);
  } catch (error) {
    throw toStoreError(error, describeServer(url));
  } finally {
    await client.end().catch(() => {});
  }
}
