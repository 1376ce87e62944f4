/**
 * The application's own accounts, as the SDK provisions them. The directory
 * stays the authority for directory-backed accounts: their password is never
 * stored here, nor is their DN (it is looked up at every login).
 *
 * Memberships are kept as a list of `{ group, owner }` rather than a flat set
 * of names so that other kinds of membership (organizations, with roles) can
 * be added beside groups without reshaping accounts.
 */
export interface Membership {
  readonly group: string;
  /** The account manages the group (OMERO's "owner"). */
  readonly owner: boolean;
}

export interface LocalAccount {
  readonly id: string;
  readonly username: string;
  /** Password checked against the directory only; never against anything stored here. */
  readonly directoryBacked: boolean;
  /** Mapped profile fields (`firstName`, `lastName`, `email`, …). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups: readonly Membership[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LocalGroup {
  readonly name: string;
  /** Created by provisioning from the directory rather than by an administrator. */
  readonly directoryBacked: boolean;
  readonly createdAt: string;
}

export interface NewAccount {
  readonly username: string;
  readonly directoryBacked: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly groups?: readonly Membership[];
}

export interface AccountPatch {
  readonly directoryBacked?: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly groups?: readonly Membership[];
}

/**
 * Where the application keeps its accounts. Implementations: `LmdbAccountStore`
 * (embedded) and `PostgresAccountStore`; both pass `test/sdk/account-store.conformance.ts`.
 */
export interface AccountStore {
  findAccount(username: string): Promise<LocalAccount | undefined>;
  /** Throws `LINDEN_SDK_ALREADY_EXISTS` when the username is taken. */
  createAccount(account: NewAccount): Promise<LocalAccount>;
  /** Throws `LINDEN_SDK_NOT_FOUND` when there is no such account. */
  updateAccount(username: string, patch: AccountPatch): Promise<LocalAccount>;
  deleteAccount(username: string): Promise<boolean>;
  listAccounts(filter?: { directoryBacked?: boolean }): Promise<LocalAccount[]>;
  findGroup(name: string): Promise<LocalGroup | undefined>;
  /** Creates the group when missing; `created` says whether it did. */
  ensureGroup(
    name: string,
    options?: { directoryBacked?: boolean },
  ): Promise<{ group: LocalGroup; created: boolean }>;
  listGroups(): Promise<LocalGroup[]>;
  close(): Promise<void>;
}

/** Memberships sorted and de-duplicated (an owner flag wins), so stores and comparisons agree. */
export function normalizeMemberships(groups: readonly Membership[]): Membership[] {
  const byName = new Map<string, boolean>();
  for (const m of groups) byName.set(m.group, (byName.get(m.group) ?? false) || m.owner);
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, owner]) => ({ group, owner }));
}
