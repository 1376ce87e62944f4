/**
 * Collects definitions, then resolves them into a SchemaRegistry: SUP chains,
 * references to matching rules, syntaxes and attribute types, cycles.
 * Syntaxes and matching rules Linden implements are always present (as slapd
 * has them compiled in); schema files may add more, which are then published
 * but not enforced.
 */
import type {
  AttributeTypeDefinition,
  LdapSyntaxDefinition,
  MatchingRuleDefinition,
  ObjectClassDefinition,
  SchemaDefinition,
} from './definitions.ts';
import { formatDefinition } from './format-definition.ts';
import { BUILTIN_MATCHING_RULES, UNIMPLEMENTED_MATCHING_RULES } from './matching-rules/builtin-rules.ts';
import { compareCodePoints, type MatchingRuleContext, type MatchingRuleImpl } from './matching-rules/rule.ts';
import { SchemaRegistry } from './registry.ts';
import { resolveAttributeTypes } from './resolve-attribute-types.ts';
import { resolveObjectClasses } from './resolve-object-classes.ts';
import { SchemaError } from './schema-error.ts';
import { builtinSyntaxes } from './syntaxes/builtin-syntaxes.ts';
import { simpleNormalizeDn } from './syntaxes/dn-syntax.ts';
import type { MatchingRule, MatchingRuleUsage, SubstringPosition, Syntax } from './types.ts';

/** Hooks the directory supplies so the schema layer need not know the DN layer. */
export interface SchemaBuildOptions {
  /**
   * distinguishedNameMatch's normalizer (RFC 4517 §4.2.15): the normalized DN,
   * or undefined when the value is not a DN. Default: a structural RFC 4514
   * check, attribute types by schema name, values case-folded per RFC 4518.
   */
  readonly normalizeDn?: (dn: string) => string | undefined;
  /** DN syntax validator (RFC 4517 §3.3.9). Default: a self-contained RFC 4514 structural check. */
  readonly validateDn?: (dn: string) => boolean;
}

const NO_EXTENSIONS: ReadonlyMap<string, readonly string[]> = new Map();

function where(def: SchemaDefinition): [string | undefined, number | undefined] {
  return [def.source?.file, def.source?.line];
}

/** Name and OID index for one kind, refusing a second definition of either. */
class DefinitionIndex<T extends SchemaDefinition> {
  readonly list: T[] = [];
  readonly #map = new Map<string, T>();

  constructor(readonly label: string) {}

  add(def: T): void {
    const clash = this.#map.get(def.oid);
    if (clash) {
      throw new SchemaError(
        `${this.label} ${def.oid} is already defined (as '${clash.names[0] ?? clash.oid}')`,
        ...where(def),
      );
    }
    for (const name of def.names) {
      const other = this.#map.get(name.toLowerCase());
      if (other)
        throw new SchemaError(`${this.label} name '${name}' is already used by ${other.oid}`, ...where(def));
    }
    this.list.push(def);
    this.#map.set(def.oid, def);
    for (const name of def.names) this.#map.set(name.toLowerCase(), def);
  }

  get(nameOrOid: string): T | undefined {
    return this.#map.get(nameOrOid) ?? this.#map.get(nameOrOid.toLowerCase());
  }
}

function guessUsage(name: string): MatchingRuleUsage {
  if (/ordering/i.test(name)) return 'ordering';
  if (/substring/i.test(name)) return 'substrings';
  return 'equality';
}

export class SchemaBuilder {
  readonly #definitions: SchemaDefinition[] = [];
  readonly #options: SchemaBuildOptions;

  constructor(options: SchemaBuildOptions = {}) {
    this.#options = options;
  }

  /** Adds one definition; duplicates and dangling references are reported by `build`. */
  add(definition: SchemaDefinition): this {
    this.#definitions.push(definition);
    return this;
  }

  addAll(definitions: Iterable<SchemaDefinition>): this {
    for (const d of definitions) this.add(d);
    return this;
  }

  /** Resolves everything added so far. Throws SchemaError naming the file and line of the bad definition. */
  build(): SchemaRegistry {
    let registry: SchemaRegistry | undefined;
    const normalizeDn =
      this.#options.normalizeDn ??
      ((dn: string) => simpleNormalizeDn(dn, (t) => registry?.attributeType(t)?.key));
    const context: MatchingRuleContext = {
      normalizeDn,
      resolveOid: (n) => registry?.resolveOid(n),
    };

    const syntaxes = this.#syntaxes();
    const unknownSyntax = (oid: string): Syntax =>
      Object.freeze<Syntax>({
        oid,
        binary: false,
        known: false,
        definition: { kind: 'ldapSyntax', oid, names: [], obsolete: false, extensions: NO_EXTENSIONS },
        validate: () => true,
      });
    const syntaxOf = (oid: string): Syntax => syntaxes.get(oid) ?? unknownSyntax(oid);

    const rules = this.#matchingRules(context);
    const ruleByName = new Map<string, MatchingRule>();
    for (const r of rules) {
      ruleByName.set(r.oid, r);
      for (const n of r.names) ruleByName.set(n.toLowerCase(), r);
    }

    const atIndex = new DefinitionIndex<AttributeTypeDefinition>('attributetype');
    const ocIndex = new DefinitionIndex<ObjectClassDefinition>('objectclass');
    for (const def of this.#definitions) {
      if (def.kind === 'attributeType') atIndex.add(def);
      else if (def.kind === 'objectClass') ocIndex.add(def);
    }
    const attributeTypes = resolveAttributeTypes(atIndex.list, {
      definition: (n) => atIndex.get(n),
      matchingRule: (n) => ruleByName.get(n) ?? ruleByName.get(n.toLowerCase()),
      syntax: syntaxOf,
    });
    const atByName = new Map<string, (typeof attributeTypes)[number]>();
    for (const at of attributeTypes) {
      atByName.set(at.oid, at);
      for (const n of at.names) atByName.set(n.toLowerCase(), at);
    }
    const objectClasses = resolveObjectClasses(ocIndex.list, {
      definition: (n) => ocIndex.get(n),
      attributeType: (n) => atByName.get(n) ?? atByName.get(n.toLowerCase()),
    });

    // RFC 4512 §4.1.4: matchingRuleUse lists, per rule, the attribute types it applies to.
    const applies = new Map<MatchingRule, string[]>();
    for (const at of attributeTypes) {
      for (const r of [at.equality, at.ordering, at.substr]) {
        if (r === undefined) continue;
        const list = applies.get(r) ?? [];
        list.push(at.name);
        applies.set(r, list);
      }
    }
    const syntaxList = [...syntaxes.values()];
    const subschema = Object.freeze({
      ldapSyntaxes: syntaxList.map((s) => formatDefinition(s.definition)),
      matchingRules: rules.map((r) => formatDefinition(r.definition)),
      matchingRuleUse: rules
        .filter((r) => applies.has(r))
        .map((r) =>
          formatDefinition({
            kind: 'matchingRuleUse',
            oid: r.oid,
            names: r.names,
            obsolete: false,
            extensions: NO_EXTENSIONS,
            applies: applies.get(r) ?? [],
          }),
        ),
      attributeTypes: attributeTypes.map((a) => formatDefinition(a.definition)),
      objectClasses: objectClasses.map((o) => formatDefinition(o.definition)),
    });

    try {
      registry = new SchemaRegistry({
        attributeTypes,
        objectClasses,
        matchingRules: rules,
        syntaxes: syntaxList,
        unknownSyntax,
        subschema,
      });
    } catch (e) {
      throw new SchemaError((e as Error).message);
    }
    return registry;
  }

  #syntaxes(): Map<string, Syntax> {
    const out = new Map<string, Syntax>();
    for (const s of builtinSyntaxes(this.#options.validateDn)) {
      const extensions = new Map<string, string[]>();
      if (s.binary) extensions.set('X-BINARY-TRANSFER-REQUIRED', ['TRUE']);
      if (s.notHumanReadable) extensions.set('X-NOT-HUMAN-READABLE', ['TRUE']);
      const definition: LdapSyntaxDefinition = {
        kind: 'ldapSyntax',
        oid: s.oid,
        names: [],
        description: s.description,
        obsolete: false,
        extensions,
      };
      out.set(
        s.oid,
        Object.freeze({
          oid: s.oid,
          description: s.description,
          binary: s.binary === true,
          known: true,
          definition,
          validate: s.validate,
        }),
      );
    }
    for (const def of this.#definitions) {
      if (def.kind !== 'ldapSyntax') continue;
      const known = out.get(def.oid);
      // A file may restate a known syntax (with its own DESC); the validator stays.
      out.set(
        def.oid,
        Object.freeze({
          oid: def.oid,
          ...(def.description === undefined ? {} : { description: def.description }),
          binary: known?.binary ?? def.extensions.has('X-BINARY-TRANSFER-REQUIRED'),
          known: known !== undefined,
          definition: def,
          validate: known?.validate ?? (() => true),
        }),
      );
    }
    return out;
  }

  #matchingRules(context: MatchingRuleContext): MatchingRule[] {
    const impls = new Map<string, MatchingRuleImpl>(BUILTIN_MATCHING_RULES.map((r) => [r.oid, r]));
    const definitions = new DefinitionIndex<MatchingRuleDefinition>('matchingrule');
    const fromFiles = new Map<string, MatchingRuleDefinition>();
    for (const def of this.#definitions) if (def.kind === 'matchingRule') fromFiles.set(def.oid, def);
    const base = (oid: string, name: string, syntax: string): MatchingRuleDefinition =>
      fromFiles.get(oid) ?? {
        kind: 'matchingRule',
        oid,
        names: [name],
        obsolete: false,
        extensions: NO_EXTENSIONS,
        syntax,
      };
    for (const r of BUILTIN_MATCHING_RULES) definitions.add(base(r.oid, r.name, r.syntax));
    for (const r of UNIMPLEMENTED_MATCHING_RULES) definitions.add(base(r.oid, r.name, r.syntax));
    for (const def of fromFiles.values()) if (definitions.get(def.oid) === undefined) definitions.add(def);

    return definitions.list.map((definition) => {
      const impl = impls.get(definition.oid);
      const name = definition.names[0] ?? definition.oid;
      const rule: MatchingRule = impl
        ? {
            oid: definition.oid,
            names: definition.names,
            name,
            usage: impl.usage,
            syntaxOid: definition.syntax,
            implemented: true,
            definition,
            normalize: (value: Buffer) => impl.normalize(value, context),
            compare: impl.compare ?? compareCodePoints,
            normalizeSubstring: impl.normalizeSubstring
              ? (piece: Buffer, position: SubstringPosition) =>
                  impl.normalizeSubstring!(piece, position, context)
              : () => undefined,
          }
        : {
            oid: definition.oid,
            names: definition.names,
            name,
            usage: guessUsage(name),
            syntaxOid: definition.syntax,
            implemented: false,
            definition,
            normalize: () => undefined,
            compare: compareCodePoints,
            normalizeSubstring: () => undefined,
          };
      return Object.freeze(rule);
    });
  }
}

export { SchemaRegistry };
