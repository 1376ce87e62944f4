import type { SchemaRegistry } from '../schema/index.ts';
import type { FoundEntry } from './directory-client.ts';
import { isBinaryAttribute, type JsonValue, toJsonValue } from './values.ts';

/** An entry as the API returns it: user attributes apart from operational ones. */
export interface EntryJson {
  readonly dn: string;
  readonly attributes: Record<string, JsonValue[]>;
  readonly operational: Record<string, JsonValue[]>;
  /** Attributes whose values are bytes, shown as downloads. */
  readonly binary: string[];
}

export function entryToJson(schema: SchemaRegistry, entry: FoundEntry): EntryJson {
  const attributes: Record<string, JsonValue[]> = {};
  const operational: Record<string, JsonValue[]> = {};
  const binary: string[] = [];
  for (const a of entry.attributes) {
    const isBinary = isBinaryAttribute(schema, a.type);
    if (isBinary) binary.push(a.type);
    const type = schema.attributeType(a.type.split(';')[0]!);
    const target = type?.operational ? operational : attributes;
    target[a.type] = a.values.map((v) => toJsonValue(v, isBinary));
  }
  return { dn: entry.dn, attributes, operational, binary };
}

/** The first value of an attribute as text (case-insensitive name), or undefined. */
export function firstString(entry: FoundEntry, name: string): string | undefined {
  const lower = name.toLowerCase();
  const a = entry.attributes.find((x) => x.type.toLowerCase() === lower);
  return a?.values[0]?.toString('utf8');
}

export function allStrings(entry: FoundEntry, name: string): string[] {
  const lower = name.toLowerCase();
  return entry.attributes
    .filter((x) => x.type.toLowerCase() === lower)
    .flatMap((a) => a.values.map((v) => v.toString('utf8')));
}
