/**
 * What a built-in matching rule implementation provides. The registry pairs
 * each with its RFC 4512 definition to make a `MatchingRule`.
 */
import type { MatchingRuleUsage, SubstringPosition } from '../types.ts';

/** What rules may ask of the directory and the registry, supplied when a registry is built. */
export interface MatchingRuleContext {
  /** The normalized form of a DN, or undefined if it is not one. */
  readonly normalizeDn: (dn: string) => string | undefined;
  /** RFC 4512 §1.4: the OID a descr names, over the whole schema. */
  readonly resolveOid: (nameOrOid: string) => string | undefined;
}

export interface MatchingRuleImpl {
  readonly oid: string;
  readonly name: string;
  readonly usage: MatchingRuleUsage;
  /** The assertion syntax (RFC 4517 §4.2). */
  readonly syntax: string;
  normalize(value: Buffer, context: MatchingRuleContext): string | undefined;
  /** Defaults to code-point order, which is right for every normalizer built to sort bytewise. */
  compare?(a: string, b: string): number;
  normalizeSubstring?(
    piece: Buffer,
    position: SubstringPosition,
    context: MatchingRuleContext,
  ): string | undefined;
}

/** Code-point (and so UTF-8 byte) order, the order store indexes use. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  // JavaScript compares UTF-16 code units; that differs from code-point order only
  // when both strings have a character at or above U+E000 versus a surrogate pair.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
