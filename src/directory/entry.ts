/**
 * An entry as the directory works with it: its DN (as the client wrote it, and
 * normalized) and its attributes keyed by the lower-cased attribute description
 * (canonical type name plus options, `cn;lang-en`).
 *
 * Attribute values are raw octets (RFC 4511 AttributeValue is an OCTET STRING).
 */
export interface Attribute {
  /** The attribute description with the schema's primary name for the type: `cn`, `givenName`, `cn;lang-en`. */
  readonly type: string;
  values: Buffer[];
}

export interface Entry {
  id: number;
  parentId: number;
  dn: string;
  ndn: string;
  /** Keyed by `type.toLowerCase()`. Operational attributes live here too. */
  attributes: Map<string, Attribute>;
}

export function getValues(entry: Entry, key: string): Buffer[] | undefined {
  return entry.attributes.get(key)?.values;
}

export function getFirstString(entry: Entry, key: string): string | undefined {
  return entry.attributes.get(key)?.values[0]?.toString('utf8');
}

export function setValues(entry: Entry, type: string, values: Buffer[]): void {
  const key = type.toLowerCase();
  if (values.length === 0) entry.attributes.delete(key);
  else entry.attributes.set(key, { type, values });
}

export function cloneEntry(entry: Entry): Entry {
  const source = entry.attributes as Map<string, Attribute> & { copy?: () => Map<string, Attribute> };
  // A stored entry copies itself without parsing what it has not parsed yet (entry-codec.ts).
  let attributes = source.copy?.();
  if (!attributes) {
    attributes = new Map<string, Attribute>();
    for (const [k, a] of source) attributes.set(k, { type: a.type, values: a.values.slice() });
  }
  return { id: entry.id, parentId: entry.parentId, dn: entry.dn, ndn: entry.ndn, attributes };
}
