import { MappingImportError } from './errors.ts';
import { parseMappingFile } from './mapping-file.ts';
import type { MappingImportResult, OrganizationStore } from './model.ts';

export interface ImportMappingsOptions {
  /** Point strings that are already mapped elsewhere at the file's organization. Default: such lines are errors. */
  readonly replace?: boolean;
  /** Check everything and report what would change; write nothing. */
  readonly dryRun?: boolean;
  /** Named in error messages; default "mapping file". */
  readonly source?: string;
}

/**
 * ColdFront's `import_directory2organizations_from_ldap`: reads a mapping file
 * (see `parseMappingFile`) and adds its mappings in one transaction. Any bad
 * line — malformed, an unknown organization, a string mapped elsewhere —
 * refuses the whole file with a `MappingImportError` listing every bad line.
 */
export async function importMappings(
  store: OrganizationStore,
  text: string,
  options: ImportMappingsOptions = {},
): Promise<MappingImportResult> {
  const { mappings, problems } = parseMappingFile(text);
  const replace = options.replace ?? false;
  if (problems.length) {
    // Check the well-formed lines too, so one run reports every bad line.
    try {
      await store.importMappings(mappings, { replace, dryRun: true });
    } catch (error) {
      if (!(error instanceof MappingImportError)) throw error;
      problems.push(...error.problems);
    }
    throw new MappingImportError(
      problems.sort((a, b) => a.line - b.line),
      options.source,
    );
  }
  try {
    return await store.importMappings(mappings, { replace, dryRun: options.dryRun ?? false });
  } catch (error) {
    if (error instanceof MappingImportError && options.source)
      throw new MappingImportError(error.problems, options.source);
    throw error;
  }
}
