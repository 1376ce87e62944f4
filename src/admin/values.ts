import type { SchemaRegistry } from '../schema/index.ts';
import { ApiError } from './errors.ts';

/**
 * A value as the API carries it: UTF-8 text as a string, anything else
 * (photos, certificates, bytes that are not UTF-8) as `{ base64 }`.
 */
export type JsonValue = string | { readonly base64: string };

/** Syntaxes whose values are bytes, never text: JPEG, certificates, audio, fax, octet strings. */
const BINARY_SYNTAXES = new Set([
  '1.3.6.1.4.1.1466.115.121.1.4', // Audio
  '1.3.6.1.4.1.1466.115.121.1.5', // Binary
  '1.3.6.1.4.1.1466.115.121.1.8', // Certificate
  '1.3.6.1.4.1.1466.115.121.1.9', // Certificate List
  '1.3.6.1.4.1.1466.115.121.1.10', // Certificate Pair
  '1.3.6.1.4.1.1466.115.121.1.23', // Fax
  '1.3.6.1.4.1.1466.115.121.1.28', // JPEG
  '1.3.6.1.4.1.1466.115.121.1.40', // Octet String
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether an attribute's values are bytes (shown as downloads) rather than text. */
export function isBinaryAttribute(schema: SchemaRegistry, type: string): boolean {
  const t = schema.attributeType(type.split(';')[0]!);
  if (!t) return type.toLowerCase().endsWith(';binary');
  return t.syntax.binary || BINARY_SYNTAXES.has(t.syntax.oid) || type.toLowerCase().endsWith(';binary');
}

export function toJsonValue(value: Buffer, binary: boolean): JsonValue {
  if (!binary) {
    try {
      return utf8.decode(value);
    } catch {
      // Not UTF-8: fall through to base64.
    }
  }
  return { base64: value.toString('base64') };
}

export function fromJsonValue(value: unknown, where: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { base64?: unknown }).base64 === 'string'
  ) {
    const text = (value as { base64: string }).base64;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw ApiError.badRequest(`${where}: not valid base64`);
    return Buffer.from(text, 'base64');
  }
  throw ApiError.badRequest(`${where}: a value is a string or { "base64": "…" }`);
}

/** `{ type: [values] }` from the API into the protocol's attribute list. */
export function attributesFromJson(
  body: unknown,
  where = 'attributes',
): { type: string; values: Buffer[] }[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw ApiError.badRequest(`"${where}" must be an object`);
  const out: { type: string; values: Buffer[] }[] = [];
  for (const [type, raw] of Object.entries(body as Record<string, unknown>)) {
    const list = Array.isArray(raw) ? raw : [raw];
    const values = list
      .filter((v) => v !== '' && v !== null && v !== undefined)
      .map((v, i) => fromJsonValue(v, `${type}[${i}]`));
    if (values.length) out.push({ type, values });
  }
  return out;
}
