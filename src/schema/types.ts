/**
 * The resolved schema: what the registry hands out. Every reference is an
 * object (not a name), every inherited property is filled in, and every
 * object is frozen.
 */
import type {
  AttributeTypeDefinition,
  AttributeUsage,
  LdapSyntaxDefinition,
  MatchingRuleDefinition,
  ObjectClassDefinition,
  ObjectClassKind,
} from './definitions.ts';

/** An LDAP syntax (RFC 4512 §4.1.5) with the check a value must pass. */
export interface Syntax {
  readonly oid: string;
  readonly description?: string;
  /** True for syntaxes whose values are transferred as `;binary` (certificates) and never string-prepared. */
  readonly binary: boolean;
  /** False when Linden has no validator for this OID: every value is then accepted. */
  readonly known: boolean;
  readonly definition: LdapSyntaxDefinition;
  /** Whether `value` is a valid value of the syntax. Never throws. */
  validate(value: Buffer): boolean;
}

/** RFC 4512 §4.1.3: which kind of assertion a rule serves, decided by where attribute types use it. */
export type MatchingRuleUsage = 'equality' | 'ordering' | 'substrings';

/** Where a substring assertion piece sits (RFC 4511 §4.5.1.7.3). */
export type SubstringPosition = 'initial' | 'any' | 'final';

/**
 * A matching rule as the directory uses it: normalizers produce strings that
 * are compared with `===` (equality), `compare` (ordering) or `startsWith` /
 * `includes` / `endsWith` (substrings) and that are used directly as index keys.
 */
export interface MatchingRule {
  readonly oid: string;
  readonly names: readonly string[];
  /** The first NAME, or the OID when there is none. */
  readonly name: string;
  readonly usage: MatchingRuleUsage;
  /** The assertion syntax OID. */
  readonly syntaxOid: string;
  /** False when Linden has no implementation: `normalize` then returns undefined for every value (inappropriateMatching). */
  readonly implemented: boolean;
  readonly definition: MatchingRuleDefinition;
  /** The normalized form of a value or assertion value; undefined when the value is invalid for the rule. */
  normalize(value: Buffer): string | undefined;
  /** Ordering rules: compares two normalized forms (negative, zero, positive). Present on every rule; equality-only rules compare code points. */
  compare(a: string, b: string): number;
  /**
   * Substrings rules: the normalized form of one piece of a substring assertion,
   * comparable with `normalize(value)` by `startsWith` / `includes` / `endsWith`.
   * Undefined for a piece that cannot occur in any valid value.
   */
  normalizeSubstring(piece: Buffer, position: SubstringPosition): string | undefined;
}

/** An attribute type with SUP inheritance resolved (RFC 4512 §2.5.1). */
export interface AttributeType {
  readonly oid: string;
  readonly names: readonly string[];
  /** The first NAME, or the OID when there is none: the name Linden returns to clients. */
  readonly name: string;
  /** `name` in lower case: the key of entry attribute maps. */
  readonly key: string;
  readonly description?: string;
  readonly obsolete: boolean;
  readonly sup?: AttributeType;
  /** Own or inherited. */
  readonly syntax: Syntax;
  readonly syntaxLength?: number;
  readonly equality?: MatchingRule;
  readonly ordering?: MatchingRule;
  readonly substr?: MatchingRule;
  readonly singleValue: boolean;
  readonly collective: boolean;
  readonly noUserModification: boolean;
  readonly usage: AttributeUsage;
  /** RFC 4512 §3.4: any usage other than userApplications. */
  readonly operational: boolean;
  readonly definition: AttributeTypeDefinition;
  /** Whether this type is `other` or a subtype of it (RFC 4512 §2.5.1), e.g. `cn` is a subtype of `name`. */
  isSubtypeOf(other: AttributeType): boolean;
}

/** An object class with its superclass chain and attribute closure resolved (RFC 4512 §2.4). */
export interface ObjectClass {
  readonly oid: string;
  readonly names: readonly string[];
  readonly name: string;
  readonly key: string;
  readonly description?: string;
  readonly obsolete: boolean;
  readonly kind: ObjectClassKind;
  readonly sup: readonly ObjectClass[];
  /** This class and every superclass, transitively (`top` included). */
  readonly superclasses: ReadonlySet<ObjectClass>;
  /** Own MUST attribute types. */
  readonly must: readonly AttributeType[];
  readonly may: readonly AttributeType[];
  /** MUST over the whole superclass chain. */
  readonly allMust: ReadonlySet<AttributeType>;
  /** MAY over the whole superclass chain (without those already in allMust). */
  readonly allMay: ReadonlySet<AttributeType>;
  readonly definition: ObjectClassDefinition;
  /** Whether this class is `other` or inherits from it. */
  isSubclassOf(other: ObjectClass): boolean;
}

/** The values of the subschema subentry (RFC 4512 §4.2), as RFC 4512 description strings. */
export interface SubschemaValues {
  readonly ldapSyntaxes: readonly string[];
  readonly matchingRules: readonly string[];
  readonly matchingRuleUse: readonly string[];
  readonly attributeTypes: readonly string[];
  readonly objectClasses: readonly string[];
}
