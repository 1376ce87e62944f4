import { compare, type OrganizationStore, sortedUnique, UNKNOWN_CODE } from './model.ts';
import type { OrganizationUpdateOptions } from './settings.ts';

/** What updating one account's organizations did (or, in a dry run, would do). */
export interface OrganizationUpdate {
  readonly username: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /**
   * Directory strings that got a new placeholder. In a dry run they are listed
   * here only: the placeholder's code does not exist yet, so it is in no other list.
   */
  readonly placeholders: readonly string[];
  /** Directory strings no mapping matched (placeholders off). */
  readonly ignored: readonly string[];
  readonly changed: boolean;
  readonly dryRun: boolean;
}

/**
 * ColdFront's `update_user_organizations_from_dirstrings`: maps each directory
 * string through the mappings and brings the account's organizations up to date.
 * - `addParents`: every ancestor of a matched organization is added too.
 * - `createPlaceholders`: an unmatched string gets a placeholder below
 *   "Unknown" and a mapping, so the next account with it reuses the placeholder.
 * - `deleteMissing`: organizations no string (or ancestor) justifies are dropped;
 *   without it the account only ever gains organizations.
 */
export async function updateAccountOrganizations(
  store: OrganizationStore,
  username: string,
  directoryStrings: readonly string[],
  options: OrganizationUpdateOptions = {},
): Promise<OrganizationUpdate> {
  const dryRun = options.dryRun ?? false;
  const before = await store.accountOrganizations(username);
  const justified = new Set<string>();
  const placeholders: string[] = [];
  const ignored: string[] = [];
  for (const value of sortedUnique(directoryStrings.filter((s) => s.length > 0))) {
    const mapped = await store.findMapping(value);
    if (mapped !== undefined) justified.add(mapped);
    else if (!options.createPlaceholders) ignored.push(value);
    else if (dryRun) {
      placeholders.push(value);
      // Placeholders sit directly below "Unknown".
      if (options.addParents) justified.add(UNKNOWN_CODE);
    } else {
      const { organization, created } = await store.createPlaceholder(value);
      if (created) placeholders.push(value);
      justified.add(organization.code);
    }
  }
  if (options.addParents) {
    for (const code of [...justified]) for (const up of await ancestorsOf(store, code)) justified.add(up);
  }
  const after = sortedUnique(options.deleteMissing ? justified : [...before, ...justified]);
  const added = after.filter((c) => !before.includes(c));
  const removed = before.filter((c) => !after.includes(c));
  const changed = added.length > 0 || removed.length > 0 || (dryRun && placeholders.length > 0);
  if (changed && !dryRun) await store.setAccountOrganizations(username, after);
  return { username, before, after, added, removed, placeholders, ignored, changed, dryRun };
}

async function ancestorsOf(store: OrganizationStore, code: string): Promise<string[]> {
  const out: string[] = [];
  let parent = (await store.findOrganization(code))?.parent ?? null;
  while (parent !== null && !out.includes(parent)) {
    out.push(parent);
    parent = (await store.findOrganization(parent))?.parent ?? null;
  }
  return out.sort(compare);
}
