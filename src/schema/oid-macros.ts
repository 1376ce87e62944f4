/**
 * OpenLDAP `objectIdentifier` macros: `objectidentifier MyArc 1.3.6.1.4.1.99999`
 * then `MyArc:1.2` stands for `1.3.6.1.4.1.99999.1.2`, and `MyArc` alone for
 * the arc itself. Names are matched case-insensitively, as slapd does.
 */
import { DESCR, NUMERIC_OID } from './parse-definition.ts';
import { SchemaError } from './schema-error.ts';

export class OidMacros {
  readonly #macros = new Map<string, string>();

  /** Defines `name` as `value` (itself possibly `Other:suffix`). */
  define(name: string, value: string, file: string, line: number): void {
    if (!DESCR.test(name))
      throw new SchemaError(`objectidentifier: '${name}' is not a valid name`, file, line);
    const expanded = this.expand(value);
    if (!NUMERIC_OID.test(expanded)) {
      throw new SchemaError(
        `objectidentifier ${name}: '${value}' is not an OID or a known macro`,
        file,
        line,
      );
    }
    const previous = this.#macros.get(name.toLowerCase());
    if (previous !== undefined && previous !== expanded) {
      throw new SchemaError(`objectidentifier ${name} already defined as ${previous}`, file, line);
    }
    this.#macros.set(name.toLowerCase(), expanded);
  }

  /** The OID `text` stands for; text that is no macro is returned unchanged. */
  expand(text: string): string {
    if (NUMERIC_OID.test(text)) return text;
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    const base = this.#macros.get(name.toLowerCase());
    if (base === undefined) return text;
    return colon < 0 ? base : `${base}.${text.slice(colon + 1)}`;
  }
}
