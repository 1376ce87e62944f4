/**
 * Loading the shipped schema files (`schema/` at the package root) and any
 * others by path.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SchemaBuilder, type SchemaBuildOptions } from './builder.ts';
import type { SchemaDefinition } from './definitions.ts';
import { OidMacros } from './oid-macros.ts';
import { parseSchemaFile } from './parse-schema-file.ts';
import { parseSchemaLdif } from './parse-schema-ldif.ts';
import type { SchemaRegistry } from './registry.ts';
import { SchemaError } from './schema-error.ts';

/** The folder holding the shipped `.schema` files. */
export const SCHEMA_DIR: string = fileURLToPath(new URL('../../schema/', import.meta.url));

/** The files every Linden directory loads, in order: later files refer to earlier ones. */
export const DEFAULT_SCHEMA_FILES: readonly string[] = [
  'system.schema',
  'core.schema',
  'cosine.schema',
  'inetorgperson.schema',
  'nis.schema',
].map((name) => `${SCHEMA_DIR}${name}`);

/** The example Mozillians schema (mozilliansPerson, mozilliansGroup); not loaded by default. */
export const MOZILLIANS_SCHEMA_FILE: string = `${SCHEMA_DIR}mozillians.schema`;

/** Reads one schema file: `.ldif` files in `cn=schema` form, anything else in OpenLDAP `.schema` form. */
export function loadSchemaFile(path: string, macros: OidMacros = new OidMacros()): SchemaDefinition[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SchemaError(`cannot read schema file: ${(e as Error).message}`, path, 0);
  }
  return path.toLowerCase().endsWith('.ldif')
    ? parseSchemaLdif(text, path, macros)
    : parseSchemaFile(text, path, macros);
}

export interface DefaultSchemaOptions extends SchemaBuildOptions {
  /** More schema files, by path, loaded after the default ones. */
  readonly files?: readonly string[];
}

/** The registry of the default schema files plus `options.files`. Throws SchemaError. */
export function buildDefaultSchema(options: DefaultSchemaOptions = {}): SchemaRegistry {
  const builder = new SchemaBuilder(options);
  for (const file of [...DEFAULT_SCHEMA_FILES, ...(options.files ?? [])])
    builder.addAll(loadSchemaFile(file));
  return builder.build();
}
