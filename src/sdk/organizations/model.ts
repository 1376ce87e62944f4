/**
 * Organizations as the SDK keeps them beside accounts: a hierarchy of
 * organizations at named levels (University > College > Department by
 * default), directory strings mapped onto organizations, and the
 * organizations each account belongs to.
 *
 * Organizations are named by their `code` everywhere (parents, mappings,
 * memberships); renaming a code rewrites every reference in one transaction.
 */

/** A rung of the hierarchy. The level without a parent is the top; a higher rank is nearer the top. */
export interface OrganizationLevel {
  readonly name: string;
  readonly rank: number;
  readonly parent: string | null;
}

export interface Organization {
  readonly code: string;
  readonly shortName: string;
  readonly longName: string;
  /** The parent organization's code; null only at the top level. */
  readonly parent: string | null;
  readonly level: string;
}

export interface NewOrganization {
  readonly code: string;
  readonly shortName?: string;
  readonly longName?: string;
  readonly parent?: string | null;
  /** Default: the level below the parent's, or the top level when there is no parent. */
  readonly level?: string;
}

export interface OrganizationPatch {
  readonly code?: string;
  readonly shortName?: string;
  readonly longName?: string;
  readonly parent?: string | null;
  readonly level?: string;
}

/** One directory string and the organization it stands for. */
export interface DirectoryMapping {
  readonly directoryString: string;
  readonly organization: string;
}

export interface MappingImportResult {
  readonly added: readonly DirectoryMapping[];
  /** Mappings whose organization changed (only with `replace`). */
  readonly replaced: readonly DirectoryMapping[];
  /** Already present as given. */
  readonly unchanged: readonly DirectoryMapping[];
}

/** A problem with one line of a mapping import; `line` is 1-based. */
export interface ImportProblem {
  readonly line: number;
  readonly message: string;
}

export interface NumberedMapping extends DirectoryMapping {
  readonly line: number;
}

/**
 * The organization half of an account store. `LmdbAccountStore` and
 * `PostgresAccountStore` each expose one as `.organizations`, sharing the
 * account store's database so that memberships follow accounts.
 */
export interface OrganizationStore {
  /** Levels, top first. */
  listLevels(): Promise<OrganizationLevel[]>;
  /** Throws `LINDEN_SDK_ALREADY_EXISTS` for a taken name or rank. */
  defineLevel(level: OrganizationLevel): Promise<OrganizationLevel>;
  findOrganization(code: string): Promise<Organization | undefined>;
  /** All organizations, or only the children of `parent`; sorted by code. */
  listOrganizations(filter?: { parent?: string | null }): Promise<Organization[]>;
  /** Checks the level against the parent's; throws `LINDEN_SDK_ALREADY_EXISTS` for a taken code. */
  createOrganization(organization: NewOrganization): Promise<Organization>;
  /** Renames and/or moves; references to the old code follow a new one. */
  updateOrganization(code: string, patch: OrganizationPatch): Promise<Organization>;
  /**
   * Folds `from` into `into` in one transaction: `from`'s mappings point at
   * `into`, its members become members of `into`, and `from` is deleted.
   */
  mergeOrganization(from: string, into: string): Promise<{ movedMembers: string[]; movedMappings: string[] }>;
  /** The organization a directory string maps to. */
  findMapping(directoryString: string): Promise<string | undefined>;
  listMappings(filter?: { organization?: string }): Promise<DirectoryMapping[]>;
  /**
   * Adds mappings in one transaction, or none: every problem (unknown
   * organization, a string already mapped elsewhere without `replace`) is
   * collected and thrown as a `MappingImportError`.
   */
  importMappings(
    mappings: readonly NumberedMapping[],
    options?: { replace?: boolean; dryRun?: boolean },
  ): Promise<MappingImportResult>;
  /**
   * The organization for an unmatched string: ensures the top-level
   * "Unknown" organization, creates a placeholder below it and maps the
   * string to it, all in one transaction. If the string was mapped meanwhile,
   * that mapping wins and nothing is created.
   */
  createPlaceholder(directoryString: string): Promise<{ organization: Organization; created: boolean }>;
  /** Codes of an account's organizations, sorted; empty for an unknown account. */
  accountOrganizations(username: string): Promise<string[]>;
  /** Throws `LINDEN_SDK_NOT_FOUND` for an unknown account or organization. */
  setAccountOrganizations(username: string, codes: readonly string[]): Promise<string[]>;
  /** Usernames of an organization's members, sorted. */
  membersOf(code: string): Promise<string[]>;
}

export const DEFAULT_LEVELS: readonly OrganizationLevel[] = [
  { name: 'University', rank: 40, parent: null },
  { name: 'College', rank: 30, parent: 'University' },
  { name: 'Department', rank: 20, parent: 'College' },
];

/** The top-level organization that placeholders hang under (ColdFront's "Unknown"). */
export const UNKNOWN_CODE = 'Unknown';
export const PLACEHOLDER_PREFIX = 'Unknown_';

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compare);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
