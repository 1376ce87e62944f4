/**
 * Attribute type resolution (RFC 4512 §2.5.1, §4.1.2): SUP chains with cycle
 * detection; syntax, matching rules and length inherited from the supertype
 * when not given; usage equal to the supertype's.
 */
import type { AttributeTypeDefinition } from './definitions.ts';
import { SchemaError } from './schema-error.ts';
import type { AttributeType, MatchingRule, MatchingRuleUsage, Syntax } from './types.ts';

export interface AttributeTypeLookups {
  readonly definition: (nameOrOid: string) => AttributeTypeDefinition | undefined;
  readonly matchingRule: (nameOrOid: string) => MatchingRule | undefined;
  readonly syntax: (oid: string) => Syntax;
}

function label(def: AttributeTypeDefinition): string {
  return def.names[0] ?? def.oid;
}

function fail(def: AttributeTypeDefinition, reason: string): SchemaError {
  return new SchemaError(`attributetype '${label(def)}': ${reason}`, def.source?.file, def.source?.line);
}

export function resolveAttributeTypes(
  definitions: readonly AttributeTypeDefinition[],
  lookups: AttributeTypeLookups,
): AttributeType[] {
  const done = new Map<string, AttributeType>();
  const visiting = new Set<string>();

  const rule = (def: AttributeTypeDefinition, name: string | undefined, usage: MatchingRuleUsage) => {
    if (name === undefined) return undefined;
    const mr = lookups.matchingRule(name);
    if (mr === undefined) throw fail(def, `matching rule '${name}' not found`);
    if (mr.implemented && mr.usage !== usage) {
      throw fail(
        def,
        `matching rule '${name}' is a${usage === 'ordering' ? 'n' : ''} ${mr.usage} rule, not ${usage}`,
      );
    }
    return mr;
  };

  const resolve = (def: AttributeTypeDefinition): AttributeType => {
    const existing = done.get(def.oid);
    if (existing) return existing;
    if (visiting.has(def.oid)) throw fail(def, 'SUP chain loops back to itself');
    visiting.add(def.oid);
    let sup: AttributeType | undefined;
    if (def.sup !== undefined) {
      const supDef = lookups.definition(def.sup);
      if (supDef === undefined) throw fail(def, `SUP '${def.sup}' not found`);
      sup = resolve(supDef);
      if (sup.usage !== def.usage) {
        throw fail(def, `USAGE ${def.usage} differs from its SUP '${sup.name}' (${sup.usage})`);
      }
      if (sup.collective && !def.collective)
        throw fail(def, `subtype of COLLECTIVE '${sup.name}' must be COLLECTIVE`);
    }
    const syntaxOid = def.syntax ?? sup?.syntax.oid;
    if (syntaxOid === undefined) throw fail(def, 'needs SYNTAX or SUP');
    const syntaxLength = def.syntax !== undefined ? def.syntaxLength : sup?.syntaxLength;
    const equality = rule(def, def.equality, 'equality') ?? sup?.equality;
    const ordering = rule(def, def.ordering, 'ordering') ?? sup?.ordering;
    const substr = rule(def, def.substr, 'substrings') ?? sup?.substr;
    const name = def.names[0] ?? def.oid;
    const type: AttributeType = {
      oid: def.oid,
      names: def.names,
      name,
      key: name.toLowerCase(),
      ...(def.description === undefined ? {} : { description: def.description }),
      obsolete: def.obsolete,
      ...(sup === undefined ? {} : { sup }),
      syntax: lookups.syntax(syntaxOid),
      ...(syntaxLength === undefined ? {} : { syntaxLength }),
      ...(equality === undefined ? {} : { equality }),
      ...(ordering === undefined ? {} : { ordering }),
      ...(substr === undefined ? {} : { substr }),
      singleValue: def.singleValue,
      collective: def.collective,
      noUserModification: def.noUserModification,
      usage: def.usage,
      operational: def.usage !== 'userApplications',
      definition: def,
      isSubtypeOf(other: AttributeType): boolean {
        for (let t: AttributeType | undefined = this; t !== undefined; t = t.sup)
          if (t === other) return true;
        return false;
      },
    };
    Object.freeze(type);
    visiting.delete(def.oid);
    done.set(def.oid, type);
    return type;
  };

  return definitions.map(resolve);
}
