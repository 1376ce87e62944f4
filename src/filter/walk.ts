import type { Filter } from './model.ts';

/** Called for each filter node, parents before children; return false to skip the node's children. */
export type FilterVisitor = (filter: Filter, depth: number) => boolean | undefined;

/** Visits every node of a filter, depth first, left to right, without recursion. */
export function walkFilter(filter: Filter, visit: FilterVisitor): void {
  const pending: [Filter, number][] = [[filter, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (visit(node, depth) === false) continue;
    if (node.type === 'and' || node.type === 'or') {
      for (let i = node.filters.length - 1; i >= 0; i--) pending.push([node.filters[i]!, depth + 1]);
    } else if (node.type === 'not') {
      pending.push([node.filter, depth + 1]);
    }
  }
}

/**
 * The attribute descriptions a filter tests, as written, each once (compared
 * without regard to case), in order of first appearance. Access control must
 * allow `search` on each before the filter may be evaluated (RFC 4511 §4.5.1
 * leaves it to the server; OpenLDAP checks every tested attribute).
 * An extensibleMatch without an attribute (`(:dn:2.5.13.5:=x)`) tests every
 * attribute its rule applies to and adds nothing here; use
 * `filterHasUnboundMatch` to find it.
 */
export function filterAttributes(filter: Filter): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  walkFilter(filter, (node) => {
    if (node.type === 'and' || node.type === 'or' || node.type === 'not') return true;
    const attribute = node.attribute;
    if (attribute === undefined) return true;
    const key = attribute.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(attribute);
    }
    return true;
  });
  return out;
}

/** Whether the filter holds an extensibleMatch that names no attribute or matches DN attributes (`:dn`). */
export function filterHasUnboundMatch(filter: Filter): boolean {
  let found = false;
  walkFilter(filter, (node) => {
    if (node.type === 'extensibleMatch' && (node.attribute === undefined || node.dnAttributes)) found = true;
    return !found;
  });
  return found;
}

/** Nesting depth: 1 for a single item, 2 for `(!(a=b))`. */
export function filterDepth(filter: Filter): number {
  let max = 0;
  walkFilter(filter, (_node, depth) => {
    if (depth > max) max = depth;
    return true;
  });
  return max;
}

/** Number of nodes, sets and items alike: `(&(a=b)(c=d))` is 3. */
export function filterSize(filter: Filter): number {
  let n = 0;
  walkFilter(filter, () => {
    n++;
    return true;
  });
  return n;
}
