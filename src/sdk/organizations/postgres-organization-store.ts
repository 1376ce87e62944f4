import type pg from 'pg';
import { SdkError, SdkErrorCode } from '../errors.ts';
import { inTransaction, type Queryable } from '../postgres-transaction.ts';
import { MappingImportError } from './errors.ts';
import type {
  DirectoryMapping,
  ImportProblem,
  MappingImportResult,
  NewOrganization,
  NumberedMapping,
  Organization,
  OrganizationLevel,
  OrganizationPatch,
  OrganizationStore,
} from './model.ts';
import { sortedUnique, UNKNOWN_CODE } from './model.ts';
import { placeholderFor, unknownOrganization } from './placeholder.ts';
import { checkCode, invalid, levelBelow, missing, placeOrganization, topLevel } from './placement.ts';

interface OrganizationRow {
  code: string;
  short_name: string;
  long_name: string;
  parent: string | null;
  level: string;
}

/** The unique_violation SQLSTATE. */
const UNIQUE_VIOLATION = '23505';

/**
 * Organizations in the account store's PostgreSQL database (migration 2).
 * Writes that touch several rows run in one transaction; organization rows
 * an operation depends on are locked (`FOR UPDATE`) before they are checked.
 */
export class PostgresOrganizationStore implements OrganizationStore {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async listLevels(): Promise<OrganizationLevel[]> {
    return levels(this.pool);
  }

  async defineLevel(level: OrganizationLevel): Promise<OrganizationLevel> {
    try {
      await this.pool.query(
        'INSERT INTO linden_organization_levels (name, rank, parent) VALUES ($1, $2, $3)',
        [level.name, level.rank, level.parent],
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new SdkError(SdkErrorCode.alreadyExists, `level ${level.name} or rank ${level.rank} is taken`);
      }
      if ((error as { code?: string }).code === '23503')
        throw missing(`no organization level ${level.parent}`);
      throw error;
    }
    return { name: level.name, rank: level.rank, parent: level.parent };
  }

  async findOrganization(code: string): Promise<Organization | undefined> {
    return findOrg(this.pool, code);
  }

  async listOrganizations(filter: { parent?: string | null } = {}): Promise<Organization[]> {
    const result =
      filter.parent === undefined
        ? await this.pool.query<OrganizationRow>('SELECT * FROM linden_organizations ORDER BY code')
        : await this.pool.query<OrganizationRow>(
            'SELECT * FROM linden_organizations WHERE parent IS NOT DISTINCT FROM $1 ORDER BY code',
            [filter.parent],
          );
    return result.rows.map(toOrganization);
  }

  async createOrganization(input: NewOrganization): Promise<Organization> {
    checkCode(input.code);
    return this.transaction(async (db) => {
      const parentCode = input.parent ?? null;
      const parent = parentCode === null ? null : await findOrg(db, parentCode, true);
      if (parent === undefined) throw missing(`no organization ${parentCode}`);
      const organization: Organization = {
        code: input.code,
        shortName: input.shortName ?? input.code,
        longName: input.longName ?? input.shortName ?? input.code,
        parent: parentCode,
        level: placeOrganization(await levels(db), parent, input.level),
      };
      const inserted = await insertOrg(db, organization);
      if (!inserted)
        throw new SdkError(SdkErrorCode.alreadyExists, `organization ${input.code} already exists`);
      return organization;
    });
  }

  async updateOrganization(code: string, patch: OrganizationPatch): Promise<Organization> {
    if (patch.code !== undefined) checkCode(patch.code);
    return this.transaction(async (db) => {
      const current = await findOrg(db, code, true);
      if (!current) throw missing(`no organization ${code}`);
      const newCode = patch.code ?? code;
      if (newCode !== code && (await findOrg(db, newCode))) {
        throw new SdkError(SdkErrorCode.alreadyExists, `organization ${newCode} already exists`);
      }
      const parentCode = patch.parent === undefined ? current.parent : patch.parent;
      const parent = parentCode === null ? null : await findOrg(db, parentCode, true);
      if (parent === undefined) throw missing(`no organization ${parentCode}`);
      const moved = parentCode !== current.parent || patch.level !== undefined;
      const level = moved ? placeOrganization(await levels(db), parent, patch.level) : current.level;
      if (parentCode !== null && (await ancestors(db, parentCode)).includes(code)) {
        throw invalid(`${code} cannot move below itself`);
      }
      const children = await db.query('SELECT 1 FROM linden_organizations WHERE parent = $1 LIMIT 1', [code]);
      if (level !== current.level && children.rowCount) {
        throw invalid(`${code} has suborganizations and cannot change level`);
      }
      const next: Organization = {
        code: newCode,
        shortName: patch.shortName ?? current.shortName,
        longName: patch.longName ?? current.longName,
        parent: parentCode,
        level,
      };
      // ON UPDATE CASCADE carries the new code into children, mappings and memberships.
      await db.query(
        `UPDATE linden_organizations SET code = $2, short_name = $3, long_name = $4, parent = $5, level = $6
         WHERE code = $1`,
        [code, next.code, next.shortName, next.longName, next.parent, next.level],
      );
      return next;
    });
  }

  async mergeOrganization(from: string, into: string) {
    if (from === into) throw invalid(`cannot merge ${from} into itself`);
    return this.transaction(async (db) => {
      if (!(await findOrg(db, from, true))) throw missing(`no organization ${from}`);
      if (!(await findOrg(db, into, true))) throw missing(`no organization ${into}`);
      const children = await db.query('SELECT 1 FROM linden_organizations WHERE parent = $1 LIMIT 1', [from]);
      if (children.rowCount) throw invalid(`${from} has suborganizations; move them first`);
      const mappings = await db.query<{ directory_string: string }>(
        'UPDATE linden_directory_organizations SET organization = $2 WHERE organization = $1 RETURNING directory_string',
        [from, into],
      );
      const members = await db.query<{ username: string }>(
        `SELECT a.username FROM linden_account_organizations ao JOIN linden_accounts a ON a.id = ao.account_id
         WHERE ao.organization = $1 ORDER BY a.username`,
        [from],
      );
      await db.query(
        `INSERT INTO linden_account_organizations (account_id, organization)
         SELECT account_id, $2 FROM linden_account_organizations WHERE organization = $1
         ON CONFLICT DO NOTHING`,
        [from, into],
      );
      await db.query('DELETE FROM linden_account_organizations WHERE organization = $1', [from]);
      await db.query('DELETE FROM linden_organizations WHERE code = $1', [from]);
      return {
        movedMembers: members.rows.map((r) => r.username),
        movedMappings: sortedUnique(mappings.rows.map((r) => r.directory_string)),
      };
    });
  }

  async findMapping(directoryString: string): Promise<string | undefined> {
    const result = await this.pool.query<{ organization: string }>(
      'SELECT organization FROM linden_directory_organizations WHERE directory_string = $1',
      [directoryString],
    );
    return result.rows[0]?.organization;
  }

  async listMappings(filter: { organization?: string } = {}): Promise<DirectoryMapping[]> {
    const result = await this.pool.query<{ directory_string: string; organization: string }>(
      `SELECT directory_string, organization FROM linden_directory_organizations
       WHERE $1::text IS NULL OR organization = $1 ORDER BY directory_string`,
      [filter.organization ?? null],
    );
    return result.rows.map((r) => ({ directoryString: r.directory_string, organization: r.organization }));
  }

  async importMappings(
    mappings: readonly NumberedMapping[],
    options: { replace?: boolean; dryRun?: boolean } = {},
  ): Promise<MappingImportResult> {
    return this.transaction(async (db) => {
      const problems: ImportProblem[] = [];
      const result = {
        added: [] as DirectoryMapping[],
        replaced: [] as DirectoryMapping[],
        unchanged: [] as DirectoryMapping[],
      };
      for (const m of mappings) {
        if (!(await findOrg(db, m.organization, true))) {
          problems.push({ line: m.line, message: `no organization ${m.organization}` });
          continue;
        }
        const current = await db.query<{ organization: string }>(
          'SELECT organization FROM linden_directory_organizations WHERE directory_string = $1 FOR UPDATE',
          [m.directoryString],
        );
        const existing = current.rows[0]?.organization;
        const mapping = { directoryString: m.directoryString, organization: m.organization };
        if (existing === m.organization) result.unchanged.push(mapping);
        else if (existing === undefined) result.added.push(mapping);
        else if (options.replace) result.replaced.push(mapping);
        else {
          problems.push({
            line: m.line,
            message: `${JSON.stringify(m.directoryString)} already maps to ${existing} (use replace to change it)`,
          });
        }
      }
      if (problems.length) throw new MappingImportError(problems);
      if (!options.dryRun) {
        for (const m of [...result.added, ...result.replaced]) {
          await db.query(
            `INSERT INTO linden_directory_organizations (directory_string, organization) VALUES ($1, $2)
             ON CONFLICT (directory_string) DO UPDATE SET organization = EXCLUDED.organization`,
            [m.directoryString, m.organization],
          );
        }
      }
      return result;
    });
  }

  async createPlaceholder(
    directoryString: string,
  ): Promise<{ organization: Organization; created: boolean }> {
    const mapped = await this.findMapping(directoryString);
    const existing = mapped === undefined ? undefined : await findOrg(this.pool, mapped);
    if (existing) return { organization: existing, created: false };
    const attempt = await this.transaction(async (db) => {
      const all = await levels(db);
      await insertOrg(db, unknownOrganization(topLevel(all)?.name));
      const unknown = (await findOrg(db, UNKNOWN_CODE)) as Organization;
      const below = levelBelow(all, unknown.level);
      if (!below) throw invalid('placeholders need a top organization level and one below it');
      const organization = placeholderFor(directoryString, below.name);
      await insertOrg(db, organization);
      // A concurrent first sight of the same string waits here for the other
      // transaction, then inserts nothing: its placeholder is used instead.
      const mapping = await db.query(
        `INSERT INTO linden_directory_organizations (directory_string, organization) VALUES ($1, $2)
         ON CONFLICT DO NOTHING`,
        [directoryString, organization.code],
      );
      if (!mapping.rowCount) throw new LostRace();
      return organization;
    }).catch((error: unknown) => {
      if (error instanceof LostRace) return undefined;
      throw error;
    });
    if (attempt) return { organization: attempt, created: true };
    return this.createPlaceholder(directoryString);
  }

  async accountOrganizations(username: string): Promise<string[]> {
    const result = await this.pool.query<{ organization: string }>(
      `SELECT ao.organization FROM linden_account_organizations ao JOIN linden_accounts a ON a.id = ao.account_id
       WHERE a.username = $1`,
      [username],
    );
    return sortedUnique(result.rows.map((r) => r.organization));
  }

  async setAccountOrganizations(username: string, codes: readonly string[]): Promise<string[]> {
    const next = sortedUnique(codes);
    return this.transaction(async (db) => {
      const account = await db.query<{ id: string }>(
        'SELECT id FROM linden_accounts WHERE username = $1 FOR UPDATE',
        [username],
      );
      const id = account.rows[0]?.id;
      if (id === undefined) throw missing(`no account ${username}`);
      for (const code of next) if (!(await findOrg(db, code, true))) throw missing(`no organization ${code}`);
      await db.query(
        'DELETE FROM linden_account_organizations WHERE account_id = $1 AND NOT organization = ANY($2)',
        [id, next],
      );
      await db.query(
        `INSERT INTO linden_account_organizations (account_id, organization)
         SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [id, next],
      );
      return next;
    });
  }

  async membersOf(code: string): Promise<string[]> {
    const result = await this.pool.query<{ username: string }>(
      `SELECT a.username FROM linden_account_organizations ao JOIN linden_accounts a ON a.id = ao.account_id
       WHERE ao.organization = $1 ORDER BY a.username`,
      [code],
    );
    return result.rows.map((r) => r.username);
  }

  private transaction<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }
}

/** Another transaction mapped the same string first. */
class LostRace extends Error {}

async function levels(db: Queryable): Promise<OrganizationLevel[]> {
  const result = await db.query<OrganizationLevel>(
    'SELECT name, rank, parent FROM linden_organization_levels ORDER BY rank DESC',
  );
  return result.rows.map((r) => ({ name: r.name, rank: r.rank, parent: r.parent }));
}

async function findOrg(db: Queryable, code: string, lock = false): Promise<Organization | undefined> {
  const result = await db.query<OrganizationRow>(
    `SELECT * FROM linden_organizations WHERE code = $1${lock ? ' FOR UPDATE' : ''}`,
    [code],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toOrganization(row);
}

/** Inserts an organization; false (and nothing written) when the code is taken. */
async function insertOrg(db: Queryable, o: Organization): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO linden_organizations (code, short_name, long_name, parent, level) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO NOTHING`,
    [o.code, o.shortName, o.longName, o.parent, o.level],
  );
  return (result.rowCount ?? 0) > 0;
}

async function ancestors(db: Queryable, code: string): Promise<string[]> {
  const result = await db.query<{ code: string }>(
    `WITH RECURSIVE up(code, parent, depth) AS (
       SELECT code, parent, 0 FROM linden_organizations WHERE code = $1
       UNION ALL
       SELECT o.code, o.parent, up.depth + 1 FROM linden_organizations o JOIN up ON o.code = up.parent
       WHERE up.depth < 100
     ) SELECT code FROM up`,
    [code],
  );
  return result.rows.map((r) => r.code);
}

function toOrganization(row: OrganizationRow): Organization {
  return {
    code: row.code,
    shortName: row.short_name,
    longName: row.long_name,
    parent: row.parent,
    level: row.level,
  };
}
