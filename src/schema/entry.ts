/**
 * The entry shape the schema checks work on. The directory keeps its own
 * richer entry type; it hands the checks a view of the attributes.
 *
 * Keys are attribute descriptions in lower case. The canonical form is the
 * type's `key` (its first NAME, lower-cased: `cn`, `objectclass`), but any
 * NAME, the OID, and options (`cn;lang-en`) are accepted: the checks resolve
 * each key through the registry. Values are raw octets as received.
 */
export interface SchemaEntry {
  readonly attributes: ReadonlyMap<string, readonly Buffer[]>;
}
