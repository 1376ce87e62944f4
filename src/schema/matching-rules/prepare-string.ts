/**
 * LDAP string preparation (RFC 4518) in a practical form, shared by the
 * caseIgnore*, caseExact* and *IA5 rules:
 *
 *  §2.1 transcode — UTF-8 in, invalid UTF-8 makes the value invalid;
 *  §2.2 map — controls and zero-width characters map to nothing, every other
 *       white space (tabs, line ends, NBSP, U+3000, …) to SPACE, and for the
 *       caseIgnore rules, case folding;
 *  §2.3 normalize — Unicode NFKC;
 *  §2.6.1 insignificant space handling — leading and trailing spaces dropped,
 *       inner runs collapsed to one SPACE.
 *
 * Index keys are built from these strings, so ASCII values (most values in
 * most directories) take a loop that never calls `normalize`, and values that
 * are already prepared are returned without building a new string.
 */
import { isUtf8 } from 'node:buffer';
import type { SubstringPosition } from '../types.ts';

/** RFC 4518 §2.2: code points mapped to nothing (controls, soft hyphen, joiners, variation selectors, BOM). */
// Built from a string: the class holds combining characters (U+034F, variation
// selectors) that a regular-expression literal would show as misleading.
const MAP_TO_NOTHING = new RegExp(
  '[\\u0000-\\u0008\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\u00AD\\u034F\\u1806\\u180B-\\u180E' +
    '\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2063\\uFE00-\\uFE0F\\uFEFF\\uFFF9-\\uFFFB]',
  'g',
);
/** RFC 4518 §2.2: code points mapped to SPACE. */
const MAP_TO_SPACE = /[\t\n\v\f\r\u0085\u2028\u2029\p{Zs}]/gu;
const SPACES = / +/g;

function isAscii(value: Buffer): boolean {
  for (let i = 0; i < value.length; i++) if (value[i]! >= 0x80) return false;
  return true;
}

/** Unicode case folding close to RFC 3454 table B.2: upper then lower turns ß into ss and ς into σ. */
function fold(s: string): string {
  return s.toUpperCase().toLowerCase();
}

/** The ASCII path: maps, folds and collapses in one pass over the bytes. */
function prepareAscii(value: Buffer, caseFold: boolean, keepLead: boolean, keepTrail: boolean): string {
  // First see whether the value is already prepared: then latin1 decoding is the whole job.
  let clean = true;
  let prevSpace = !keepLead;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === 0x20) {
      if (prevSpace) {
        clean = false;
        break;
      }
      prevSpace = true;
    } else if (c < 0x20 || c === 0x7f || (caseFold && c >= 0x41 && c <= 0x5a)) {
      clean = false;
      break;
    } else {
      prevSpace = false;
    }
  }
  if (clean && (keepTrail || !prevSpace || value.length === 0)) return value.toString('latin1');

  let out = '';
  let pendingSpace = false;
  let started = false;
  for (let i = 0; i < value.length; i++) {
    let c = value[i]!;
    if ((c >= 0x09 && c <= 0x0d) || c === 0x20) {
      pendingSpace = true;
      continue;
    }
    if (c < 0x20 || c === 0x7f) continue;
    if (caseFold && c >= 0x41 && c <= 0x5a) c += 0x20;
    if (pendingSpace && (started || keepLead)) out += ' ';
    pendingSpace = false;
    started = true;
    out += String.fromCharCode(c);
  }
  if (pendingSpace && (keepTrail || (!started && keepLead))) out += ' ';
  return out;
}

function prepareUnicode(text: string, caseFold: boolean, keepLead: boolean, keepTrail: boolean): string {
  let s = text.replace(MAP_TO_NOTHING, '').replace(MAP_TO_SPACE, ' ');
  // NFKC and folding are repeated until stable: a compatibility character may
  // decompose to capitals (ℌ → H) and a fold may produce a composable sequence.
  for (let round = 0; round < 4; round++) {
    const next = (caseFold ? fold(s) : s)
      .normalize('NFKC')
      .replace(MAP_TO_NOTHING, '')
      .replace(MAP_TO_SPACE, ' ');
    if (next === s) break;
    s = next;
  }
  s = s.replace(SPACES, ' ');
  if (!keepLead && s.startsWith(' ')) s = s.slice(1);
  if (!keepTrail && s.endsWith(' ')) s = s.slice(0, -1);
  return s;
}

/**
 * The prepared form of an attribute or assertion value, or undefined for
 * invalid UTF-8. An all-space value prepares to a single SPACE (RFC 4518
 * §2.6.1 keeps such values distinct from the empty string).
 */
export function prepareString(value: Buffer, caseFold: boolean): string | undefined {
  let s: string;
  if (isAscii(value)) s = prepareAscii(value, caseFold, false, false);
  else if (!isUtf8(value)) return undefined;
  else s = prepareUnicode(value.toString('utf8'), caseFold, false, false);
  if (s === '' && value.length > 0) return ' ';
  return s;
}

/**
 * The prepared form of one piece of a substring assertion (RFC 4518 §2.6.1):
 * inner runs collapse as in values, but a space at a side that meets a
 * wildcard is kept (as one SPACE), so `(cn=John *)` matches "John Smith" and
 * not "Johnny"; the outer side of `initial` and `final` is trimmed, as the value is.
 */
export function prepareSubstring(
  piece: Buffer,
  caseFold: boolean,
  position: SubstringPosition,
): string | undefined {
  const keepLead = position !== 'initial';
  const keepTrail = position !== 'final';
  if (isAscii(piece)) return prepareAscii(piece, caseFold, keepLead, keepTrail);
  if (!isUtf8(piece)) return undefined;
  return prepareUnicode(piece.toString('utf8'), caseFold, keepLead, keepTrail);
}

/** Whether every byte is 7-bit: the IA5 rules' precondition (RFC 4517 §3.3.15). */
export { isAscii };
