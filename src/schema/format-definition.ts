/**
 * RFC 4512 §4.1 description strings, as published in the subschema subentry.
 * Fields come in the grammar's order, NAME lists in parentheses only when
 * there are several, and DESC escapes `'` and `\` (RFC 4512 §4.1 qdstring), the
 * shape python-ldap's `ldap.schema` and ldap3's `get_info=ALL` both parse.
 */
import type { Extensions, SchemaDefinition } from './definitions.ts';

function qdstring(s: string): string {
  return `'${s.replace(/\\/g, '\\5C').replace(/'/g, '\\27')}'`;
}

function qdescrs(names: readonly string[]): string {
  if (names.length === 1) return qdstring(names[0] ?? '');
  return `( ${names.map(qdstring).join(' ')} )`;
}

function oids(list: readonly string[]): string {
  if (list.length === 1) return list[0] ?? '';
  return `( ${list.join(' $ ')} )`;
}

function extensions(ext: Extensions, out: string[]): void {
  for (const [key, values] of ext) {
    out.push(key, values.length === 1 ? qdstring(values[0] ?? '') : `( ${values.map(qdstring).join(' ')} )`);
  }
}

export function formatDefinition(def: SchemaDefinition): string {
  const out: string[] = ['(', def.oid];
  if (def.names.length > 0) out.push('NAME', qdescrs(def.names));
  if (def.description !== undefined) out.push('DESC', qdstring(def.description));
  if (def.obsolete) out.push('OBSOLETE');
  switch (def.kind) {
    case 'attributeType':
      if (def.sup !== undefined) out.push('SUP', def.sup);
      if (def.equality !== undefined) out.push('EQUALITY', def.equality);
      if (def.ordering !== undefined) out.push('ORDERING', def.ordering);
      if (def.substr !== undefined) out.push('SUBSTR', def.substr);
      if (def.syntax !== undefined) {
        out.push(
          'SYNTAX',
          def.syntaxLength === undefined ? def.syntax : `${def.syntax}{${def.syntaxLength}}`,
        );
      }
      if (def.singleValue) out.push('SINGLE-VALUE');
      if (def.collective) out.push('COLLECTIVE');
      if (def.noUserModification) out.push('NO-USER-MODIFICATION');
      if (def.usage !== 'userApplications') out.push('USAGE', def.usage);
      break;
    case 'objectClass':
      if (def.sup.length > 0) out.push('SUP', oids(def.sup));
      out.push(def.classKind);
      if (def.must.length > 0) out.push('MUST', oids(def.must));
      if (def.may.length > 0) out.push('MAY', oids(def.may));
      break;
    case 'matchingRule':
      out.push('SYNTAX', def.syntax);
      break;
    case 'matchingRuleUse':
      out.push('APPLIES', oids(def.applies));
      break;
    case 'ldapSyntax':
      break;
  }
  extensions(def.extensions, out);
  out.push(')');
  return out.join(' ');
}
