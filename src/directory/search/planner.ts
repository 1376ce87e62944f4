import type { Filter } from '../../filter/model.ts';
import type { EntryId, ReadTxn } from '../../store/contract.ts';
import { type AttributeTypeLookup, resolveDescription } from '../attribute-description.ts';
import { eqKey, type IndexConfig, substringGrams } from '../index-keys.ts';
import { intersectSorted, unionSorted } from './id-sets.ts';

/**
 * What the indexes say about a filter: either every entry in scope may match
 * (`all`), or only `ids` can; `exact` says the ids match the filter exactly,
 * so the matcher need not test them again.
 */
export type Candidates =
  | { readonly all: true }
  | {
      readonly all: false;
      readonly ids: EntryId[];
      readonly exact: boolean;
      /**
       * Parts of the filter (this node, AND terms below it) that the indexes
       * prove true for every id: the matcher need not compare their values again,
       * only check that the requester may search their attributes.
       */
      readonly proven?: readonly Filter[];
      /**
       * Only some of the matching ids (the context's `firstN` was honoured):
       * a search that runs out of them before its size limit plans again without it.
       */
      readonly partial?: boolean;
    };

const ALL: Candidates = { all: true };

/** An AND whose planned terms leave this many candidates or fewer plans no further terms. */
const FEW_CANDIDATES = 16;

function isObjectClassTerm(f: Filter): boolean {
  return (f.type === 'equality' || f.type === 'present') && f.attribute.toLowerCase() === 'objectclass';
}

export interface PlannerContext {
  readonly txn: ReadTxn;
  readonly schema: AttributeTypeLookup;
  readonly indexes: IndexConfig;
  /** Directory-provided candidates for extensible rules (memberOf in-chain); undefined: not indexable. */
  extensible?(filter: Extract<Filter, { type: 'extensibleMatch' }>): Promise<Candidates | undefined>;
  /**
   * The caller needs only about this many matching entries (a size limit): a
   * filter that is one exactly indexed range (`(cn=User 12*)`) may then read
   * only the first postings of it, and says so with `partial`.
   */
  readonly firstN?: number;
}

export async function planFilter(filter: Filter, ctx: PlannerContext): Promise<Candidates> {
  const c = await planNode(filter, ctx, true);
  // An exact node is proven as a whole; an AND also passes on what its terms proved.
  if (c.all || !c.exact || c.proven?.includes(filter)) return c;
  return { ...c, proven: [filter, ...(c.proven ?? [])] };
}

async function planNode(filter: Filter, ctx: PlannerContext, top = false): Promise<Candidates> {
  switch (filter.type) {
    case 'and': {
      // objectClass terms last: they select a whole class of entries. Once the other terms
      // leave a handful of candidates, reading a long id list is dearer than letting the
      // matcher test those few entries: `(&(objectClass=groupOfUniqueNames)(uniqueMember=…))`
      // spent a quarter of its time walking the 1,000 ids of groupOfUniqueNames.
      const ordered = [...filter.filters].sort(
        (a, b) => Number(isObjectClassTerm(a)) - Number(isObjectClassTerm(b)),
      );
      const parts: Candidates[] = [];
      const rest: Filter[] = [];
      let smallest = Number.POSITIVE_INFINITY;
      for (const f of ordered) {
        if (smallest <= FEW_CANDIDATES) {
          rest.push(f);
          continue;
        }
        const p = await planFilter(f, ctx);
        parts.push(p);
        if (!p.all) smallest = Math.min(smallest, p.ids.length);
      }
      const indexed = parts.filter((p): p is Extract<Candidates, { all: false }> => !p.all);
      if (indexed.length === 0) return ALL;
      indexed.sort((a, b) => a.ids.length - b.ids.length);
      let ids = indexed[0]!.ids;
      for (let i = 1; i < indexed.length && ids.length > 0; i++) ids = intersectSorted(ids, indexed[i]!.ids);
      // The terms left unplanned: an exactly indexed equality is checked posting by
      // posting for the few candidates (one probe each), which keeps the plan exact;
      // anything else is left to the matcher.
      let skipped = false;
      const checked: Filter[] = [];
      for (const f of rest) {
        if (ids.length === 0) break;
        const probe = ctx.txn.hasPosting ? postingProbe(f, ctx) : undefined;
        if (probe === undefined) {
          skipped = true;
          continue;
        }
        const kept: EntryId[] = [];
        if (probe !== NOTHING)
          for (const id of ids) if (await ctx.txn.hasPosting!(probe.index, probe.key, id)) kept.push(id);
        ids = kept;
        checked.push(f);
      }
      return {
        all: false,
        ids,
        exact: !skipped && indexed.length === parts.length && indexed.every((p) => p.exact),
        // Every id lies in each intersected part, so what those parts proved holds for all of them.
        proven: [...indexed.flatMap((p) => p.proven ?? []), ...checked],
      };
    }
    case 'or': {
      let ids: EntryId[] = [];
      let exact = true;
      for (const f of filter.filters) {
        const p = await planFilter(f, ctx);
        if (p.all) return ALL;
        ids = unionSorted(ids, p.ids);
        exact &&= p.exact;
      }
      return { all: false, ids, exact };
    }
    case 'not':
      return ALL;
    case 'present': {
      const d = resolveDescription(ctx.schema, filter.attribute);
      if (!d) return { all: false, ids: [], exact: true };
      if (d.type.key === 'objectclass') return ALL;
      if (d.options.length === 0 && ctx.indexes.has(d.type, 'pres'))
        return { all: false, ids: await ctx.txn.indexLookup(`${d.type.key}#pres`, ''), exact: true };
      return ALL;
    }
    case 'equality':
    case 'approxMatch': {
      const d = resolveDescription(ctx.schema, filter.attribute);
      if (!d) return { all: false, ids: [], exact: true };
      const rule = d.type.equality;
      if (!rule || !ctx.indexes.has(d.type, 'eq')) return ALL;
      const n = rule.normalize(filter.value);
      if (n === undefined) return { all: false, ids: [], exact: true };
      const { key, exact } = eqKey(n);
      const ids = await ctx.txn.indexLookup(`${d.type.key}#eq`, key);
      // Values with options (`cn;lang-en`) are indexed under the base type, so a
      // filter naming options is checked by the matcher.
      return { all: false, ids, exact: exact && d.options.length === 0 && filter.type === 'equality' };
    }
    case 'substrings': {
      const d = resolveDescription(ctx.schema, filter.attribute);
      if (!d) return ALL;
      const rule = d.type.substr;
      if (!rule) return ALL;
      const initial = filter.initial ? rule.normalizeSubstring(filter.initial, 'initial') : undefined;
      const final = filter.final ? rule.normalizeSubstring(filter.final, 'final') : undefined;
      let result: Extract<Candidates, { all: false }> | undefined;
      const and = (ids: EntryId[]): void => {
        result = result
          ? { all: false, ids: intersectSorted(result.ids, ids), exact: false }
          : { all: false, ids, exact: false };
      };
      // An initial piece alone is answered exactly by a prefix walk of the
      // equality index when the equality and substrings rules normalize alike
      // (both case-ignore, say): `(cn=User 12*)`.
      if (
        initial &&
        ctx.indexes.has(d.type, 'eq') &&
        d.type.equality &&
        sameNormalization(d.type.equality.name, rule.name)
      ) {
        const index = `${d.type.key}#eq`;
        const exact = filter.any.length === 0 && !final && d.options.length === 0 && initial.length <= 100;
        const first = top && exact && ctx.firstN !== undefined && ctx.txn.indexRangeFirst;
        if (first) {
          const found = await ctx.txn.indexRangeFirst!(index, { prefix: initial }, ctx.firstN!);
          return found.complete
            ? { all: false, ids: found.ids, exact }
            : { all: false, ids: found.ids, exact, partial: true };
        }
        result = { all: false, ids: await ctx.txn.indexRange(index, { prefix: initial }), exact };
        if (result.exact) return result;
      }
      if (ctx.indexes.has(d.type, 'sub')) {
        const grams: string[] = [];
        if (initial !== undefined) grams.push(...substringGrams(initial, true, false));
        for (const piece of filter.any) {
          const n = rule.normalizeSubstring(piece, 'any');
          if (n !== undefined) grams.push(...substringGrams(n, false, false));
        }
        if (final !== undefined) grams.push(...substringGrams(final, false, true));
        if (grams.length > 0) {
          // Intersect the rarest grams first; a handful is enough to narrow the set.
          const counted = await Promise.all(
            [...new Set(grams)].map(async (g) => ({
              g,
              n: await ctx.txn.indexCount(`${d.type.key}#sub`, g),
            })),
          );
          counted.sort((a, b) => a.n - b.n);
          for (const { g } of counted.slice(0, 6)) {
            and(await ctx.txn.indexLookup(`${d.type.key}#sub`, g));
            if (result!.ids.length === 0) break;
          }
        }
      }
      return result ?? ALL;
    }
    case 'greaterOrEqual':
    case 'lessOrEqual': {
      const d = resolveDescription(ctx.schema, filter.attribute);
      if (!d) return ALL;
      const rule = d.type.ordering;
      if (!rule || !ctx.indexes.has(d.type, 'ord')) return ALL;
      const n = rule.normalize(filter.value);
      if (n === undefined) return { all: false, ids: [], exact: true };
      const range = filter.type === 'greaterOrEqual' ? { gte: n } : { lte: n };
      // Values longer than the key limit are not indexed, so an ordering search is exact only without options.
      return { all: false, ids: await ctx.txn.indexRange(`${d.type.key}#ord`, range), exact: false };
    }
    case 'extensibleMatch': {
      const r = ctx.extensible ? await ctx.extensible(filter) : undefined;
      return r ?? ALL;
    }
  }
}

const NOTHING = Symbol('matches nothing');

/** The one posting that decides an equality term exactly, NOTHING for a value no entry can hold, or undefined. */
function postingProbe(
  f: Filter,
  ctx: PlannerContext,
): { index: string; key: string } | typeof NOTHING | undefined {
  if (f.type !== 'equality') return undefined;
  const d = resolveDescription(ctx.schema, f.attribute);
  if (!d || d.options.length > 0) return undefined;
  const rule = d.type.equality;
  if (!rule || !ctx.indexes.has(d.type, 'eq')) return undefined;
  const n = rule.normalize(f.value);
  if (n === undefined) return NOTHING;
  const { key, exact } = eqKey(n);
  return exact ? { index: `${d.type.key}#eq`, key } : undefined;
}

function sameNormalization(equality: string, substr: string): boolean {
  const e = equality.toLowerCase().replace(/match$/, '');
  const s = substr.toLowerCase().replace(/substringsmatch$/, '');
  return e === s;
}
