/**
 * Schema in LDIF form: OpenLDAP's `cn=schema` config entries
 * (`olcAttributeTypes: {0}( … )`, `olcObjectIdentifier: {0}name oid`) and a
 * subschema subentry as another server publishes it (`attributeTypes: ( … )`).
 * Lines of other attributes are skipped; folding (RFC 2849 §2, a line starting
 * with one space continues the previous) and `attr:: base64` values are handled.
 */
import type { DefinitionKind, SchemaDefinition } from './definitions.ts';
import { OidMacros } from './oid-macros.ts';
import { parseDefinition } from './parse-definition.ts';
import { SchemaError } from './schema-error.ts';

const ATTRIBUTES: ReadonlyMap<string, DefinitionKind | 'objectIdentifier'> = new Map([
  ['attributetypes', 'attributeType'],
  ['olcattributetypes', 'attributeType'],
  ['objectclasses', 'objectClass'],
  ['olcobjectclasses', 'objectClass'],
  ['ldapsyntaxes', 'ldapSyntax'],
  ['olcldapsyntaxes', 'ldapSyntax'],
  ['matchingrules', 'matchingRule'],
  ['matchingruleuse', 'matchingRuleUse'],
  ['olcobjectidentifier', 'objectIdentifier'],
]);

interface LdifLine {
  text: string;
  readonly line: number;
}

function unfold(text: string): LdifLine[] {
  const out: LdifLine[] = [];
  const lines = text.split(/\r?\n/);
  let current: LdifLine | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith(' ') && current) {
      current.text += line.slice(1);
    } else if (line.startsWith('#') || line.trim() === '') {
      current = undefined;
    } else {
      current = { text: line, line: i + 1 };
      out.push(current);
    }
  }
  return out;
}

/** Strips slapd's `{n}` ordering prefix (X-ORDERED 'VALUES'). */
function stripOrder(value: string): string {
  return value.replace(/^\{[0-9]+\}/, '');
}

export function parseSchemaLdif(
  text: string,
  file = '<input>',
  macros = new OidMacros(),
): SchemaDefinition[] {
  const out: SchemaDefinition[] = [];
  for (const { text: line, line: lineNo } of unfold(text)) {
    const colon = line.indexOf(':');
    if (colon < 0)
      throw new SchemaError(`expecting 'attribute: value', found '${line.slice(0, 40)}'`, file, lineNo);
    const attr = line.slice(0, colon).trim().toLowerCase();
    const kind = ATTRIBUTES.get(attr.split(';')[0] ?? attr);
    if (kind === undefined) continue;
    let value: string;
    if (line[colon + 1] === ':') {
      value = Buffer.from(line.slice(colon + 2).trim(), 'base64').toString('utf8');
    } else {
      value = line.slice(colon + 1).trimStart();
    }
    value = stripOrder(value);
    if (kind === 'objectIdentifier') {
      const parts = value.trim().split(/\s+/);
      if (parts.length !== 2)
        throw new SchemaError('olcObjectIdentifier needs a name and an OID', file, lineNo);
      macros.define(parts[0] ?? '', parts[1] ?? '', file, lineNo);
      continue;
    }
    out.push(parseDefinition(kind, value, { file, line: lineNo, expandOid: (oid) => macros.expand(oid) }));
  }
  return out;
}
