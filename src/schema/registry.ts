/**
 * The schema registry: every definition resolved, looked up by any NAME
 * (case-insensitively, RFC 4512 §2.1 `descr`) or by OID. Immutable once built;
 * `SchemaBuilder` (builder.ts) is the only way to make one.
 */
import type { AttributeType, MatchingRule, ObjectClass, SubschemaValues, Syntax } from './types.ts';

/** The lookups a registry is made of; the builder fills them in, the registry only reads them. */
export interface RegistryTables {
  readonly attributeTypes: readonly AttributeType[];
  readonly objectClasses: readonly ObjectClass[];
  readonly matchingRules: readonly MatchingRule[];
  readonly syntaxes: readonly Syntax[];
  /** For syntax OIDs nobody defined: a syntax that accepts every value. */
  readonly unknownSyntax: (oid: string) => Syntax;
  readonly subschema: SubschemaValues;
}

const NUMERIC_OID = /^[0-2](?:\.(?:0|[1-9][0-9]*))+$/;

function index<T extends { readonly oid: string; readonly names: readonly string[] }>(items: readonly T[]) {
  const map = new Map<string, T>();
  for (const item of items) {
    map.set(item.oid, item);
    for (const name of item.names) map.set(name.toLowerCase(), item);
  }
  return map;
}

export class SchemaRegistry {
  readonly #attributeTypes: ReadonlyMap<string, AttributeType>;
  readonly #objectClasses: ReadonlyMap<string, ObjectClass>;
  readonly #matchingRules: ReadonlyMap<string, MatchingRule>;
  readonly #syntaxes: ReadonlyMap<string, Syntax>;
  readonly #tables: RegistryTables;

  /** The `top` class (RFC 4512 §2.4.1). */
  readonly top: ObjectClass;
  /** `extensibleObject` (RFC 4512 §4.3): allows every user attribute; undefined if the schema lacks it. */
  readonly extensibleObject: ObjectClass | undefined;
  /** The `objectClass` attribute type (RFC 4512 §3.3). */
  readonly objectClassAttribute: AttributeType;

  /** @internal Use `SchemaBuilder.build()`. */
  constructor(tables: RegistryTables) {
    this.#tables = tables;
    this.#attributeTypes = index(tables.attributeTypes);
    this.#objectClasses = index(tables.objectClasses);
    this.#matchingRules = index(tables.matchingRules);
    this.#syntaxes = new Map(tables.syntaxes.map((s) => [s.oid, s]));
    const top = this.#objectClasses.get('2.5.6.0');
    const objectClass = this.#attributeTypes.get('2.5.4.0');
    if (top === undefined || objectClass === undefined) {
      throw new Error('a schema needs top (2.5.6.0) and objectClass (2.5.4.0)');
    }
    this.top = top;
    this.objectClassAttribute = objectClass;
    this.extensibleObject = this.#objectClasses.get('1.3.6.1.4.1.1466.101.120.111');
    Object.freeze(this);
  }

  /**
   * An attribute type by NAME or OID, case-insensitively. An attribute
   * description with options (`cn;lang-en`, `userCertificate;binary`) gives its
   * type (RFC 4512 §2.5).
   */
  attributeType(nameOrOid: string): AttributeType | undefined {
    const semicolon = nameOrOid.indexOf(';');
    const type = semicolon < 0 ? nameOrOid : nameOrOid.slice(0, semicolon);
    return this.#attributeTypes.get(type) ?? this.#attributeTypes.get(type.toLowerCase());
  }

  objectClass(nameOrOid: string): ObjectClass | undefined {
    return this.#objectClasses.get(nameOrOid) ?? this.#objectClasses.get(nameOrOid.toLowerCase());
  }

  matchingRule(nameOrOid: string): MatchingRule | undefined {
    return this.#matchingRules.get(nameOrOid) ?? this.#matchingRules.get(nameOrOid.toLowerCase());
  }

  /** The syntax with this OID; an unknown OID gives a syntax that accepts every value. */
  syntax(oid: string): Syntax {
    return this.#syntaxes.get(oid) ?? this.#tables.unknownSyntax(oid);
  }

  /** Every attribute type once, in definition order. */
  attributeTypes(): readonly AttributeType[] {
    return this.#tables.attributeTypes;
  }

  objectClasses(): readonly ObjectClass[] {
    return this.#tables.objectClasses;
  }

  matchingRules(): readonly MatchingRule[] {
    return this.#tables.matchingRules;
  }

  syntaxes(): readonly Syntax[] {
    return this.#tables.syntaxes;
  }

  /**
   * The OID a `descr` or numeric OID stands for, over every kind of definition
   * (RFC 4512 §1.4 `oid = descr / numericoid`). A numeric OID is returned as
   * given even when undefined; an unknown `descr` gives undefined.
   */
  resolveOid(nameOrOid: string): string | undefined {
    if (NUMERIC_OID.test(nameOrOid)) return nameOrOid;
    const key = nameOrOid.toLowerCase();
    return (
      this.#objectClasses.get(key)?.oid ??
      this.#attributeTypes.get(key)?.oid ??
      this.#matchingRules.get(key)?.oid ??
      undefined
    );
  }

  /** The values of the subschema subentry's `attributeTypes`, `objectClasses`, … (RFC 4512 §4.2). */
  subschema(): SubschemaValues {
    return this.#tables.subschema;
  }
}
