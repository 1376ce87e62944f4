/**
 * The search filter model (RFC 4511 §4.5.1.7), shared by the codec (BER form),
 * the string form (RFC 4515), the planner and the matcher.
 *
 * Attribute descriptions are kept as the client wrote them (`CN;lang-en`);
 * assertion values are raw octets, because RFC 4511 AssertionValue is an
 * OCTET STRING and may hold binary data.
 */
export type Filter =
  | AndFilter
  | OrFilter
  | NotFilter
  | EqualityFilter
  | SubstringFilter
  | GreaterOrEqualFilter
  | LessOrEqualFilter
  | PresentFilter
  | ApproxFilter
  | ExtensibleFilter;

export interface AndFilter {
  readonly type: 'and';
  readonly filters: readonly Filter[];
}
export interface OrFilter {
  readonly type: 'or';
  readonly filters: readonly Filter[];
}
export interface NotFilter {
  readonly type: 'not';
  readonly filter: Filter;
}
export interface EqualityFilter {
  readonly type: 'equality';
  readonly attribute: string;
  readonly value: Buffer;
}
export interface SubstringFilter {
  readonly type: 'substrings';
  readonly attribute: string;
  readonly initial?: Buffer;
  readonly any: readonly Buffer[];
  readonly final?: Buffer;
}
export interface GreaterOrEqualFilter {
  readonly type: 'greaterOrEqual';
  readonly attribute: string;
  readonly value: Buffer;
}
export interface LessOrEqualFilter {
  readonly type: 'lessOrEqual';
  readonly attribute: string;
  readonly value: Buffer;
}
export interface PresentFilter {
  readonly type: 'present';
  readonly attribute: string;
}
export interface ApproxFilter {
  readonly type: 'approxMatch';
  readonly attribute: string;
  readonly value: Buffer;
}
/** MatchingRuleAssertion: `(attr:dn:rule:=value)`; at least one of rule and attribute is set. */
export interface ExtensibleFilter {
  readonly type: 'extensibleMatch';
  readonly matchingRule?: string;
  readonly attribute?: string;
  readonly value: Buffer;
  readonly dnAttributes: boolean;
}

export type FilterType = Filter['type'];
