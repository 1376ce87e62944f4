import { escapeFilterValue } from './escape.ts';
import { parseFilter } from './parse.ts';

/** What may be interpolated into a `filter` template: values, never filter syntax. */
export type FilterTemplateValue = string | Buffer | number | bigint | boolean;

/**
 * Tagged template for filter strings: every interpolated value is escaped
 * (RFC 4515 §3), so user input cannot change the filter's structure.
 *
 *     filter`(&(uid=${name})(objectClass=person))`
 *
 * Booleans are written `TRUE`/`FALSE` (RFC 4517 §3.3.3). The result is
 * checked with `parseFilter`, so a malformed template throws at once
 * (LdapError(protocolError)) rather than at the server.
 */
export function filter(strings: TemplateStringsArray, ...values: readonly FilterTemplateValue[]): string {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    out += toAssertionValue(values[i]!) + strings[i + 1]!;
  }
  parseFilter(out);
  return out;
}

function toAssertionValue(value: FilterTemplateValue): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' || typeof value === 'bigint') return escapeFilterValue(String(value));
  return escapeFilterValue(value);
}
