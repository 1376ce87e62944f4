// RFC 4514 §2.4: characters that must be escaped anywhere in a value, plus NUL.
const mustEscape = /["+,;<>\\\0]/;
const mustEscapeAll = /["+,;<>\\\0]/g;

const SPACE = 0x20;
const SHARP = 0x23;

/**
 * Escapes one attribute value for a DN string (RFC 4514 §2.4): `"+,;<>\` get a
 * backslash, NUL becomes `\00`, a leading space or `#` and a trailing space are
 * escaped. A Buffer value is written in the `#` hexstring form (its octets are
 * the BER encoding of the value). Everything else, including non-ASCII, is
 * written as is, which RFC 4514 allows and keeps normalized DNs short.
 */
export function escapeDnValue(value: string | Buffer): string {
  if (typeof value !== 'string') return `#${value.toString('hex')}`;
  const n = value.length;
  if (n === 0) return value;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(n - 1);
  // The common case — a plain name — leaves without allocating.
  if (first !== SPACE && first !== SHARP && last !== SPACE && !mustEscape.test(value)) return value;
  let out = value.replace(mustEscapeAll, (c) => (c === '\0' ? '\\00' : `\\${c}`));
  if (first === SPACE || first === SHARP) out = `\\${out}`;
  // A lone space was escaped as leading already; `\ ` then also ends the value.
  if (last === SPACE && !(n === 1 && first === SPACE)) out = `${out.slice(0, -1)}\\ `;
  return out;
}
