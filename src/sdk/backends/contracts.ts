/**
 * The user and group backend contracts an application codes against, so the
 * source of accounts (an external directory, Linden as the internal one) can
 * change without touching the application.
 */
export interface BackendUser {
  readonly username: string;
  readonly dn: string;
  readonly attributes: Readonly<Record<string, string[]>>;
  /** Present for POSIX accounts. */
  readonly uidNumber?: number;
  readonly gidNumber?: number;
}

export interface NewBackendUser {
  readonly username: string;
  readonly password?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  /** Extra attributes written as they are. */
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
}

export interface BackendGroup {
  readonly name: string;
  readonly dn: string;
  readonly gidNumber?: number;
}

export interface UserBackend {
  /** Search-then-bind; throws `LoginFailedError` on a wrong name or password. */
  authenticate(username: string, password: string): Promise<BackendUser>;
  get(username: string): Promise<BackendUser | undefined>;
  list(): Promise<BackendUser[]>;
  create(user: NewBackendUser): Promise<BackendUser>;
  /** Replaces the given attributes; others are left alone. */
  update(
    username: string,
    attributes: Readonly<Record<string, string | readonly string[]>>,
  ): Promise<BackendUser>;
  delete(username: string): Promise<void>;
  setPassword(username: string, password: string): Promise<void>;
}

export interface GroupBackend {
  listGroups(): Promise<BackendGroup[]>;
  getGroup(name: string): Promise<BackendGroup | undefined>;
  createGroup(name: string): Promise<BackendGroup>;
  deleteGroup(name: string): Promise<void>;
  /** Usernames of the group's members. */
  members(name: string): Promise<string[]>;
  addMember(name: string, username: string): Promise<void>;
  removeMember(name: string, username: string): Promise<void>;
  groupsOf(username: string): Promise<BackendGroup[]>;
}
