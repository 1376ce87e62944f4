import { randomUUID } from 'node:crypto';
import { open, type RootDatabase } from 'lmdb';
import { SdkError, SdkErrorCode } from '../errors.ts';
import { LmdbOrganizationStore } from '../organizations/lmdb-organization-store.ts';
import {
  type AccountPatch,
  type AccountStore,
  type LocalAccount,
  type LocalGroup,
  type NewAccount,
  normalizeMemberships,
} from './model.ts';

/**
 * The embedded account store: one LMDB environment in a folder of its own.
 * Keys are `a:<username>` for accounts and `g:<name>` for groups; values are
 * msgpack. Each write is one LMDB transaction, so a crash never leaves half an account.
 */
export class LmdbAccountStore implements AccountStore {
  private readonly db: RootDatabase<LocalAccount | LocalGroup, string>;
  /** Organizations, levels, mappings and account organizations, in the same environment. */
  readonly organizations: LmdbOrganizationStore;

  constructor(path: string) {
    this.db = open<LocalAccount | LocalGroup, string>({ path, encoding: 'msgpack' });
    this.organizations = new LmdbOrganizationStore(this.db as RootDatabase<unknown, string>);
  }

  async findAccount(username: string): Promise<LocalAccount | undefined> {
    return this.db.get(`a:${username}`) as LocalAccount | undefined;
  }

  async createAccount(input: NewAccount): Promise<LocalAccount> {
    const now = new Date().toISOString();
    const account: LocalAccount = {
      id: randomUUID(),
      username: input.username,
      directoryBacked: input.directoryBacked,
      attributes: { ...(input.attributes ?? {}) },
      groups: normalizeMemberships(input.groups ?? []),
      createdAt: now,
      updatedAt: now,
    };
    const key = `a:${input.username}`;
    const stored = await this.db.transaction(() => {
      if (this.db.get(key) !== undefined) return false;
      void this.db.put(key, account);
      return true;
    });
    if (!stored) throw new SdkError(SdkErrorCode.alreadyExists, `account ${input.username} already exists`);
    return account;
  }

  async updateAccount(username: string, patch: AccountPatch): Promise<LocalAccount> {
    const key = `a:${username}`;
    return this.db.transaction(() => {
      const current = this.db.get(key) as LocalAccount | undefined;
      if (current === undefined) throw new SdkError(SdkErrorCode.notFound, `no account ${username}`);
      const next: LocalAccount = {
        ...current,
        ...(patch.directoryBacked !== undefined ? { directoryBacked: patch.directoryBacked } : {}),
        ...(patch.attributes !== undefined ? { attributes: { ...patch.attributes } } : {}),
        ...(patch.groups !== undefined ? { groups: normalizeMemberships(patch.groups) } : {}),
        updatedAt: new Date().toISOString(),
      };
      void this.db.put(key, next);
      return next;
    });
  }

  async deleteAccount(username: string): Promise<boolean> {
    const key = `a:${username}`;
    // lmdb's remove() resolves true even for a missing key; the check and the removal share one transaction.
    return this.db.transaction(() => {
      if (this.db.get(key) === undefined) return false;
      void this.db.remove(key);
      void this.db.remove(LmdbOrganizationStore.membershipKey(username));
      return true;
    });
  }

  async listAccounts(filter: { directoryBacked?: boolean } = {}): Promise<LocalAccount[]> {
    const out: LocalAccount[] = [];
    for (const { value } of this.db.getRange({ start: 'a:', end: 'a;' })) {
      const account = value as LocalAccount;
      if (filter.directoryBacked === undefined || account.directoryBacked === filter.directoryBacked) {
        out.push(account);
      }
    }
    return out;
  }

  async findGroup(name: string): Promise<LocalGroup | undefined> {
    return this.db.get(`g:${name}`) as LocalGroup | undefined;
  }

  async ensureGroup(name: string, options: { directoryBacked?: boolean } = {}) {
    const key = `g:${name}`;
    return this.db.transaction(() => {
      const existing = this.db.get(key) as LocalGroup | undefined;
      if (existing) return { group: existing, created: false };
      const group: LocalGroup = {
        name,
        directoryBacked: options.directoryBacked ?? false,
        createdAt: new Date().toISOString(),
      };
      void this.db.put(key, group);
      return { group, created: true };
    });
  }

  async listGroups(): Promise<LocalGroup[]> {
    return [...this.db.getRange({ start: 'g:', end: 'g;' })].map(({ value }) => value as LocalGroup);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
