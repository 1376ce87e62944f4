/**
 * The schema layer (RFC 4512): definitions parsed from OpenLDAP `.schema`
 * files and `cn=schema` LDIF, the resolved registry, syntaxes with validators,
 * matching rules with normalizers, and the entry checks the directory runs.
 */

export { SchemaBuilder, type SchemaBuildOptions } from './builder.ts';
export type {
  AttributeTypeDefinition,
  AttributeUsage,
  DefinitionKind,
  Extensions,
  LdapSyntaxDefinition,
  MatchingRuleDefinition,
  MatchingRuleUseDefinition,
  ObjectClassDefinition,
  ObjectClassKind,
  SchemaDefinition,
  SourceLocation,
} from './definitions.ts';
export type { SchemaEntry } from './entry.ts';
export {
  attributeTypeOf,
  type CheckEntryOptions,
  checkAttributeValues,
  checkEntry,
  checkUserModification,
  structuralObjectClass,
} from './entry-checks.ts';
export { formatDefinition } from './format-definition.ts';
export {
  buildDefaultSchema,
  DEFAULT_SCHEMA_FILES,
  type DefaultSchemaOptions,
  loadSchemaFile,
  MOZILLIANS_SCHEMA_FILE,
  SCHEMA_DIR,
} from './load.ts';
export { prepareString, prepareSubstring } from './matching-rules/prepare-string.ts';
export { OidMacros } from './oid-macros.ts';
export { type ParseContext, parseDefinition } from './parse-definition.ts';
export { parseSchemaFile } from './parse-schema-file.ts';
export { parseSchemaLdif } from './parse-schema-ldif.ts';
export { SchemaRegistry } from './registry.ts';
export { SchemaError } from './schema-error.ts';
export type {
  AttributeType,
  MatchingRule,
  MatchingRuleUsage,
  ObjectClass,
  SubschemaValues,
  SubstringPosition,
  Syntax,
} from './types.ts';
