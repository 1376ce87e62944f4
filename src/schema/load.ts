/**
 * Loading the shipped schema files (`schema/` at the package root) and any
 * others by path.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SchemaBuilder, type SchemaBuildOptions } from './builder.ts';
import type { SchemaDefinition } from './definitions.ts';
import type { SchemaRegistry } from './registry.ts';

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
export function loadSchemaFile(path: string): SchemaDefinition[] {
  void readFileSync;
  void path;
  throw new Error('not implemented yet');
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
