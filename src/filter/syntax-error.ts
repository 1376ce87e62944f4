/** A syntax problem at a position of the source; `parseFilter` turns it into an LdapError. */
export class FilterSyntaxError extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
  }
}

/** The character at `pos`, quoted, for error messages. */
export function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'end of filter';
  const cp = text.codePointAt(pos)!;
  return cp < 0x20 || cp === 0x7f
    ? `control character U+${cp.toString(16).padStart(4, '0')}`
    : `'${String.fromCodePoint(cp)}'`;
}
