/**
 * Organizations from the directory (the ColdFront organization ↔ LDAP
 * integration): levels, organizations, directory-string mappings,
 * placeholders, and the account updates that use them.
 */
export { describeUpdate, runOrganizationsCommand } from './command.ts';
export { MappingImportError } from './errors.ts';
export { type ImportMappingsOptions, importMappings } from './import-mappings.ts';
export { LmdbOrganizationStore } from './lmdb-organization-store.ts';
export { parseMappingFile } from './mapping-file.ts';
export {
  DEFAULT_LEVELS,
  type DirectoryMapping,
  type ImportProblem,
  type MappingImportResult,
  type NewOrganization,
  type NumberedMapping,
  type Organization,
  type OrganizationLevel,
  type OrganizationPatch,
  type OrganizationStore,
  PLACEHOLDER_PREFIX,
  UNKNOWN_CODE,
} from './model.ts';
export {
  listPlaceholders,
  type Placeholder,
  type PlaceholderResolution,
  type PlaceholderResolved,
  resolvePlaceholder,
} from './placeholders.ts';
export { PostgresOrganizationStore } from './postgres-organization-store.ts';
export {
  type OrganizationSettings,
  type OrganizationUpdateOptions,
  organizationStoreOf,
  resolveOrganizationSettings,
} from './settings.ts';
export { type OrganizationUpdate, updateAccountOrganizations } from './update.ts';
export {
  type OrganizationsProgress,
  type UpdateOrganizationsOptions,
  type UpdateOrganizationsReport,
  updateOrganizations,
} from './update-accounts.ts';
