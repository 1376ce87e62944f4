/**
 * String escaping for the two places user input meets LDAP syntax. Private to
 * the SDK until the `filter` and `dn` layers publish their own helpers.
 */

/**
 * RFC 4515 §3: a value inside `(attr=value)`. `*`, `(`, `)`, `\` and NUL are
 * always escaped; so is every non-ASCII byte of the UTF-8 form, which keeps the
 * filter printable and sidesteps servers that mis-handle raw UTF-8 in filters.
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const special = byte === 0x2a || byte === 0x28 || byte === 0x29 || byte === 0x5c || byte === 0x00;
    out += special || byte >= 0x80 ? `\\${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** RFC 4514 §2.4: an attribute value inside a DN's RDN. */
export function escapeDnValue(value: string): string {
  let out = value.replace(/[\\"+,;<>=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/**
 * Substitutes `@{name}` placeholders with the escaped first value of a user
 * attribute; `@{dn}` is the entry's DN. A multi-valued attribute is refused:
 * the filter would silently depend on which value came first.
 */
export function fillFilterTemplate(
  template: string,
  lookup: (name: string) => readonly string[] | undefined,
): { filter: string } | { error: string } {
  let error: string | undefined;
  const filter = template.replace(/@\{([^}]+)\}/g, (_, name: string) => {
    const values = lookup(name) ?? [];
    if (values.length !== 1) {
      error ??= `placeholder @{${name}} needs exactly one value, the user has ${values.length}`;
      return '';
    }
    return escapeFilterValue(values[0] ?? '');
  });
  return error === undefined ? { filter } : { error };
}

/** Wraps a filter in parentheses when the configuration gave a bare `attr=value`. */
export function parenthesize(filter: string): string {
  const trimmed = filter.trim();
  return trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
}
