import {
  inRanges,
  lCat,
  mappedToNothing,
  nonAsciiSpace,
  prohibited,
  randAlCat,
  unassigned,
} from './stringprep-tables.ts';

/** Why a string was refused by SASLprep. */
export type SaslprepFailure = 'prohibited' | 'bidi' | 'unassigned';

/** A string SASLprep refuses; `codePoint` is the first offending character, where there is one. */
export class SaslprepError extends Error {
  readonly reason: SaslprepFailure;
  readonly codePoint: number | undefined;

  constructor(reason: SaslprepFailure, message: string, codePoint?: number) {
    super(message);
    this.name = 'SaslprepError';
    this.reason = reason;
    this.codePoint = codePoint;
  }
}

export interface SaslprepOptions {
  /**
   * RFC 3454 §7 lets a profile treat unassigned code points (Table A.1) two ways:
   * refused in "stored strings", allowed in "queries". Linden uses the query
   * behaviour by default for both setting and checking a password: Node's
   * normalizer is newer than Unicode 3.2, so characters assigned since 2002
   * (most emoji, newer scripts) are real characters to the person typing them,
   * and refusing them would lock out passwords other systems accepted. Set this
   * to `false` for the strict stored-string behaviour.
   */
  allowUnassigned?: boolean;
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * SASLprep, RFC 4013: the stringprep profile for user names and passwords.
 * Returns the prepared string or throws a `SaslprepError`.
 *
 * Normalization uses the runtime's Unicode tables (NFKC from ICU) rather than
 * Unicode 3.2; RFC 4013 §2.2 names 3.2, and the two differ only on code points
 * unassigned in 3.2 and on a handful of corrected decompositions.
 */
export function saslprep(input: string, options: SaslprepOptions = {}): string {
  // Fast path: printable ASCII maps, normalizes and checks to itself.
  if (/^[\x20-\x7e]*$/.test(input)) return input;

  // RFC 4013 §2.1 Mapping: non-ASCII spaces (C.1.2) to SPACE, then the
  // "commonly mapped to nothing" characters (B.1) removed. U+200B is in both
  // tables; it is checked against C.1.2 first and becomes a SPACE.
  let mapped = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0)!;
    if (inRanges(nonAsciiSpace, cp)) mapped += ' ';
    else if (!inRanges(mappedToNothing, cp)) mapped += ch;
  }

  // RFC 4013 §2.2 Normalization: Unicode normalization form KC.
  const normalized = mapped.normalize('NFKC');

  // RFC 4013 §2.3 Prohibited Output, §2.5 Unassigned Code Points, and the
  // RFC 3454 §6 bidirectional rules (§2.4), in one pass.
  const allowUnassigned = options.allowUnassigned ?? true;
  let hasRandAL = false;
  let hasL = false;
  let first = -1;
  let last = -1;
  for (const ch of normalized) {
    const cp = ch.codePointAt(0)!;
    if (inRanges(prohibited, cp)) {
      throw new SaslprepError('prohibited', `prohibited character ${hex(cp)}`, cp);
    }
    if (!allowUnassigned && inRanges(unassigned, cp)) {
      throw new SaslprepError('unassigned', `unassigned code point ${hex(cp)}`, cp);
    }
    const isRandAL = inRanges(randAlCat, cp);
    if (isRandAL) hasRandAL = true;
    else if (inRanges(lCat, cp)) hasL = true;
    if (first === -1) first = isRandAL ? 1 : 0;
    last = isRandAL ? 1 : 0;
  }
  if (hasRandAL) {
    // RFC 3454 §6 rule 2: no LCat with RandALCat; rule 3: RandALCat first and last.
    if (hasL) {
      throw new SaslprepError('bidi', 'mixes right-to-left and left-to-right characters');
    }
    if (first !== 1 || last !== 1) {
      throw new SaslprepError('bidi', 'right-to-left text must start and end with a right-to-left character');
    }
  }
  return normalized;
}
