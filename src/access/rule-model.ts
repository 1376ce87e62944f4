import type { Filter } from '../filter/model.ts';
import type { AttributeType, ObjectClass } from '../schema/index.ts';
import type { AccessSpec } from './privileges.ts';
import type { SetExpr } from './sets.ts';

/** DN scopes of `dn.<style>=` in both <what> and <who> (slapd.access(5) <dnstyle>). */
export type DnStyle = 'base' | 'one' | 'subtree' | 'children' | 'regex' | { readonly level: number };

/** One name of `attrs=`: a type (subtypes included), a pseudo-attribute, or an object class's attributes. */
export type AttrSelector =
  | { readonly kind: 'type'; readonly type: AttributeType }
  | { readonly kind: 'entry' }
  | { readonly kind: 'children' }
  | {
      readonly kind: 'class';
      readonly objectClass: ObjectClass;
      readonly exclude: boolean;
      readonly all: boolean;
    };

export type ValueMatch =
  | { readonly style: 'exact'; readonly normalized: string }
  | { readonly style: 'regex'; readonly pattern: RegExp }
  | { readonly style: 'base' | 'one' | 'subtree' | 'children'; readonly ndn: string };

/** The <what> of a rule; every part present must match (they are additive). */
export interface What {
  /** Absent: every entry. */
  readonly dn?: { readonly style: DnStyle; readonly pattern: string; readonly regex?: RegExp };
  readonly filter?: Filter;
  /** Absent: every attribute, `entry` and `children` included. */
  readonly attrs?: readonly AttrSelector[];
  readonly val?: ValueMatch;
}

/** Who a `by` clause is for: every condition present must hold. */
export interface Who {
  readonly any?: boolean;
  readonly anonymous?: boolean;
  readonly users?: boolean;
  /** `self`, with an optional `level{n}`. */
  readonly self?: { readonly level: number };
  readonly dn?: { readonly style: DnStyle; readonly pattern: string; readonly expand: boolean };
  readonly dnattr?: AttributeType;
  readonly group?: {
    readonly pattern: string;
    readonly expand: boolean;
    readonly objectClass: ObjectClass;
    readonly attribute: AttributeType;
  };
  readonly set?: { readonly source: string; readonly expr: SetExpr; readonly expand: boolean };
  readonly ssf?: number;
  readonly saslSsf?: number;
  readonly peername?: {
    readonly style: 'exact' | 'regex' | 'ip' | 'ipv6';
    readonly pattern: string;
    readonly ip?: IpPattern;
  };
}

export interface IpPattern {
  readonly address: bigint;
  readonly mask: bigint;
  readonly v6: boolean;
  readonly port?: number;
}

export type Control = 'stop' | 'continue' | 'break';

export interface ByClause {
  readonly who: Who;
  readonly access: AccessSpec;
  readonly control: Control;
  /** The clause as written, for explanations. */
  readonly text: string;
}

export interface AccessRule {
  /** 1-based position in the rule set. */
  readonly index: number;
  /** Line in the source text where the rule starts (1-based), when it came from text. */
  readonly line?: number;
  readonly what: What;
  readonly whatText: string;
  readonly by: readonly ByClause[];
  readonly text: string;
}

/** An immutable list of rules: the unit swapped on reload. */
export interface RuleSet {
  readonly rules: readonly AccessRule[];
  /** Where the rules came from (a file name, `configuration`, `default`). */
  readonly source: string;
  /** Whether a rule needs entries other than the one asked about (groups, sets). */
  readonly needsLookups: boolean;
}
