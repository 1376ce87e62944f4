import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SdkError, SdkErrorCode } from '../errors.ts';
import { PostgresOrganizationStore } from '../organizations/postgres-organization-store.ts';
import { inTransaction, type Queryable } from '../postgres-transaction.ts';
import {
  type AccountPatch,
  type AccountStore,
  type LocalAccount,
  type LocalGroup,
  type Membership,
  type NewAccount,
  normalizeMemberships,
} from './model.ts';
import { MIGRATIONS } from './postgres-migrations.ts';

/** An arbitrary constant: the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK = 7_466_113;

/**
 * Accounts in PostgreSQL, for applications that run several nodes. Call
 * `PostgresAccountStore.open(url)`: it applies pending migrations first.
 */
export class PostgresAccountStore implements AccountStore {
  private readonly pool: pg.Pool;
  /** Organizations, levels, mappings and account organizations, in the same database. */
  readonly organizations: PostgresOrganizationStore;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
    this.organizations = new PostgresOrganizationStore(pool);
  }

  static async open(connectionString: string, options: { max?: number } = {}): Promise<PostgresAccountStore> {
    const pool = new pg.Pool({ connectionString, max: options.max ?? 5 });
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresAccountStore(pool);
  }

  async findAccount(username: string): Promise<LocalAccount | undefined> {
    return loadAccount(this.pool, username);
  }

  async createAccount(input: NewAccount): Promise<LocalAccount> {
    return this.transaction(async (db) => {
      const id = randomUUID();
      const inserted = await db.query(
        `INSERT INTO linden_accounts (id, username, directory_backed, attributes)
         VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
        [id, input.username, input.directoryBacked, JSON.stringify(input.attributes ?? {})],
      );
      if (inserted.rowCount === 0) {
        throw new SdkError(SdkErrorCode.alreadyExists, `account ${input.username} already exists`);
      }
      await setMemberships(db, id, input.groups ?? []);
      return (await loadAccount(db, input.username)) as LocalAccount;
    });
  }

  async updateAccount(username: string, patch: AccountPatch): Promise<LocalAccount> {
    return this.transaction(async (db) => {
      const row = await db.query<{ id: string }>(
        `UPDATE linden_accounts SET
           directory_backed = COALESCE($2, directory_backed),
           attributes = COALESCE($3, attributes),
           updated_at = now()
         WHERE username = $1 RETURNING id`,
        [
          username,
          patch.directoryBacked ?? null,
          patch.attributes === undefined ? null : JSON.stringify(patch.attributes),
        ],
      );
      const id = row.rows[0]?.id;
      if (id === undefined) throw new SdkError(SdkErrorCode.notFound, `no account ${username}`);
      if (patch.groups !== undefined) await setMemberships(db, id, patch.groups);
      return (await loadAccount(db, username)) as LocalAccount;
    });
  }

  async deleteAccount(username: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM linden_accounts WHERE username = $1', [username]);
    return (result.rowCount ?? 0) > 0;
  }

  async listAccounts(filter: { directoryBacked?: boolean } = {}): Promise<LocalAccount[]> {
    const result = await this.pool.query<{ username: string }>(
      'SELECT username FROM linden_accounts WHERE $1::boolean IS NULL OR directory_backed = $1 ORDER BY username',
      [filter.directoryBacked ?? null],
    );
    const accounts = await Promise.all(result.rows.map((r) => loadAccount(this.pool, r.username)));
    return accounts.filter((a): a is LocalAccount => a !== undefined);
  }

  async findGroup(name: string): Promise<LocalGroup | undefined> {
    const result = await this.pool.query('SELECT * FROM linden_groups WHERE name = $1', [name]);
    const row = result.rows[0];
    return row === undefined ? undefined : toGroup(row);
  }

  async ensureGroup(name: string, options: { directoryBacked?: boolean } = {}) {
    const inserted = await this.pool.query(
      `INSERT INTO linden_groups (name, directory_backed) VALUES ($1, $2)
       ON CONFLICT (name) DO NOTHING RETURNING *`,
      [name, options.directoryBacked ?? false],
    );
    if (inserted.rows[0] !== undefined) return { group: toGroup(inserted.rows[0]), created: true };
    return { group: (await this.findGroup(name)) as LocalGroup, created: false };
  }

  async listGroups(): Promise<LocalGroup[]> {
    const result = await this.pool.query('SELECT * FROM linden_groups ORDER BY name');
    return result.rows.map(toGroup);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private transaction<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS linden_sdk_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM linden_sdk_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO linden_sdk_migrations (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

async function setMemberships(
  db: Queryable,
  accountId: string,
  groups: readonly Membership[],
): Promise<void> {
  await db.query('DELETE FROM linden_account_groups WHERE account_id = $1', [accountId]);
  for (const m of normalizeMemberships(groups)) {
    // A membership names a group; one the store has not seen is recorded as an application group.
    await db.query(
      'INSERT INTO linden_groups (name, directory_backed) VALUES ($1, false) ON CONFLICT DO NOTHING',
      [m.group],
    );
    await db.query('INSERT INTO linden_account_groups (account_id, group_name, owner) VALUES ($1, $2, $3)', [
      accountId,
      m.group,
      m.owner,
    ]);
  }
}

async function loadAccount(db: Queryable, username: string): Promise<LocalAccount | undefined> {
  const result = await db.query('SELECT * FROM linden_accounts WHERE username = $1', [username]);
  const row = result.rows[0];
  if (row === undefined) return undefined;
  const groups = await db.query<{ group_name: string; owner: boolean }>(
    'SELECT group_name, owner FROM linden_account_groups WHERE account_id = $1',
    [row.id],
  );
  return {
    id: row.id,
    username: row.username,
    directoryBacked: row.directory_backed,
    attributes: row.attributes,
    groups: normalizeMemberships(groups.rows.map((g) => ({ group: g.group_name, owner: g.owner }))),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function toGroup(row: { name: string; directory_backed: boolean; created_at: Date }): LocalGroup {
  return {
    name: row.name,
    directoryBacked: row.directory_backed,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
