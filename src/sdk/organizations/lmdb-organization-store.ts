import type { RootDatabase } from 'lmdb';
import { SdkError, SdkErrorCode } from '../errors.ts';
import { MappingImportError } from './errors.ts';
import {
  DEFAULT_LEVELS,
  type DirectoryMapping,
  type ImportProblem,
  type MappingImportResult,
  type NewOrganization,
  type NumberedMapping,
  type Organization,
  type OrganizationLevel,
  type OrganizationPatch,
  type OrganizationStore,
  sortedUnique,
  UNKNOWN_CODE,
} from './model.ts';
import { placeholderFor, unknownOrganization } from './placeholder.ts';
import { checkCode, invalid, levelBelow, missing, placeOrganization, topLevel } from './placement.ts';

/** What one write transaction does, decided before anything is written. */
interface WritePlan<T> {
  readonly puts?: readonly (readonly [string, unknown])[];
  readonly removes?: readonly string[];
  readonly result: T;
}

const LEVEL = 'orglevel:';
const ORG = 'org:';
const MAPPING = 'dir2org:';
const MEMBERS = 'aorg:';
const ACCOUNT = 'a:';
/** Set once the default levels were written, so deleting them all later does not bring them back. */
const LEVELS_SEEDED = 'orgmeta:levels-seeded';

/** The next key after every key that starts with `prefix`. */
const end = (prefix: string) => `${prefix.slice(0, -1)};`;

/**
 * Organizations in the account store's LMDB environment. Keys:
 * `orglevel:<name>`, `org:<code>`, `dir2org:<directory string>` → code,
 * `aorg:<username>` → codes. Every write is planned inside one transaction
 * and applied only once every check passed, so a refused operation writes nothing.
 */
export class LmdbOrganizationStore implements OrganizationStore {
  private readonly db: RootDatabase<unknown, string>;
  private seeded: Promise<void> | undefined;

  constructor(db: RootDatabase<unknown, string>) {
    this.db = db;
  }

  async listLevels(): Promise<OrganizationLevel[]> {
    await this.seed();
    return this.levels();
  }

  async defineLevel(level: OrganizationLevel): Promise<OrganizationLevel> {
    await this.seed();
    return this.write(() => {
      const levels = this.levels();
      if (levels.some((l) => l.name === level.name || l.rank === level.rank)) {
        throw new SdkError(SdkErrorCode.alreadyExists, `level ${level.name} or rank ${level.rank} is taken`);
      }
      if (level.parent !== null && !levels.some((l) => l.name === level.parent)) {
        throw missing(`no organization level ${level.parent}`);
      }
      const stored = { name: level.name, rank: level.rank, parent: level.parent };
      return { puts: [[LEVEL + level.name, stored]], result: stored };
    });
  }

  async findOrganization(code: string): Promise<Organization | undefined> {
    return this.org(code);
  }

  async listOrganizations(filter: { parent?: string | null } = {}): Promise<Organization[]> {
    const all = this.range<Organization>(ORG);
    return filter.parent === undefined ? all : all.filter((o) => o.parent === filter.parent);
  }

  async createOrganization(input: NewOrganization): Promise<Organization> {
    await this.seed();
    checkCode(input.code);
    return this.write(() => {
      if (this.org(input.code)) {
        throw new SdkError(SdkErrorCode.alreadyExists, `organization ${input.code} already exists`);
      }
      const organization = this.place(input.code, input, input.parent ?? null, input.level);
      return { puts: [[ORG + input.code, organization]], result: organization };
    });
  }

  async updateOrganization(code: string, patch: OrganizationPatch): Promise<Organization> {
    if (patch.code !== undefined) checkCode(patch.code);
    return this.write(() => {
      const current = this.org(code);
      if (!current) throw missing(`no organization ${code}`);
      const newCode = patch.code ?? code;
      if (newCode !== code && this.org(newCode)) {
        throw new SdkError(SdkErrorCode.alreadyExists, `organization ${newCode} already exists`);
      }
      const parent = patch.parent === undefined ? current.parent : patch.parent;
      const moved = parent !== current.parent || patch.level !== undefined;
      const next = moved
        ? this.place(newCode, { ...current, ...patch }, parent, patch.level)
        : { ...current, ...strip(patch), code: newCode };
      if (this.ancestors(parent).includes(code)) throw invalid(`${code} cannot move below itself`);
      const children = this.range<Organization>(ORG).filter((o) => o.parent === code);
      if (next.level !== current.level && children.length) {
        throw invalid(`${code} has suborganizations and cannot change level`);
      }
      if (newCode === code) return { puts: [[ORG + code, next]], result: next };
      // A new code: every reference follows.
      const puts: (readonly [string, unknown])[] = [[ORG + newCode, next]];
      for (const child of children) puts.push([ORG + child.code, { ...child, parent: newCode }]);
      for (const m of this.mappings()) {
        if (m.organization === code) puts.push([MAPPING + m.directoryString, newCode]);
      }
      for (const [username, codes] of this.memberships()) {
        if (codes.includes(code)) {
          puts.push([MEMBERS + username, sortedUnique(codes.map((c) => (c === code ? newCode : c)))]);
        }
      }
      return { puts, removes: [ORG + code], result: next };
    });
  }

  async mergeOrganization(from: string, into: string) {
    return this.write(() => {
      if (from === into) throw invalid(`cannot merge ${from} into itself`);
      if (!this.org(from)) throw missing(`no organization ${from}`);
      if (!this.org(into)) throw missing(`no organization ${into}`);
      if (this.range<Organization>(ORG).some((o) => o.parent === from)) {
        throw invalid(`${from} has suborganizations; move them first`);
      }
      const puts: (readonly [string, unknown])[] = [];
      const movedMappings: string[] = [];
      for (const m of this.mappings()) {
        if (m.organization !== from) continue;
        puts.push([MAPPING + m.directoryString, into]);
        movedMappings.push(m.directoryString);
      }
      const movedMembers: string[] = [];
      for (const [username, codes] of this.memberships()) {
        if (!codes.includes(from)) continue;
        puts.push([MEMBERS + username, sortedUnique([...codes.filter((c) => c !== from), into])]);
        movedMembers.push(username);
      }
      return { puts, removes: [ORG + from], result: { movedMembers, movedMappings } };
    });
  }

  async findMapping(directoryString: string): Promise<string | undefined> {
    return this.db.get(MAPPING + directoryString) as string | undefined;
  }

  async listMappings(filter: { organization?: string } = {}): Promise<DirectoryMapping[]> {
    const all = this.mappings();
    return filter.organization === undefined
      ? all
      : all.filter((m) => m.organization === filter.organization);
  }

  async importMappings(
    mappings: readonly NumberedMapping[],
    options: { replace?: boolean; dryRun?: boolean } = {},
  ): Promise<MappingImportResult> {
    return this.write(() => {
      const problems: ImportProblem[] = [];
      const result = {
        added: [] as DirectoryMapping[],
        replaced: [] as DirectoryMapping[],
        unchanged: [] as DirectoryMapping[],
      };
      for (const m of mappings) {
        if (!this.org(m.organization)) {
          problems.push({ line: m.line, message: `no organization ${m.organization}` });
          continue;
        }
        const current = this.db.get(MAPPING + m.directoryString) as string | undefined;
        const mapping = { directoryString: m.directoryString, organization: m.organization };
        if (current === m.organization) result.unchanged.push(mapping);
        else if (current === undefined) result.added.push(mapping);
        else if (options.replace) result.replaced.push(mapping);
        else {
          problems.push({
            line: m.line,
            message: `${JSON.stringify(m.directoryString)} already maps to ${current} (use replace to change it)`,
          });
        }
      }
      if (problems.length) throw new MappingImportError(problems);
      const puts = options.dryRun
        ? []
        : [...result.added, ...result.replaced].map(
            (m) => [MAPPING + m.directoryString, m.organization] as const,
          );
      return { puts, result };
    });
  }

  async createPlaceholder(directoryString: string) {
    await this.seed();
    return this.write((): WritePlan<{ organization: Organization; created: boolean }> => {
      const mapped = this.db.get(MAPPING + directoryString) as string | undefined;
      const existing = mapped === undefined ? undefined : this.org(mapped);
      if (existing) return { result: { organization: existing, created: false } };
      const levels = this.levels();
      const unknown = this.org(UNKNOWN_CODE) ?? unknownOrganization(topLevel(levels)?.name);
      const below = levelBelow(levels, unknown.level);
      if (!below) throw invalid('placeholders need a top organization level and one below it');
      const puts: (readonly [string, unknown])[] = [];
      if (!this.org(UNKNOWN_CODE)) puts.push([ORG + UNKNOWN_CODE, unknown]);
      const organization = placeholderFor(directoryString, below.name);
      puts.push([ORG + organization.code, organization], [MAPPING + directoryString, organization.code]);
      return { puts, result: { organization, created: true } };
    });
  }

  async accountOrganizations(username: string): Promise<string[]> {
    return [...((this.db.get(MEMBERS + username) as string[] | undefined) ?? [])];
  }

  async setAccountOrganizations(username: string, codes: readonly string[]): Promise<string[]> {
    return this.write(() => {
      if (this.db.get(ACCOUNT + username) === undefined) throw missing(`no account ${username}`);
      const next = sortedUnique(codes);
      for (const code of next) if (!this.org(code)) throw missing(`no organization ${code}`);
      return next.length
        ? { puts: [[MEMBERS + username, next]], result: next }
        : { removes: [MEMBERS + username], result: next };
    });
  }

  async membersOf(code: string): Promise<string[]> {
    return this.memberships()
      .filter(([, codes]) => codes.includes(code))
      .map(([username]) => username);
  }

  /** Called by the account store when an account is deleted, inside its transaction. */
  static membershipKey(username: string): string {
    return MEMBERS + username;
  }

  private async write<T>(plan: () => WritePlan<T>): Promise<T> {
    return this.db.transaction(() => {
      const { puts = [], removes = [], result } = plan();
      for (const key of removes) void this.db.remove(key);
      for (const [key, value] of puts) void this.db.put(key, value);
      return result;
    });
  }

  private seed(): Promise<void> {
    this.seeded ??= this.write(() => {
      if (this.db.get(LEVELS_SEEDED) !== undefined || this.levels().length) return { result: undefined };
      const puts: (readonly [string, unknown])[] = DEFAULT_LEVELS.map(
        (l) => [LEVEL + l.name, { ...l }] as const,
      );
      return { puts: [...puts, [LEVELS_SEEDED, true]], result: undefined };
    });
    return this.seeded;
  }

  private levels(): OrganizationLevel[] {
    return this.range<OrganizationLevel>(LEVEL).sort((a, b) => b.rank - a.rank);
  }

  private org(code: string): Organization | undefined {
    return this.db.get(ORG + code) as Organization | undefined;
  }

  private place(
    code: string,
    names: { shortName?: string; longName?: string },
    parentCode: string | null,
    level: string | undefined,
  ): Organization {
    const parent = parentCode === null ? null : this.org(parentCode);
    if (parent === undefined) throw missing(`no organization ${parentCode}`);
    return {
      code,
      shortName: names.shortName ?? code,
      longName: names.longName ?? names.shortName ?? code,
      parent: parentCode,
      level: placeOrganization(this.levels(), parent, level),
    };
  }

  private ancestors(code: string | null): string[] {
    const out: string[] = [];
    for (let at = code; at !== null && !out.includes(at); at = this.org(at)?.parent ?? null) out.push(at);
    return out;
  }

  private mappings(): DirectoryMapping[] {
    return [...this.db.getRange({ start: MAPPING, end: end(MAPPING) })].map(({ key, value }) => ({
      directoryString: key.slice(MAPPING.length),
      organization: value as string,
    }));
  }

  private memberships(): [string, string[]][] {
    return [...this.db.getRange({ start: MEMBERS, end: end(MEMBERS) })].map(({ key, value }) => [
      key.slice(MEMBERS.length),
      value as string[],
    ]);
  }

  private range<T>(prefix: string): T[] {
    return [...this.db.getRange({ start: prefix, end: end(prefix) })].map(({ value }) => value as T);
  }
}

function strip(patch: OrganizationPatch): Partial<Organization> {
  const out: { shortName?: string; longName?: string } = {};
  if (patch.shortName !== undefined) out.shortName = patch.shortName;
  if (patch.longName !== undefined) out.longName = patch.longName;
  return out;
}
