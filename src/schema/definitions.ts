/**
 * RFC 4512 §4.1 definitions as written: what a `.schema` file or a `cn=schema`
 * value says, names and OIDs as given, nothing resolved. The registry turns
 * these into the resolved shapes of `types.ts`.
 */

/** RFC 4512 §4.1.2 `AttributeUsage`. */
export type AttributeUsage =
  | 'userApplications'
  | 'directoryOperation'
  | 'distributedOperation'
  | 'dSAOperation';

/** RFC 4512 §4.1.1 `kind`. */
export type ObjectClassKind = 'ABSTRACT' | 'STRUCTURAL' | 'AUXILIARY';

/** `X-ORIGIN 'RFC 4519'` and friends (RFC 4512 §4.1 `extensions`), keyed by the upper-case X- name. */
export type Extensions = ReadonlyMap<string, readonly string[]>;

/** Where a definition came from: for error messages and `X-ORIGIN`-like provenance. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

interface DefinitionBase {
  readonly oid: string;
  readonly names: readonly string[];
  readonly description?: string;
  readonly obsolete: boolean;
  readonly extensions: Extensions;
  readonly source?: SourceLocation;
}

/** RFC 4512 §4.1.2 AttributeTypeDescription. */
export interface AttributeTypeDefinition extends DefinitionBase {
  readonly kind: 'attributeType';
  readonly sup?: string;
  readonly equality?: string;
  readonly ordering?: string;
  readonly substr?: string;
  /** The syntax OID, without the `{len}` suffix. */
  readonly syntax?: string;
  /** The `{len}` upper bound after the syntax OID, when given. */
  readonly syntaxLength?: number;
  readonly singleValue: boolean;
  readonly collective: boolean;
  readonly noUserModification: boolean;
  readonly usage: AttributeUsage;
}

/** RFC 4512 §4.1.1 ObjectClassDescription. */
export interface ObjectClassDefinition extends DefinitionBase {
  readonly kind: 'objectClass';
  readonly sup: readonly string[];
  /** RFC 4512 §4.1.1: the default kind is STRUCTURAL. */
  readonly classKind: ObjectClassKind;
  readonly must: readonly string[];
  readonly may: readonly string[];
}

/** RFC 4512 §4.1.3 MatchingRuleDescription. */
export interface MatchingRuleDefinition extends DefinitionBase {
  readonly kind: 'matchingRule';
  /** The assertion syntax OID. */
  readonly syntax: string;
}

/** RFC 4512 §4.1.4 MatchingRuleUseDescription (the OID is the matching rule's). */
export interface MatchingRuleUseDefinition extends DefinitionBase {
  readonly kind: 'matchingRuleUse';
  readonly applies: readonly string[];
}

/** RFC 4512 §4.1.5 SyntaxDescription (no NAME, no OBSOLETE in the grammar). */
export interface LdapSyntaxDefinition extends DefinitionBase {
  readonly kind: 'ldapSyntax';
}

export type SchemaDefinition =
  | AttributeTypeDefinition
  | ObjectClassDefinition
  | MatchingRuleDefinition
  | MatchingRuleUseDefinition
  | LdapSyntaxDefinition;

export type DefinitionKind = SchemaDefinition['kind'];
