/**
 * `linden/sdk`: the application side of a directory. Login against any LDAP
 * server, provisioning of local accounts on first login, group rules, batch
 * sync, organizations from the directory, and the user/group backend contracts.
 */

export { LmdbAccountStore } from './accounts/lmdb-store.ts';
export type {
  AccountPatch,
  AccountStore,
  LocalAccount,
  LocalGroup,
  Membership,
  NewAccount,
} from './accounts/model.ts';
export { PostgresAccountStore } from './accounts/postgres-store.ts';
export type {
  BackendGroup,
  BackendUser,
  GroupBackend,
  NewBackendUser,
  UserBackend,
} from './backends/contracts.ts';
export { LdapBackend, type LdapBackendConfig, type LdapSchemaProfile } from './backends/ldap-backend.ts';
export { type CliIo, runSyncUsers, type SdkFileConfig } from './cli.ts';
export type { ConnectionConfig, TlsConfig } from './config.ts';
export type { Attributes, DirectoryEntry, Modification, SearchParams } from './connection/connection.ts';
export { type AuthenticatedUser, Directory, type DirectoryConfig } from './directory.ts';
export {
  DirectoryError,
  LoginFailedError,
  type LoginFailureReason,
  ReadOnlyError,
  SdkError,
  SdkErrorCode,
  type ServerFailure,
  UnavailableError,
} from './errors.ts';
export { escapeDnValue, escapeFilterValue } from './escape.ts';
export * from './organizations/index.ts';
export {
  type AttributeMapping,
  DEFAULT_ATTRIBUTE_MAPPING,
  parseAttributeMapping,
} from './provisioning/attribute-mapping.ts';
export {
  type GroupLookupConfig,
  type GroupRule,
  type GroupRuleContext,
  type GroupRulePlugin,
  parseGroupRule,
} from './provisioning/group-rules.ts';
export {
  type DesiredAccount,
  type LoginResult,
  Provisioner,
  type ProvisioningConfig,
} from './provisioning/provisioner.ts';
export { type SyncOptions, type SyncProgress, type SyncReport, syncUsers } from './sync.ts';
export type { UserLookupConfig } from './user-lookup.ts';
