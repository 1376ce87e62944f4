import type { AccountStore, LocalAccount } from '../accounts/model.ts';
import type { Directory } from '../directory.ts';
import { LoginFailedError } from '../errors.ts';
import type { OrganizationStore } from './model.ts';
import { type OrganizationUpdateOptions, organizationStoreOf } from './settings.ts';
import { type OrganizationUpdate, updateAccountOrganizations } from './update.ts';

export interface OrganizationsProgress {
  readonly done: number;
  readonly total: number;
  readonly username: string;
  readonly outcome: 'updated' | 'unchanged' | 'vanished' | 'failed';
}

export interface UpdateOrganizationsOptions extends OrganizationUpdateOptions {
  readonly directory: Directory;
  readonly store: AccountStore;
  /** Default: the account store's own. */
  readonly organizationStore?: OrganizationStore;
  /** ORGANIZATION_LDAP_USER_ATTRIBUTE. */
  readonly userAttribute: string;
  /** Only these accounts; default every directory-backed (active) account. */
  readonly usernames?: readonly string[];
  readonly onProgress?: (progress: OrganizationsProgress) => void;
}

export interface UpdateOrganizationsReport {
  readonly total: number;
  readonly updated: readonly OrganizationUpdate[];
  readonly unchanged: readonly string[];
  /** Accounts whose directory entry is gone; their organizations are left as they were. */
  readonly vanished: readonly string[];
  /** Named accounts that are not in the store or not directory-backed. */
  readonly unknown: readonly string[];
  readonly failed: readonly { username: string; error: string }[];
  readonly dryRun: boolean;
}

/**
 * ColdFront's `update_user_organizations_from_ldap`: reads each account's
 * entry as the service identity and updates its organizations from the
 * configured attribute. Accounts are processed one after another, so each
 * new placeholder is seen by the accounts after it.
 */
export async function updateOrganizations(
  options: UpdateOrganizationsOptions,
): Promise<UpdateOrganizationsReport> {
  const organizations = options.organizationStore ?? organizationStoreOf(options.store);
  const unknown: string[] = [];
  let accounts: LocalAccount[];
  if (options.usernames) {
    accounts = [];
    for (const username of options.usernames) {
      const account = await options.store.findAccount(username);
      if (account?.directoryBacked) accounts.push(account);
      else unknown.push(username);
    }
  } else {
    accounts = await options.store.listAccounts({ directoryBacked: true });
  }
  const report = {
    updated: [] as OrganizationUpdate[],
    unchanged: [] as string[],
    vanished: [] as string[],
    failed: [] as { username: string; error: string }[],
  };
  let done = 0;
  for (const { username } of accounts) {
    let outcome: OrganizationsProgress['outcome'];
    try {
      const entry = await options.directory.findUser(username, [options.userAttribute]);
      const values = attributeValues(entry.attributes, options.userAttribute);
      const update = await updateAccountOrganizations(organizations, username, values, options);
      if (update.changed) report.updated.push(update);
      else report.unchanged.push(username);
      outcome = update.changed ? 'updated' : 'unchanged';
    } catch (error) {
      if (error instanceof LoginFailedError && error.reason === 'unknownUser') {
        outcome = 'vanished';
        report.vanished.push(username);
      } else {
        outcome = 'failed';
        report.failed.push({ username, error: (error as Error).message });
      }
    }
    done++;
    options.onProgress?.({ done, total: accounts.length, username, outcome });
  }
  return { total: accounts.length, ...report, unknown, dryRun: options.dryRun ?? false };
}

/** An attribute's values, whatever case the server spelled its name in. */
export function attributeValues(
  attributes: Readonly<Record<string, readonly string[]>>,
  name: string,
): string[] {
  const lower = name.toLowerCase();
  for (const [key, values] of Object.entries(attributes)) if (key.toLowerCase() === lower) return [...values];
  return [];
}
