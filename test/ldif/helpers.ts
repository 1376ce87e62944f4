import { readFileSync } from 'node:fs';
import { type LdifReadOptions, type LdifRecord, type LdifSource, readLdif } from '../../src/ldif/index.ts';

export async function collect(source: LdifSource, options: LdifReadOptions = {}): Promise<LdifRecord[]> {
  const out: LdifRecord[] = [];
  for await (const record of readLdif(source, options)) out.push(record);
  return out;
}

export function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
}

/** Attribute values as strings, by attribute description, for compact assertions. */
export function texts(record: LdifRecord): Record<string, string[]> {
  if (record.kind !== 'content' && record.kind !== 'add') return {};
  return Object.fromEntries(record.attributes.map((a) => [a.type, a.values.map((v) => v.toString('utf8'))]));
}
