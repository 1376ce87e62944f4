import type { ImportProblem, NumberedMapping } from './model.ts';

/**
 * The mapping file `import-mappings` reads (UTF-8 text), one mapping per line:
 *
 *     # comment
 *     PHYS | Physics Department
 *     PHYS | Dept. of Physics
 *
 * The organization code, a `|`, then the directory string exactly as the
 * directory holds it (surrounding spaces are trimmed; the string may contain
 * `|`, since only the first one separates). Blank lines and lines starting
 * with `#` are skipped.
 */
export function parseMappingFile(text: string): { mappings: NumberedMapping[]; problems: ImportProblem[] } {
  const mappings: NumberedMapping[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, NumberedMapping>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const bar = text.indexOf('|');
    if (bar < 0) {
      problems.push({ line, message: 'expected "CODE | directory string"' });
      return;
    }
    const organization = text.slice(0, bar).trim();
    const directoryString = text.slice(bar + 1).trim();
    if (organization === '') problems.push({ line, message: 'missing organization code before "|"' });
    else if (directoryString === '') problems.push({ line, message: 'missing directory string after "|"' });
    else {
      const earlier = seen.get(directoryString);
      if (earlier && earlier.organization !== organization) {
        problems.push({
          line,
          message: `${JSON.stringify(directoryString)} is mapped to ${earlier.organization} on line ${earlier.line}`,
        });
      } else if (!earlier) {
        const mapping = { line, organization, directoryString };
        seen.set(directoryString, mapping);
        mappings.push(mapping);
      }
    }
  });
  return { mappings, problems };
}
