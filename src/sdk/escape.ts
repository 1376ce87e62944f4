/**
 * Where user input meets LDAP syntax in the SDK. The escaping itself is the
 * filter (RFC 4515) and DN (RFC 4514) layers' own: one implementation for the
 * server and the SDK.
 */
import { escapeFilterValue } from '../filter/index.ts';

export { escapeDnValue } from '../dn/index.ts';
export { escapeFilterValue };

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
