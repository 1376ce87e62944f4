import type { Attributes, DirectoryEntry, Modification } from '../connection/connection.ts';
import type { Directory } from '../directory.ts';
import { looseDnKey } from '../dn.ts';
import { DirectoryError, SdkError, SdkErrorCode } from '../errors.ts';
import { escapeDnValue, escapeFilterValue } from '../escape.ts';
import { attributeValues } from '../provisioning/attribute-mapping.ts';
import type { BackendGroup, BackendUser, GroupBackend, NewBackendUser, UserBackend } from './contracts.ts';

/**
 * `posix`: users are inetOrgPerson + posixAccount under `ou=users`, groups
 * posixGroup (members by `memberUid`) under `ou=groups`, with uid/gid numbers
 * allocated by the backend. `groupOfNames` / `groupOfUniqueNames`: users are
 * inetOrgPerson, groups list member DNs in `member` / `uniqueMember`.
 */
export type LdapSchemaProfile = 'posix' | 'groupOfNames' | 'groupOfUniqueNames';

export interface LdapBackendConfig {
  readonly directory: Directory;
  /** Default `ou=users,<baseDn>`. */
  readonly usersDn?: string;
  /** Default `ou=groups,<baseDn>`. */
  readonly groupsDn?: string;
  readonly baseDn: string;
  readonly profile?: LdapSchemaProfile;
  /** First number handed out; default 10000 for both. */
  readonly firstUidNumber?: number;
  readonly firstGidNumber?: number;
  readonly homeDirectory?: (username: string) => string;
}

const ALREADY_EXISTS = 68;
const NO_SUCH_OBJECT = 32;
const NO_SUCH_ATTRIBUTE = 16;
const TYPE_OR_VALUE_EXISTS = 20;

/** One backend implementing both contracts over any LDAP server, as coco's LdapBackend does. */
export class LdapBackend implements UserBackend, GroupBackend {
  private readonly directory: Directory;
  private readonly usersDn: string;
  private readonly groupsDn: string;
  private readonly profile: LdapSchemaProfile;
  private readonly config: LdapBackendConfig;
  /** Serializes number allocation within this process; `fixClash` covers other writers. */
  private allocation: Promise<unknown> = Promise.resolve();

  constructor(config: LdapBackendConfig) {
    this.config = config;
    this.directory = config.directory;
    this.usersDn = config.usersDn ?? `ou=users,${config.baseDn}`;
    this.groupsDn = config.groupsDn ?? `ou=groups,${config.baseDn}`;
    this.profile = config.profile ?? 'posix';
  }

  private get memberAttribute(): string {
    return this.profile === 'posix'
      ? 'memberUid'
      : this.profile === 'groupOfNames'
        ? 'member'
        : 'uniqueMember';
  }
  private get groupClass(): string {
    return this.profile === 'posix' ? 'posixGroup' : this.profile;
  }
  private userDn(username: string): string {
    return `uid=${escapeDnValue(username)},${this.usersDn}`;
  }
  private groupDn(name: string): string {
    return `cn=${escapeDnValue(name)},${this.groupsDn}`;
  }

  async authenticate(username: string, password: string): Promise<BackendUser> {
    const user = await this.directory.authenticate(username, password, { attributes: ['*'] });
    return toUser(user);
  }

  async get(username: string): Promise<BackendUser | undefined> {
    const [entry] = await this.directory.search(this.usersDn, {
      scope: 'one',
      filter: `(&(objectClass=inetOrgPerson)(uid=${escapeFilterValue(username)}))`,
      sizeLimit: 1,
    });
    return entry && toUser(entry);
  }

  async list(): Promise<BackendUser[]> {
    const entries = await this.directory.search(this.usersDn, {
      scope: 'one',
      filter: '(objectClass=inetOrgPerson)',
    });
    return entries.map(toUser);
  }

  async create(user: NewBackendUser): Promise<BackendUser> {
    const dn = this.userDn(user.username);
    const attributes: Attributes = {
      objectClass: ['top', 'inetOrgPerson', ...(this.profile === 'posix' ? ['posixAccount'] : [])],
      uid: [user.username],
      cn: [[user.firstName, user.lastName].filter(Boolean).join(' ') || user.username],
      sn: [user.lastName ?? user.username],
      ...(user.firstName ? { givenName: [user.firstName] } : {}),
      ...(user.email ? { mail: [user.email] } : {}),
    };
    for (const [k, v] of Object.entries(user.attributes ?? {}))
      attributes[k] = typeof v === 'string' ? [v] : [...v];
    await this.withAllocation(async () => {
      if (this.profile === 'posix') {
        const uidNumber = await this.nextNumber(
          this.usersDn,
          'uidNumber',
          this.config.firstUidNumber ?? 10000,
        );
        attributes.uidNumber = [String(uidNumber)];
        attributes.gidNumber ??= [String(uidNumber)];
        attributes.homeDirectory ??= [this.config.homeDirectory?.(user.username) ?? `/home/${user.username}`];
      }
      await this.addEntry(dn, attributes, `user ${user.username}`);
      if (this.profile === 'posix')
        await this.fixClash(this.usersDn, 'uidNumber', dn, this.config.firstUidNumber ?? 10000);
    });
    if (user.password) await this.directory.setPassword(dn, user.password);
    return (await this.get(user.username)) as BackendUser;
  }

  async update(
    username: string,
    attributes: Readonly<Record<string, string | readonly string[]>>,
  ): Promise<BackendUser> {
    const dn = (await this.require(username)).dn;
    await this.directory.modify(
      dn,
      Object.entries(attributes).map(([attribute, v]) => ({
        operation: 'replace' as const,
        attribute,
        values: typeof v === 'string' ? [v] : [...v],
      })),
    );
    return (await this.get(username)) as BackendUser;
  }

  async delete(username: string): Promise<void> {
    const user = await this.require(username);
    for (const group of await this.groupsOf(username)) await this.removeMember(group.name, username);
    await this.directory.delete(user.dn);
  }

  async setPassword(username: string, password: string): Promise<void> {
    await this.directory.setPassword((await this.require(username)).dn, password);
  }

  async listGroups(): Promise<BackendGroup[]> {
    const entries = await this.directory.search(this.groupsDn, {
      scope: 'one',
      filter: `(objectClass=${this.groupClass})`,
    });
    return entries.map(toGroup);
  }

  async getGroup(name: string): Promise<BackendGroup | undefined> {
    const entry = await this.groupEntry(name);
    return entry && toGroup(entry);
  }

  async createGroup(name: string): Promise<BackendGroup> {
    const dn = this.groupDn(name);
    await this.withAllocation(async () => {
      const attributes: Attributes = { objectClass: ['top', this.groupClass], cn: [name] };
      if (this.profile === 'posix') {
        attributes.gidNumber = [
          String(await this.nextNumber(this.groupsDn, 'gidNumber', this.config.firstGidNumber ?? 10000)),
        ];
      } else {
        // groupOfNames requires a member; the group's own DN holds the place and is never reported as a member.
        attributes[this.memberAttribute] = [dn];
      }
      await this.addEntry(dn, attributes, `group ${name}`);
      if (this.profile === 'posix')
        await this.fixClash(this.groupsDn, 'gidNumber', dn, this.config.firstGidNumber ?? 10000);
    });
    return (await this.getGroup(name)) as BackendGroup;
  }

  async deleteGroup(name: string): Promise<void> {
    await this.requireGroup(name);
    await this.directory.delete(this.groupDn(name));
  }

  async members(name: string): Promise<string[]> {
    const group = await this.requireGroup(name);
    const values = attributeValues(group.attributes, this.memberAttribute) ?? [];
    if (this.profile === 'posix') return values;
    const self = looseDnKey(group.dn);
    const usernames: string[] = [];
    for (const dn of values) {
      if (looseDnKey(dn) === self) continue;
      const [entry] = await this.directory.search(dn, { scope: 'base', attributes: ['uid'] }).catch(() => []);
      const uid = entry && attributeValues(entry.attributes, 'uid')?.[0];
      if (uid) usernames.push(uid);
    }
    return usernames;
  }

  async addMember(name: string, username: string): Promise<void> {
    const group = await this.requireGroup(name);
    const value = this.profile === 'posix' ? username : (await this.require(username)).dn;
    try {
      await this.directory.modify(group.dn, [
        { operation: 'add', attribute: this.memberAttribute, values: [value] },
      ]);
    } catch (error) {
      if (!(error instanceof DirectoryError && error.resultCode === TYPE_OR_VALUE_EXISTS)) throw error;
    }
  }

  async removeMember(name: string, username: string): Promise<void> {
    const group = await this.requireGroup(name);
    const value = this.profile === 'posix' ? username : (await this.require(username)).dn;
    const changes: Modification[] = [
      { operation: 'delete', attribute: this.memberAttribute, values: [value] },
    ];
    const remaining = (attributeValues(group.attributes, this.memberAttribute) ?? []).filter(
      (v) => looseDnKey(v) !== looseDnKey(value),
    );
    // Removing the last member of a groupOfNames would violate its schema: the placeholder comes back.
    if (this.profile !== 'posix' && remaining.length === 0) {
      changes.unshift({ operation: 'add', attribute: this.memberAttribute, values: [group.dn] });
    }
    try {
      await this.directory.modify(group.dn, changes);
    } catch (error) {
      if (!(error instanceof DirectoryError && error.resultCode === NO_SUCH_ATTRIBUTE)) throw error;
    }
  }

  async groupsOf(username: string): Promise<BackendGroup[]> {
    const value = this.profile === 'posix' ? username : (await this.require(username)).dn;
    const entries = await this.directory.search(this.groupsDn, {
      scope: 'one',
      filter: `(&(objectClass=${this.groupClass})(${this.memberAttribute}=${escapeFilterValue(value)}))`,
    });
    return entries.map(toGroup);
  }

  private async require(username: string): Promise<BackendUser> {
    const user = await this.get(username);
    if (!user) throw new SdkError(SdkErrorCode.notFound, `no user ${username}`);
    return user;
  }

  private async groupEntry(name: string): Promise<DirectoryEntry | undefined> {
    const [entry] = await this.directory.search(this.groupsDn, {
      scope: 'one',
      filter: `(&(objectClass=${this.groupClass})(cn=${escapeFilterValue(name)}))`,
      sizeLimit: 1,
    });
    return entry;
  }

  private async requireGroup(name: string): Promise<DirectoryEntry> {
    const entry = await this.groupEntry(name);
    if (!entry) throw new SdkError(SdkErrorCode.notFound, `no group ${name}`);
    return entry;
  }

  private async addEntry(dn: string, attributes: Attributes, what: string): Promise<void> {
    try {
      await this.directory.add(dn, attributes);
    } catch (error) {
      if (error instanceof DirectoryError && error.resultCode === ALREADY_EXISTS) {
        throw new SdkError(SdkErrorCode.alreadyExists, `${what} already exists`);
      }
      if (error instanceof DirectoryError && error.resultCode === NO_SUCH_OBJECT) {
        throw new SdkError(SdkErrorCode.notFound, `${dn}: the parent entry does not exist`, { cause: error });
      }
      throw error;
    }
  }

  private withAllocation<T>(work: () => Promise<T>): Promise<T> {
    const run = this.allocation.then(work, work);
    this.allocation = run.catch(() => {});
    return run;
  }

  private async nextNumber(base: string, attribute: string, first: number): Promise<number> {
    const entries = await this.directory.search(base, {
      scope: 'one',
      filter: `(${attribute}=*)`,
      attributes: [attribute],
    });
    let max = first - 1;
    for (const e of entries)
      for (const v of attributeValues(e.attributes, attribute) ?? []) max = Math.max(max, Number(v));
    return max + 1;
  }

  /**
   * Another process may have taken the same number between our read and our
   * add. The entry with the greater DN moves to a fresh number; repeated until
   * the number is ours alone.
   */
  private async fixClash(base: string, attribute: string, dn: string, first: number): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const [self] = await this.directory.search(dn, { scope: 'base', attributes: [attribute] });
      const value = self && attributeValues(self.attributes, attribute)?.[0];
      if (!value) return;
      const holders = await this.directory.search(base, {
        scope: 'one',
        filter: `(${attribute}=${value})`,
        attributes: ['1.1'],
      });
      const keys = holders.map((h) => looseDnKey(h.dn)).sort();
      if (keys.length <= 1 || keys[0] === looseDnKey(dn)) return;
      const next = await this.nextNumber(base, attribute, first);
      await this.directory.modify(dn, [{ operation: 'replace', attribute, values: [String(next)] }]);
    }
  }
}

function toUser(
  entry: DirectoryEntry | { dn: string; attributes: Attributes; username?: string },
): BackendUser {
  const a = entry.attributes;
  const uidNumber = attributeValues(a, 'uidNumber')?.[0];
  const gidNumber = attributeValues(a, 'gidNumber')?.[0];
  return {
    username: attributeValues(a, 'uid')?.[0] ?? ('username' in entry ? (entry.username ?? '') : ''),
    dn: entry.dn,
    attributes: a,
    ...(uidNumber !== undefined ? { uidNumber: Number(uidNumber) } : {}),
    ...(gidNumber !== undefined ? { gidNumber: Number(gidNumber) } : {}),
  };
}

function toGroup(entry: DirectoryEntry): BackendGroup {
  const gid = attributeValues(entry.attributes, 'gidNumber')?.[0];
  return {
    name: attributeValues(entry.attributes, 'cn')?.[0] ?? '',
    dn: entry.dn,
    ...(gid !== undefined ? { gidNumber: Number(gid) } : {}),
  };
}
