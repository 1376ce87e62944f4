import { SdkError, SdkErrorCode } from './errors.ts';
import { escapeFilterValue, parenthesize } from './escape.ts';

/** Where and how users are found by login name. */
export interface UserLookupConfig {
  /** Search base for users, e.g. `ou=people,dc=example,dc=org`. */
  readonly userBase: string;
  /** `one` (preferred when users sit directly under the base) or `sub`; default `sub`. */
  readonly userScope?: 'one' | 'sub';
  /** ANDed with the name term; default `(objectClass=*)`. */
  readonly userFilter?: string;
  /** The attribute holding the login name; default `uid`. */
  readonly usernameAttribute?: string;
}

export interface ResolvedUserLookup {
  readonly userBase: string;
  readonly userScope: 'one' | 'sub';
  readonly userFilter: string;
  readonly usernameAttribute: string;
}

export function resolveUserLookup(config: UserLookupConfig): ResolvedUserLookup {
  if (!config.userBase && config.userBase !== '') {
    throw new SdkError(SdkErrorCode.invalidConfig, 'userBase is required');
  }
  const usernameAttribute = config.usernameAttribute ?? 'uid';
  if (!/^[A-Za-z][A-Za-z0-9-]*$|^\d+(\.\d+)+$/.test(usernameAttribute)) {
    throw new SdkError(SdkErrorCode.invalidConfig, `not an attribute name: ${usernameAttribute}`);
  }
  return {
    userBase: config.userBase,
    userScope: config.userScope ?? 'sub',
    userFilter: parenthesize(config.userFilter ?? '(objectClass=*)'),
    usernameAttribute,
  };
}

/** `(&<userFilter>(<nameAttr>=<escaped name>))`: the name can never add filter syntax of its own. */
export function userSearchFilter(lookup: ResolvedUserLookup, username: string): string {
  return `(&${lookup.userFilter}(${lookup.usernameAttribute}=${escapeFilterValue(username)}))`;
}
