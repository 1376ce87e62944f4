import type { Attributes } from '../connection/connection.ts';
import { SdkError, SdkErrorCode } from '../errors.ts';

/** Account field → LDAP attribute, e.g. `{ firstName: 'givenName', email: 'mail' }`. */
export type AttributeMapping = Readonly<Record<string, string>>;

export const DEFAULT_ATTRIBUTE_MAPPING: AttributeMapping = {
  firstName: 'givenName',
  lastName: 'sn',
  email: 'mail',
};

/**
 * Accepts OMERO's string form, `omeName=uid;firstName=givenName;lastName=sn;email=mail`
 * (`;` or `,` between pairs), or an object. `omeName` names the login attribute
 * and is kept as the `username` field.
 */
export function parseAttributeMapping(spec: string | AttributeMapping): AttributeMapping {
  const pairs: [string, string][] =
    typeof spec === 'string'
      ? spec
          .split(/[;,]/)
          .map((p) => p.trim())
          .filter(Boolean)
          .map((pair) => {
            const i = pair.indexOf('=');
            if (i <= 0 || i === pair.length - 1) {
              throw new SdkError(
                SdkErrorCode.invalidConfig,
                `attribute mapping "${pair}" is not field=attribute`,
              );
            }
            return [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
          })
      : Object.entries(spec);
  const out: Record<string, string> = {};
  for (const [field, attribute] of pairs) out[field === 'omeName' ? 'username' : field] = attribute;
  return out;
}

/** First value of an attribute, matching the name case-insensitively as LDAP does. */
export function attributeValues(attributes: Attributes, name: string): string[] | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(attributes)) if (key.toLowerCase() === wanted) return values;
  return undefined;
}

/** Applies the mapping; fields whose attribute the entry lacks (or hides) are left out. */
export function mapAttributes(mapping: AttributeMapping, attributes: Attributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, attribute] of Object.entries(mapping)) {
    if (field === 'username') continue;
    const value = attributeValues(attributes, attribute)?.[0];
    if (value !== undefined) out[field] = value;
  }
  return out;
}
