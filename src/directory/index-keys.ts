import { createHash } from 'node:crypto';
import type { AttributeType } from '../schema/types.ts';
import type { IndexKey } from '../store/contract.ts';
import type { Entry } from './entry.ts';
import { outsideSharedBlock } from './entry-codec.ts';

export type IndexKind = 'eq' | 'pres' | 'sub' | 'ord';

/** Which attributes are indexed and how, resolved against the schema at start. */
export class IndexConfig {
  readonly #byKey = new Map<string, ReadonlySet<IndexKind>>();
  /** Superclasses of each object class, so `(objectClass=person)` finds inetOrgPerson entries through the index. */
  readonly objectClassClosure: (oid: string) => readonly string[];

  constructor(
    specs: Iterable<{ type: AttributeType; kinds: Iterable<IndexKind> }>,
    objectClassClosure: (oid: string) => readonly string[],
  ) {
    for (const s of specs) this.#byKey.set(s.type.key, new Set(s.kinds));
    this.objectClassClosure = objectClassClosure;
  }

  has(type: AttributeType, kind: IndexKind): boolean {
    return this.#byKey.get(type.key)?.has(kind) ?? false;
  }

  kinds(key: string): ReadonlySet<IndexKind> | undefined {
    return this.#byKey.get(key);
  }

  get attributeKeys(): Iterable<string> {
    return this.#byKey.keys();
  }

  readonly #names = new Map<string, Record<IndexKind, string>>();

  /** The index names of an attribute (`cn#eq`, `cn#sub`…), made once. */
  names(baseKey: string): Record<IndexKind, string> {
    let n = this.#names.get(baseKey);
    if (n === undefined) {
      n = {
        eq: indexName(baseKey, 'eq'),
        pres: indexName(baseKey, 'pres'),
        sub: indexName(baseKey, 'sub'),
        ord: indexName(baseKey, 'ord'),
      };
      this.#names.set(baseKey, n);
    }
    return n;
  }
}

/** Index keys are at most 500 UTF-8 bytes (the store's promise); longer ones keep a prefix and a digest. */
const MAX_KEY_CHARS = 120;

/** The stored key for a normalized value; `exact` is false when it had to be shortened. */
export function eqKey(normalized: string): { key: string; exact: boolean } {
  if (normalized.length <= MAX_KEY_CHARS && Buffer.byteLength(normalized) <= 480)
    return { key: normalized, exact: true };
  const digest = createHash('sha256').update(normalized).digest('base64url');
  let prefix = normalized.slice(0, MAX_KEY_CHARS);
  while (Buffer.byteLength(prefix) > 400) prefix = prefix.slice(0, prefix.length - 8);
  return { key: `${prefix}\u0000${digest}`, exact: false };
}

export function indexName(typeKey: string, kind: IndexKind): string {
  return `${typeKey}#${kind}`;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The grams of the substring index: every 3 code points of `\x02value\x03`. */
export function substringGrams(normalized: string, anchorStart: boolean, anchorEnd: boolean): string[] {
  const text = (anchorStart ? '\u0002' : '') + normalized + (anchorEnd ? '\u0003' : '');
  const out = new Set<string>();
  if (!SURROGATE.test(text)) {
    // Every code point is one UTF-16 unit: grams are plain slices.
    for (let i = 0; i + 3 <= text.length; i++) out.add(text.slice(i, i + 3));
    return [...out];
  }
  const chars = Array.from(text);
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return [...out];
}

/**
 * Every index posting of `entry` under `config`; with `only`, just those of the
 * attributes whose base key (the part before any `;option`) it holds.
 */
export function entryIndexKeys(
  entry: Entry,
  config: IndexConfig,
  typeOf: (key: string) => AttributeType | undefined,
  only?: ReadonlySet<string>,
): IndexKey[] {
  const keys: IndexKey[] = [];
  // index → keys pushed so far; a key repeats across values, options and superclasses.
  const seen = new Map<string, Set<string>>();
  const push = (index: string, key: string): void => {
    let inIndex = seen.get(index);
    if (inIndex === undefined) {
      inIndex = new Set();
      seen.set(index, inIndex);
    } else if (inIndex.has(key)) return;
    inIndex.add(key);
    keys.push({ index, key });
  };
  for (const [attrKey, attr] of entry.attributes) {
    const semi = attrKey.indexOf(';');
    const baseKey = semi < 0 ? attrKey : attrKey.slice(0, semi);
    if (only && !only.has(baseKey)) continue;
    const kinds = config.kinds(baseKey);
    if (!kinds) continue;
    const type = typeOf(baseKey);
    if (!type) continue;
    const names = config.names(baseKey);
    if (kinds.has('pres')) push(names.pres, '');
    if (kinds.has('ord') && type.ordering) {
      // Ordering keys sort as the ordering rule does (the schema encodes integers and times so), so >= and <= are range walks.
      for (const v of attr.values) {
        const n = type.ordering.normalize(v);
        if (n !== undefined && Buffer.byteLength(n) <= 480) push(names.ord, n);
      }
    }
    if (kinds.has('eq') && type.equality) {
      for (const v of attr.values) {
        const n = type.equality.normalize(v);
        if (n === undefined) continue;
        push(names.eq, eqKey(n).key);
        if (baseKey === 'objectclass') for (const sup of config.objectClassClosure(n)) push(names.eq, sup);
      }
    }
    if (kinds.has('sub') && type.substr) {
      for (const v of attr.values) {
        const n = type.substr.normalize(v);
        if (n === undefined) continue;
        for (const g of substringGrams(n, true, true)) push(names.sub, g);
      }
    }
  }
  return keys;
}

/**
 * The indexed base keys whose values differ between two versions of an entry:
 * only their postings can differ, so a write that changes one attribute (a
 * member's memberOf, a user's description) computes and compares the keys of
 * that attribute alone. Values are compared as stored bytes, in order; a
 * reordering counts as a change, which only costs a diff that finds nothing.
 */
export function changedIndexedBases(prev: Entry, next: Entry, config: IndexConfig): Set<string> {
  const out = new Set<string>();
  const visit = (a: Entry, b: Entry): void => {
    for (const [key, attr] of a.attributes) {
      const semi = key.indexOf(';');
      const base = semi < 0 ? key : key.slice(0, semi);
      if (out.has(base) || !config.kinds(base)) continue;
      const other = b.attributes.get(key);
      if (!other || !sameValues(attr.values, other.values)) out.add(base);
    }
  };
  visit(next, prev);
  visit(prev, next);
  return out;
}

function sameValues(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !a[i]!.equals(b[i]!)) return false;
  return true;
}

/**
 * The postings a rewrite of an entry from `prev` to `next` adds and removes,
 * from the attributes that changed alone. Two versions of a stored entry that
 * still share their unparsed block of user attributes (entry-codec.ts) differ
 * only outside it, and the block is never parsed.
 */
export function indexKeyChanges(
  prev: Entry,
  next: Entry,
  config: IndexConfig,
  typeOf: (key: string) => AttributeType | undefined,
): { add: IndexKey[]; remove: IndexKey[] } {
  const outside = outsideSharedBlock(prev.attributes, next.attributes);
  const p = outside ? { ...prev, attributes: outside[0] } : prev;
  const n = outside ? { ...next, attributes: outside[1] } : next;
  const changed = changedIndexedBases(p, n, config);
  if (changed.size === 0) return { add: [], remove: [] };
  return diffIndexKeys(
    entryIndexKeys(p, config, typeOf, changed),
    entryIndexKeys(n, config, typeOf, changed),
  );
}

/** Postings in `next` that are not in `prev`, and the reverse: what a modify must add and remove. */
export function diffIndexKeys(
  prev: readonly IndexKey[],
  next: readonly IndexKey[],
): { add: IndexKey[]; remove: IndexKey[] } {
  const id = (k: IndexKey): string => `${k.index}\u0001${k.key}`;
  const p = new Set(prev.map(id));
  const n = new Set(next.map(id));
  return { add: next.filter((k) => !p.has(id(k))), remove: prev.filter((k) => !n.has(id(k))) };
}
