import type { AccountStore } from '../accounts/model.ts';
import { SdkError, SdkErrorCode } from '../errors.ts';
import type { OrganizationStore } from './model.ts';

/**
 * How accounts get their organizations from the directory. Each key is the
 * Linden spelling of a ColdFront setting (named beside it).
 */
export interface OrganizationSettings {
  /** ORGANIZATION_LDAP_USER_ATTRIBUTE: the user attribute whose values name organizations, e.g. `departmentNumber`. */
  readonly userAttribute: string;
  /** ORGANIZATION_LDAP_AUTH_POPULATE_USER_ORGANIZATIONS: update an account's organizations at every login. Default false. */
  readonly populateOnLogin?: boolean;
  /** ORGANIZATION_LDAP_USER_ADD_PARENTS: add every ancestor of each organization found. Default false. */
  readonly addParents?: boolean;
  /** ORGANIZATION_LDAP_USER_CREATE_PLACEHOLDERS: a placeholder below "Unknown" for each unmatched string. Default false. */
  readonly createPlaceholders?: boolean;
  /** ORGANIZATION_LDAP_USER_DELETE_MISSING: drop organizations the directory no longer justifies. Default false. */
  readonly deleteMissing?: boolean;
}

/** The three update options; each defaults to off. */
export interface OrganizationUpdateOptions {
  readonly addParents?: boolean;
  readonly createPlaceholders?: boolean;
  readonly deleteMissing?: boolean;
  /** Work out the change without writing anything (no placeholders either). */
  readonly dryRun?: boolean;
}

const FLAGS = ['populateOnLogin', 'addParents', 'createPlaceholders', 'deleteMissing'] as const;

/** Checks settings read from a file, so a typo is an error at start-up rather than a silent default. */
export function resolveOrganizationSettings(input: unknown): OrganizationSettings {
  if (typeof input !== 'object' || input === null) throw invalid('organizations must be an object');
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'userAttribute' && !(FLAGS as readonly string[]).includes(key)) {
      throw invalid(`unknown organizations setting ${key}`);
    }
  }
  const attribute = record.userAttribute;
  if (typeof attribute !== 'string' || !/^[A-Za-z][A-Za-z0-9-]*$|^\d+(\.\d+)+$/.test(attribute)) {
    throw invalid(`organizations.userAttribute must be an attribute name, got ${JSON.stringify(attribute)}`);
  }
  const out: Record<string, unknown> = { userAttribute: attribute };
  for (const flag of FLAGS) {
    const value = record[flag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw invalid(`organizations.${flag} must be true or false`);
    out[flag] = value;
  }
  return out as unknown as OrganizationSettings;
}

/** The organization store that lives beside an account store (both SDK stores have one). */
export function organizationStoreOf(store: AccountStore): OrganizationStore {
  const candidate = (store as Partial<{ organizations: OrganizationStore }>).organizations;
  if (!candidate) throw invalid('this account store keeps no organizations; pass organizationStore');
  return candidate;
}

function invalid(message: string): SdkError {
  return new SdkError(SdkErrorCode.invalidConfig, message);
}
