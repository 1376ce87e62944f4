import { type ConnectionConfig, resolveConnectionConfig } from './config.ts';
import type {
  Attributes,
  Connection,
  DirectoryEntry,
  Modification,
  SearchParams,
} from './connection/connection.ts';
import { type Access, ConnectionPool } from './connection/pool.ts';
import { DirectoryError, LoginFailedError } from './errors.ts';
import { preparePassword } from './password.ts';
import { encodePasswordModifyRequest, PASSWORD_MODIFY_OID } from './password-modify.ts';
import {
  type ResolvedUserLookup,
  resolveUserLookup,
  type UserLookupConfig,
  userSearchFilter,
} from './user-lookup.ts';

export interface DirectoryConfig extends ConnectionConfig, UserLookupConfig {}

/** A user whose password the directory just accepted. */
export interface AuthenticatedUser {
  readonly username: string;
  /** Looked up at this login; applications should not store it (entries move). */
  readonly dn: string;
  readonly attributes: Attributes;
}

/** LDAP result codes the SDK reacts to by name. */
const INVALID_CREDENTIALS = 49;
const SIZE_LIMIT_EXCEEDED = 4;
const NO_SUCH_OBJECT = 32;

/**
 * The application's handle on a directory: pooled connections with failover,
 * search-then-bind login, and the few reads and writes the rest of the SDK
 * builds on. One per application; `close()` on shutdown.
 */
export class Directory {
  readonly lookup: ResolvedUserLookup;
  private readonly pool: ConnectionPool;

  constructor(config: DirectoryConfig) {
    this.pool = new ConnectionPool(resolveConnectionConfig(config));
    this.lookup = resolveUserLookup(config);
  }

  /**
   * Search-then-bind login. Throws `LoginFailedError` (code
   * `LINDEN_SDK_LOGIN_FAILED`, with a `reason` for logs only) when the name or
   * password is wrong, `UnavailableError` when no server answered.
   */
  async authenticate(
    username: string,
    password: string,
    options: { attributes?: readonly string[] } = {},
  ): Promise<AuthenticatedUser> {
    // Refused before any network traffic, so an empty password can never become an unauthenticated bind.
    const prepared = preparePassword(password);
    if (username.length === 0 || username.includes('\0')) throw new LoginFailedError('invalidUsername');
    return this.pool.run('read', async (connection) => {
      // The pool hands out connections bound as the service identity (rebinding any
      // connection a previous login left bound as a user), so the lookup never runs
      // with another user's rights.
      const entry = await this.lookupOne(
        (base, params) => connection.search(base, params),
        username,
        options.attributes,
      );
      try {
        await connection.bind(entry.dn, prepared);
      } catch (error) {
        if (error instanceof DirectoryError && error.resultCode === INVALID_CREDENTIALS) {
          throw new LoginFailedError('wrongPassword');
        }
        throw error;
      }
      return { username, dn: entry.dn, attributes: entry.attributes };
    });
  }

  /**
   * The directory entry for a login name, read as the service identity.
   * Throws `LoginFailedError` with reason `unknownUser` or `ambiguousUser`.
   */
  async findUser(username: string, attributes?: readonly string[]): Promise<DirectoryEntry> {
    if (username.length === 0) throw new LoginFailedError('invalidUsername');
    return this.pool.run('read', (connection) =>
      this.lookupOne((base, params) => connection.search(base, params), username, attributes),
    );
  }

  async search(base: string, params: SearchParams = {}): Promise<DirectoryEntry[]> {
    return this.pool.run('read', (connection) => connection.search(base, params));
  }

  async add(dn: string, attributes: Attributes): Promise<void> {
    await this.write((c) => c.add(dn, attributes));
  }

  async modify(dn: string, changes: readonly Modification[]): Promise<void> {
    if (changes.length) await this.write((c) => c.modify(dn, changes));
  }

  async delete(dn: string): Promise<void> {
    await this.write((c) => c.del(dn));
  }

  /** Sets a password through RFC 3062 so the server hashes it; the password is SASLprepped first. */
  async setPassword(dn: string, password: string): Promise<void> {
    const prepared = preparePassword(password);
    await this.write((c) => c.exop(PASSWORD_MODIFY_OID, encodePasswordModifyRequest(dn, prepared)));
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** Runs work that needs the pool directly (tests, advanced callers). */
  run<T>(access: Access, work: (connection: Connection) => Promise<T>): Promise<T> {
    return this.pool.run(access, work);
  }

  private async write(work: (connection: Connection) => Promise<void>): Promise<void> {
    await this.pool.run('write', work);
  }

  private async lookupOne(
    search: (base: string, params: SearchParams) => Promise<DirectoryEntry[]>,
    username: string,
    attributes: readonly string[] | undefined,
  ): Promise<DirectoryEntry> {
    let entries: DirectoryEntry[];
    try {
      entries = await search(this.lookup.userBase, {
        scope: this.lookup.userScope,
        filter: userSearchFilter(this.lookup, username),
        // Two are enough to tell "exactly one" from "ambiguous".
        sizeLimit: 2,
        attributes: attributes ?? ['1.1'],
      });
    } catch (error) {
      if (error instanceof DirectoryError && error.resultCode === SIZE_LIMIT_EXCEEDED) {
        throw new LoginFailedError('ambiguousUser');
      }
      // A base the searching identity may not see answers noSuchObject: for this identity there is no such user.
      if (error instanceof DirectoryError && error.resultCode === NO_SUCH_OBJECT) {
        throw new LoginFailedError('unknownUser');
      }
      throw error;
    }
    if (entries.length === 0) throw new LoginFailedError('unknownUser');
    if (entries.length > 1) throw new LoginFailedError('ambiguousUser');
    return entries[0] as DirectoryEntry;
  }
}
