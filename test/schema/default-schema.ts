// One registry for all schema tests: building it reads and resolves every shipped file.
import { buildDefaultSchema, MOZILLIANS_SCHEMA_FILE, type SchemaRegistry } from '../../src/schema/index.ts';

export const registry: SchemaRegistry = buildDefaultSchema({ files: [MOZILLIANS_SCHEMA_FILE] });
