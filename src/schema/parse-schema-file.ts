/**
 * OpenLDAP `.schema` files (slapd.conf(5) schema directives): `attributetype`,
 * `objectclass`, `objectidentifier`, `ldapsyntax`, plus Linden's
 * `matchingrule` and `matchingruleuse`. A line starting with `#` is a comment;
 * a line starting with white space continues the previous one.
 */
import type { DefinitionKind, SchemaDefinition } from './definitions.ts';
import { OidMacros } from './oid-macros.ts';
import { parseDefinition } from './parse-definition.ts';
import { SchemaError } from './schema-error.ts';

const DIRECTIVES: ReadonlyMap<string, DefinitionKind> = new Map([
  ['attributetype', 'attributeType'],
  ['attributetypes', 'attributeType'],
  ['objectclass', 'objectClass'],
  ['objectclasses', 'objectClass'],
  ['ldapsyntax', 'ldapSyntax'],
  ['ldapsyntaxes', 'ldapSyntax'],
  ['matchingrule', 'matchingRule'],
  ['matchingrules', 'matchingRule'],
  ['matchingruleuse', 'matchingRuleUse'],
]);

interface Statement {
  readonly text: string;
  readonly line: number;
}

function statements(text: string): Statement[] {
  const out: { text: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  let current: { text: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('#')) {
      // A comment inside a continued definition keeps the line count right but adds nothing.
      if (current) current.text += '\n';
      continue;
    }
    if (/^[ \t]/.test(line) || (line === '' && current)) {
      if (current) current.text += `\n${line}`;
      else if (line.trim() !== '')
        throw new SchemaError('continuation line with nothing to continue', '', i + 1);
      continue;
    }
    if (line.trim() === '') continue;
    current = { text: line, line: i + 1 };
    out.push(current);
  }
  return out;
}

/**
 * Parses a `.schema` file into definitions, with `objectidentifier` macros
 * expanded. `macros` lets several files share macros, as slapd.conf does.
 */
export function parseSchemaFile(
  text: string,
  file = '<input>',
  macros = new OidMacros(),
): SchemaDefinition[] {
  const out: SchemaDefinition[] = [];
  let list: Statement[];
  try {
    list = statements(text);
  } catch (e) {
    if (SchemaError.is(e)) throw new SchemaError(e.reason, file, e.line);
    throw e;
  }
  for (const { text: statement, line } of list) {
    const m = /^(\S+)\s*/.exec(statement);
    const directive = m?.[1] ?? '';
    const rest = statement.slice(m?.[0].length ?? 0);
    const lower = directive.toLowerCase();
    if (lower === 'objectidentifier') {
      const parts = rest.trim().split(/\s+/);
      if (parts.length !== 2) {
        throw new SchemaError(
          'objectidentifier needs a name and an OID: objectidentifier <name> <oid>',
          file,
          line,
        );
      }
      macros.define(parts[0] ?? '', parts[1] ?? '', file, line);
      continue;
    }
    const kind = DIRECTIVES.get(lower);
    if (kind === undefined) throw new SchemaError(`unknown directive '${directive}'`, file, line);
    const firstLine = line;
    out.push(parseDefinition(kind, rest, { file, line: firstLine, expandOid: (oid) => macros.expand(oid) }));
  }
  return out;
}
