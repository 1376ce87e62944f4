import type { Filter } from '../../filter/model.ts';
import type { AttributeType, MatchingRule, ObjectClass } from '../../schema/types.ts';
import { type AttributeTypeLookup, resolveDescription } from '../attribute-description.ts';
import type { Attribute, Entry } from '../entry.ts';

/**
 * RFC 4511 §4.5.1.7 filter evaluation: TRUE, FALSE or Undefined. An assertion on
 * an unknown attribute, or one whose type has no suitable matching rule, is
 * Undefined; NOT of Undefined stays Undefined, so `(!(foo=x))` matches nothing.
 */
export type Tri = true | false | undefined;

export interface MatchContext {
  readonly schema: AttributeTypeLookup;
  /** Attributes the requester may not search are treated as absent (Undefined for assertions). */
  canSearch?(entry: Entry, type: AttributeType, value?: Buffer): boolean;
  /** Extensible match rules the directory implements beyond the schema ones (LDAP_MATCHING_RULE_IN_CHAIN). */
  extensible?(entry: Entry, filter: Extract<Filter, { type: 'extensibleMatch' }>): Tri | Promise<Tri>;
  /** For extensible match rules given by name or OID. */
  matchingRule?(nameOrOid: string): MatchingRule | undefined;
  /** Filter parts the indexes proved true for the entries being matched (see the planner). */
  proven?: ReadonlySet<Filter>;
  /** DN value normalizer, for `:dn:` matching against RDN values. */
  dnAttributeValues?(entry: Entry): Iterable<{ type: string; value: Buffer }>;
}

/** The attributes of `entry` that hold values of `type` (or of a subtype), honouring options. */
function* valuesOf(entry: Entry, type: AttributeType, options: readonly string[]): Iterable<Attribute> {
  const exact = options.length === 0 ? entry.attributes.get(type.key) : undefined;
  if (exact) yield exact;
  // Subtypes and tagged values (RFC 4512 §2.5.2): `(name=x)` tests cn and sn;
  // `(cn=x)` tests `cn;lang-en` too. Walk the entry's other attributes only if
  // any could qualify.
  for (const [key, attr] of entry.attributes) {
    if (exact && key === type.key) continue;
    const semi = key.indexOf(';');
    const baseKey = semi < 0 ? key : key.slice(0, semi);
    if (baseKey !== type.key && !isSubtypeKey(baseKey, type)) continue;
    if (options.length) {
      const have = semi < 0 ? [] : key.slice(semi + 1).split(';');
      if (!options.every((o) => have.includes(o))) continue;
    } else if (semi < 0 && baseKey === type.key) continue;
    yield attr;
  }
}

const subtypeMemo = new WeakMap<AttributeType, Map<string, boolean>>();
let subtypeLookup: AttributeTypeLookup | undefined;
function isSubtypeKey(key: string, type: AttributeType): boolean {
  // Fast: most types have no subtypes in use; only name/distinguishedName/etc. do.
  let memo = subtypeMemo.get(type);
  if (!memo) {
    memo = new Map();
    subtypeMemo.set(type, memo);
  }
  let hit = memo.get(key);
  if (hit === undefined) {
    const other = subtypeLookup?.attributeType(key);
    hit = other !== undefined && other !== type && other.isSubtypeOf(type);
    memo.set(key, hit);
  }
  return hit;
}

export async function matchFilter(filter: Filter, entry: Entry, ctx: MatchContext): Promise<Tri> {
  subtypeLookup = ctx.schema;
  return evaluate(filter, entry, ctx);
}

/** Synchronous evaluation for filters with no directory-provided extensible rules (the common case). */
export function matchFilterSync(filter: Filter, entry: Entry, ctx: MatchContext): Tri {
  subtypeLookup = ctx.schema;
  const r = evaluate(filter, entry, ctx);
  if (r instanceof Promise) throw new Error('asynchronous filter in matchFilterSync');
  return r;
}

function evaluate(filter: Filter, entry: Entry, ctx: MatchContext): Tri | Promise<Tri> {
  if (ctx.proven?.has(filter)) {
    const p = provenResult(filter, entry, ctx);
    if (p !== 'evaluate') return p;
  }
  switch (filter.type) {
    case 'and': {
      let result: Tri = true;
      for (let i = 0; i < filter.filters.length; i++) {
        const r = evaluate(filter.filters[i]!, entry, ctx);
        if (r instanceof Promise) return combineAsync(filter.filters, i, r, result, false, entry, ctx);
        if (r === false) return false;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    case 'or': {
      let result: Tri = false;
      for (let i = 0; i < filter.filters.length; i++) {
        const r = evaluate(filter.filters[i]!, entry, ctx);
        if (r instanceof Promise) return combineAsync(filter.filters, i, r, result, true, entry, ctx);
        if (r === true) return true;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    case 'not': {
      const r = evaluate(filter.filter, entry, ctx);
      if (r instanceof Promise) return r.then((v) => (v === undefined ? undefined : !v));
      return r === undefined ? undefined : !r;
    }
    case 'present': {
      const d = resolveDescription(ctx.schema, filter.attribute);
      if (!d) return false; // RFC 4511 §4.5.1.7.5: unknown type in present is FALSE
      if (ctx.canSearch && !ctx.canSearch(entry, d.type)) return undefined;
      if (d.type.key === 'objectclass' && d.options.length === 0) return true;
      for (const _ of valuesOf(entry, d.type, d.options)) return true;
      return false;
    }
    case 'equality':
    case 'approxMatch':
      return assertEquality(filter.attribute, filter.value, entry, ctx);
    case 'greaterOrEqual':
    case 'lessOrEqual': {
      const d = resolveDescription(ctx.schema, filter.attribute);
      if (!d) return undefined;
      const rule = d.type.ordering;
      if (!rule) return undefined;
      if (ctx.canSearch && !ctx.canSearch(entry, d.type, filter.value)) return undefined;
      const assertion = rule.normalize(filter.value);
      if (assertion === undefined) return undefined;
      const ge = filter.type === 'greaterOrEqual';
      let sawInvalid = false;
      for (const attr of valuesOf(entry, d.type, d.options)) {
        for (const v of attr.values) {
          const n = rule.normalize(v);
          if (n === undefined) {
            sawInvalid = true;
            continue;
          }
          const c = rule.compare(n, assertion);
          if (ge ? c >= 0 : c <= 0) return true;
        }
      }
      return sawInvalid ? undefined : false;
    }
    case 'substrings': {
      const d = resolveDescription(ctx.schema, filter.attribute);
      if (!d) return undefined;
      const rule = d.type.substr;
      if (!rule) return undefined;
      if (ctx.canSearch && !ctx.canSearch(entry, d.type)) return undefined;
      const initial = filter.initial ? rule.normalizeSubstring(filter.initial, 'initial') : '';
      const final = filter.final ? rule.normalizeSubstring(filter.final, 'final') : '';
      if (initial === undefined || final === undefined) return false;
      const any: string[] = [];
      for (const piece of filter.any) {
        const n = rule.normalizeSubstring(piece, 'any');
        if (n === undefined) return false;
        any.push(n);
      }
      for (const attr of valuesOf(entry, d.type, d.options)) {
        for (const v of attr.values) {
          const n = rule.normalize(v);
          if (n !== undefined && substringMatch(n, initial, any, final)) return true;
        }
      }
      return false;
    }
    case 'extensibleMatch':
      return extensible(filter, entry, ctx);
  }
}

/**
 * The rest of an and/or once one element answered with a promise: `decisive`
 * is the value that settles it (false for and, true for or).
 */
async function combineAsync(
  filters: readonly Filter[],
  i: number,
  pending: Promise<Tri>,
  result: Tri,
  decisive: boolean,
  entry: Entry,
  ctx: MatchContext,
): Promise<Tri> {
  let r = await pending;
  for (;;) {
    if (r === decisive) return decisive;
    if (r === undefined) result = undefined;
    i++;
    if (i >= filters.length) return result;
    r = await evaluate(filters[i]!, entry, ctx);
  }
}

/**
 * A part the indexes proved true: without access rules it is true; with them a
 * leaf is true when its attribute (and asserted value) may be searched, and
 * Undefined otherwise. Composite parts under rules are evaluated normally.
 */
function provenResult(filter: Filter, entry: Entry, ctx: MatchContext): Tri | 'evaluate' {
  if (!ctx.canSearch) return true;
  if (filter.type !== 'equality' && filter.type !== 'present' && filter.type !== 'substrings')
    return 'evaluate';
  const d = resolveDescription(ctx.schema, filter.attribute);
  if (!d) return 'evaluate';
  return ctx.canSearch(entry, d.type, filter.type === 'equality' ? filter.value : undefined)
    ? true
    : undefined;
}

export function substringMatch(
  value: string,
  initial: string,
  any: readonly string[],
  final: string,
): boolean {
  if (initial && !value.startsWith(initial)) return false;
  let pos = initial.length;
  for (const piece of any) {
    const at = value.indexOf(piece, pos);
    if (at < 0) return false;
    pos = at + piece.length;
  }
  if (final) {
    if (value.length - pos < final.length) return false;
    if (!value.endsWith(final)) return false;
  }
  return true;
}

function assertEquality(attribute: string, value: Buffer, entry: Entry, ctx: MatchContext): Tri {
  const d = resolveDescription(ctx.schema, attribute);
  if (!d) return undefined;
  const rule = d.type.equality;
  if (!rule) return undefined;
  // The asserted value goes with the check, so a `val=` rule can allow searching for one value.
  if (ctx.canSearch && !ctx.canSearch(entry, d.type, value)) return undefined;
  const assertion = rule.normalize(value);
  if (assertion === undefined) return undefined;
  if (d.type.key === 'objectclass' && d.options.length === 0)
    return matchObjectClass(entry, ctx, value, rule, assertion);
  return matchValues(entry, d.type, d.options, rule, assertion);
}

/** `(objectClass=person)` also matches entries of its subclasses (inetOrgPerson), as in OpenLDAP. */
function matchObjectClass(
  entry: Entry,
  ctx: MatchContext,
  value: Buffer,
  rule: MatchingRule,
  assertion: string,
): Tri {
  const values = entry.attributes.get('objectclass')?.values ?? [];
  for (const v of values) if (rule.normalize(v) === assertion) return true;
  const lookup = ctx.schema as Partial<ObjectClassLookup>;
  const wanted = lookup.objectClass?.(value.toString('utf8'));
  if (!wanted) return false;
  for (const v of values) {
    const oc = lookup.objectClass?.(v.toString('utf8'));
    if (oc?.isSubclassOf(wanted)) return true;
  }
  return false;
}

interface ObjectClassLookup {
  objectClass(name: string): ObjectClass | undefined;
}

function matchValues(
  entry: Entry,
  type: AttributeType,
  options: readonly string[],
  rule: MatchingRule,
  assertion: string,
): Tri {
  for (const attr of valuesOf(entry, type, options)) {
    for (const v of attr.values) {
      if (rule.normalize(v) === assertion) return true;
    }
  }
  return false;
}

function extensible(
  filter: Extract<Filter, { type: 'extensibleMatch' }>,
  entry: Entry,
  ctx: MatchContext,
): Tri | Promise<Tri> {
  if (ctx.extensible) {
    const r = ctx.extensible(entry, filter);
    if (r !== undefined) return r;
  }
  // RFC 4511 §4.5.1.7.7
  let rule: MatchingRule | undefined;
  if (filter.matchingRule) {
    rule = ctx.matchingRule?.(filter.matchingRule);
    if (!rule?.implemented) return undefined;
  }
  let result: Tri = false;
  const test = (type: AttributeType, options: readonly string[]): Tri => {
    const r = rule ?? type.equality;
    if (!r) return undefined;
    if (ctx.canSearch && !ctx.canSearch(entry, type)) return undefined;
    const assertion = r.normalize(filter.value);
    if (assertion === undefined) return undefined;
    return r.usage === 'equality' || r === type.equality
      ? matchValues(entry, type, options, r, assertion)
      : undefined;
  };
  if (filter.attribute) {
    const d = resolveDescription(ctx.schema, filter.attribute);
    if (!d) return undefined;
    result = test(d.type, d.options);
  } else {
    for (const attr of entry.attributes.values()) {
      const d = resolveDescription(ctx.schema, attr.type);
      if (!d || d.type.operational) continue;
      const r = test(d.type, d.options);
      if (r === true) return true;
      if (r === undefined) result = undefined;
    }
  }
  if (result !== true && filter.dnAttributes && ctx.dnAttributeValues) {
    for (const ava of ctx.dnAttributeValues(entry)) {
      if (filter.attribute) {
        const d = resolveDescription(ctx.schema, filter.attribute);
        const t = resolveDescription(ctx.schema, ava.type);
        if (!d || !t || (t.type !== d.type && !t.type.isSubtypeOf(d.type))) continue;
      }
      const t = resolveDescription(ctx.schema, ava.type);
      const r = rule ?? t?.type.equality;
      if (!r) continue;
      const a = r.normalize(filter.value);
      if (a !== undefined && r.normalize(ava.value) === a) return true;
    }
  }
  return result;
}
