import type { AccountStore, LocalAccount, Membership } from '../accounts/model.ts';
import { normalizeMemberships } from '../accounts/model.ts';
import type { Attributes, DirectoryEntry } from '../connection/connection.ts';
import type { AuthenticatedUser, Directory } from '../directory.ts';
import { LoginFailedError, SdkError, SdkErrorCode } from '../errors.ts';
import type { OrganizationStore } from '../organizations/model.ts';
import { type OrganizationSettings, organizationStoreOf } from '../organizations/settings.ts';
import { type OrganizationUpdate, updateAccountOrganizations } from '../organizations/update.ts';
import { attributeValues } from '../organizations/update-accounts.ts';
import {
  type AttributeMapping,
  DEFAULT_ATTRIBUTE_MAPPING,
  mapAttributes,
  parseAttributeMapping,
} from './attribute-mapping.ts';
import {
  evaluateGroupRules,
  type GroupLookupConfig,
  type GroupRule,
  type GroupRulePlugin,
  parseGroupRule,
} from './group-rules.ts';

export interface ProvisioningConfig extends GroupLookupConfig {
  readonly directory: Directory;
  readonly store: AccountStore;
  /** `firstName=givenName;lastName=sn;email=mail` or an object; default as shown. */
  readonly attributeMapping?: string | AttributeMapping;
  /** One rule or several (see `group-rules.ts`); evaluated when an account is created. */
  readonly newUserGroups?: string | readonly string[];
  /** Filter ANDed to group queries to decide group ownership, e.g. `(owner=@{dn})`. */
  readonly newUserGroupOwner?: string;
  /** Applications' `:bean:NAME` rules. */
  readonly plugins?: Readonly<Record<string, GroupRulePlugin>>;
  /** Re-read attributes and re-apply group rules at every login; default false. */
  readonly syncOnLogin?: boolean;
  /**
   * Checks the password of an account that is not directory-backed. Without
   * it such accounts cannot log in through the provisioner.
   */
  readonly verifyLocalPassword?: (account: LocalAccount, password: string) => Promise<boolean>;
  /** Organizations from the directory; with `populateOnLogin`, every directory login updates them. */
  readonly organizations?: OrganizationSettings;
  /** Where organizations are kept; default the account store's own (`store.organizations`). */
  readonly organizationStore?: OrganizationStore;
}

export interface LoginResult {
  readonly account: LocalAccount;
  /** The local account was created by this login. */
  readonly created: boolean;
  /** Present for directory-backed logins. */
  readonly user?: AuthenticatedUser;
  /** Present when organizations are populated at login. */
  readonly organizations?: OrganizationUpdate;
}

/** What the directory says an account should look like now. */
export interface DesiredAccount {
  readonly attributes: Record<string, string>;
  readonly groups: Membership[];
}

/**
 * Login with provisioning, as OMERO's LDAP password provider does it: a
 * directory-backed account's password is checked against the directory only,
 * the DN is looked up at every login and never stored, and an unknown name
 * becomes a local account only when the search finds exactly one entry and
 * the bind succeeds.
 */
export class Provisioner {
  readonly directory: Directory;
  readonly store: AccountStore;
  private readonly mapping: AttributeMapping;
  private readonly rules: GroupRule[];
  private readonly config: ProvisioningConfig;
  private readonly readAttributes: string[];

  constructor(config: ProvisioningConfig) {
    this.config = config;
    this.directory = config.directory;
    this.store = config.store;
    this.mapping = parseAttributeMapping(config.attributeMapping ?? DEFAULT_ATTRIBUTE_MAPPING);
    const rules = config.newUserGroups ?? [];
    this.rules = (typeof rules === 'string' ? [rules] : rules).map(parseGroupRule);
    const ruleAttributes = this.rules.flatMap((r) => (r.kind === 'attribute' ? [r.attribute] : []));
    // '*' brings user attributes; operational ones such as memberOf must be named.
    const organizationAttribute = config.organizations?.populateOnLogin
      ? [config.organizations.userAttribute]
      : [];
    this.readAttributes = [
      ...new Set(['*', ...Object.values(this.mapping), ...ruleAttributes, ...organizationAttribute]),
    ];
  }

  /**
   * Logs in (see the class comment); with `organizations.populateOnLogin`, a
   * directory login then updates the account's organizations from its entry
   * (ColdFront's `populate_user_organizations`).
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const result = await this.loginAndProvision(username, password);
    const settings = this.config.organizations;
    if (!settings?.populateOnLogin || !result.user) return result;
    const store = this.config.organizationStore ?? organizationStoreOf(this.store);
    const organizations = await updateAccountOrganizations(
      store,
      username,
      attributeValues(result.user.attributes, settings.userAttribute),
      {
        addParents: settings.addParents ?? false,
        createPlaceholders: settings.createPlaceholders ?? false,
        deleteMissing: settings.deleteMissing ?? false,
      },
    );
    return { ...result, organizations };
  }

  private async loginAndProvision(username: string, password: string): Promise<LoginResult> {
    const existing = await this.store.findAccount(username);
    if (existing && !existing.directoryBacked) {
      const verify = this.config.verifyLocalPassword;
      if (!verify) {
        throw new SdkError(SdkErrorCode.notDirectoryAccount, `account ${username} is not directory-backed`);
      }
      if (!(await verify(existing, password))) throw new LoginFailedError('wrongPassword');
      return { account: existing, created: false };
    }
    const user = await this.directory.authenticate(username, password, { attributes: this.readAttributes });
    if (!existing) {
      const desired = await this.desired(user);
      await this.ensureGroups(desired.groups);
      try {
        const account = await this.store.createAccount({ username, directoryBacked: true, ...desired });
        return { account, created: true, user };
      } catch (error) {
        // Two first logins at once: the other one created it; carry on as a returning user.
        if (!(SdkError.is(error) && error.code === SdkErrorCode.alreadyExists)) throw error;
      }
    }
    const account = (await this.store.findAccount(username)) as LocalAccount;
    if (!this.config.syncOnLogin) return { account, created: false, user };
    return { account: await this.apply(account, await this.desired(user)), created: false, user };
  }

  /** The directory's current view of a user (service-identity read, no password). */
  async readEntry(username: string): Promise<DirectoryEntry> {
    return this.directory.findUser(username, this.readAttributes);
  }

  /** Attributes and groups an account should have, given its directory entry. */
  async desired(user: { username: string; dn: string; attributes: Attributes }): Promise<DesiredAccount> {
    const groups = await evaluateGroupRules(
      {
        directory: this.directory,
        user,
        groupBase: this.config.groupBase ?? this.directory.lookup.userBase,
        groupFilter: this.config.groupFilter ?? '(objectClass=groupOfNames)',
        groupNameAttribute: this.config.groupNameAttribute ?? 'cn',
      },
      { rules: this.rules, ownerFilter: this.config.newUserGroupOwner, plugins: this.config.plugins ?? {} },
    );
    return { attributes: mapAttributes(this.mapping, user.attributes), groups: normalizeMemberships(groups) };
  }

  /**
   * Whether applying `desired` would change the account. Memberships of groups
   * the application created itself (not directory-backed) are the
   * application's business and are kept as they are.
   */
  async plan(
    account: LocalAccount,
    desired: DesiredAccount,
  ): Promise<{ changed: boolean; next: DesiredAccount }> {
    const kept: Membership[] = [];
    for (const m of account.groups) {
      const group = await this.store.findGroup(m.group);
      if (group && !group.directoryBacked && !desired.groups.some((d) => d.group === m.group)) kept.push(m);
    }
    const next = {
      attributes: desired.attributes,
      groups: normalizeMemberships([...desired.groups, ...kept]),
    };
    const changed =
      JSON.stringify(sortKeys(account.attributes)) !== JSON.stringify(sortKeys(next.attributes)) ||
      JSON.stringify(normalizeMemberships(account.groups)) !== JSON.stringify(next.groups);
    return { changed, next };
  }

  async apply(account: LocalAccount, desired: DesiredAccount): Promise<LocalAccount> {
    const { changed, next } = await this.plan(account, desired);
    if (!changed) return account;
    await this.ensureGroups(next.groups);
    return this.store.updateAccount(account.username, next);
  }

  private async ensureGroups(groups: readonly Membership[]): Promise<void> {
    for (const m of groups) await this.store.ensureGroup(m.group, { directoryBacked: true });
  }
}

function sortKeys(record: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
}
