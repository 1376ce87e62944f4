import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { AttributeType } from '../schema/types.ts';

/** An attribute description parsed into its type and options (RFC 4512 §2.5): `cn;lang-en` → cn + [lang-en]. */
export interface AttributeDescription {
  readonly type: AttributeType;
  /** Lower-cased options, sorted; `binary` is dropped (RFC 4522 transfer option, no storage meaning). */
  readonly options: readonly string[];
  /** The map key of the attribute in an entry: the type's key plus options, lower case. */
  readonly key: string;
  /** The description as returned to clients: the type's primary name plus options. */
  readonly name: string;
}

export interface AttributeTypeLookup {
  attributeType(nameOrOid: string): AttributeType | undefined;
}

const cache = new WeakMap<AttributeTypeLookup, Map<string, AttributeDescription | null>>();

/** Resolve an attribute description; `undefined` when the type is not in the schema. */
export function resolveDescription(
  schema: AttributeTypeLookup,
  text: string,
): AttributeDescription | undefined {
  let map = cache.get(schema);
  if (!map) {
    map = new Map();
    cache.set(schema, map);
  }
  const hit = map.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const parts = text.split(';');
  const type = schema.attributeType(parts[0]!);
  let result: AttributeDescription | null = null;
  if (type) {
    const options = parts
      .slice(1)
      .map((o) => o.toLowerCase())
      .filter((o) => o !== '' && o !== 'binary')
      .sort();
    const suffix = options.length ? `;${options.join(';')}` : '';
    result = { type, options, key: type.key + suffix, name: type.name + suffix };
  }
  if (map.size > 10000) map.clear();
  map.set(text, result);
  return result ?? undefined;
}

/** Like `resolveDescription`, but an unknown type is undefinedAttributeType. */
export function requireDescription(schema: AttributeTypeLookup, text: string): AttributeDescription {
  if (!/^[A-Za-z0-9][A-Za-z0-9.;-]*$/.test(text))
    throw new LdapError(ResultCode.undefinedAttributeType, `${text}: attribute description is invalid`);
  const d = resolveDescription(schema, text);
  if (!d) throw new LdapError(ResultCode.undefinedAttributeType, `${text}: attribute type undefined`);
  return d;
}
