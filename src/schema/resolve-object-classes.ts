/**
 * Object class resolution (RFC 4512 §2.4, §4.1.1): superclass chains with
 * cycle detection, the kind rules of §2.4.1–§2.4.3, and MUST/MAY closure over
 * the superclasses. A class without SUP other than `top` is taken as a
 * subclass of `top`, as every class is (§2.4.1).
 */
import type { ObjectClassDefinition } from './definitions.ts';
import { SchemaError } from './schema-error.ts';
import type { AttributeType, ObjectClass } from './types.ts';

export interface ObjectClassLookups {
  readonly definition: (nameOrOid: string) => ObjectClassDefinition | undefined;
  readonly attributeType: (nameOrOid: string) => AttributeType | undefined;
}

const TOP = '2.5.6.0';

function fail(def: ObjectClassDefinition, reason: string): SchemaError {
  return new SchemaError(
    `objectclass '${def.names[0] ?? def.oid}': ${reason}`,
    def.source?.file,
    def.source?.line,
  );
}

export function resolveObjectClasses(
  definitions: readonly ObjectClassDefinition[],
  lookups: ObjectClassLookups,
): ObjectClass[] {
  const done = new Map<string, ObjectClass>();
  const visiting = new Set<string>();

  const attributes = (def: ObjectClassDefinition, names: readonly string[], what: string): AttributeType[] =>
    names.map((n) => {
      const at = lookups.attributeType(n);
      if (at === undefined) throw fail(def, `${what} attribute type '${n}' not found`);
      return at;
    });

  const resolve = (def: ObjectClassDefinition): ObjectClass => {
    const existing = done.get(def.oid);
    if (existing) return existing;
    if (visiting.has(def.oid)) throw fail(def, 'SUP chain loops back to itself');
    visiting.add(def.oid);
    const supNames = def.sup.length === 0 && def.oid !== TOP ? [TOP] : def.sup;
    const sup = supNames.map((n) => {
      const supDef = lookups.definition(n);
      if (supDef === undefined) throw fail(def, `SUP '${n}' not found`);
      const s = resolve(supDef);
      // RFC 4512 §2.4.1–§2.4.3: abstract classes derive only from abstract ones,
      // structural from abstract or structural, auxiliary from abstract or auxiliary.
      if (s.kind !== 'ABSTRACT' && s.kind !== def.classKind) {
        throw fail(def, `${def.classKind} class cannot have ${s.kind} superclass '${s.name}'`);
      }
      return s;
    });
    const must = attributes(def, def.must, 'MUST');
    const may = attributes(def, def.may, 'MAY');
    const superclasses = new Set<ObjectClass>();
    const allMust = new Set<AttributeType>(must);
    const allMay = new Set<AttributeType>();
    for (const s of sup) {
      for (const c of s.superclasses) superclasses.add(c);
      for (const a of s.allMust) allMust.add(a);
    }
    for (const s of sup) for (const a of s.allMay) if (!allMust.has(a)) allMay.add(a);
    for (const a of may) if (!allMust.has(a)) allMay.add(a);
    const name = def.names[0] ?? def.oid;
    const oc: ObjectClass = {
      oid: def.oid,
      names: def.names,
      name,
      key: name.toLowerCase(),
      ...(def.description === undefined ? {} : { description: def.description }),
      obsolete: def.obsolete,
      kind: def.classKind,
      sup,
      superclasses,
      must,
      may,
      allMust,
      allMay,
      definition: def,
      isSubclassOf(other: ObjectClass): boolean {
        return superclasses.has(other);
      },
    };
    superclasses.add(oc);
    Object.freeze(oc);
    visiting.delete(def.oid);
    done.set(def.oid, oc);
    return oc;
  };

  return definitions.map(resolve);
}
