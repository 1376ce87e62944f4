import type { Filter } from '../../filter/model.ts';
import type { EntryId, ReadTxn } from '../../store/contract.ts';
import type { Directory } from '../directory.ts';
import type { Entry } from '../entry.ts';
import { normalizeDnValue } from '../overlays/dn-values.ts';
import { unionSorted } from './id-sets.ts';
import type { Candidates } from './planner.ts';

/** LDAP_MATCHING_RULE_IN_CHAIN: membership through any depth of nested groups. */
export const IN_CHAIN_OID = '1.2.840.113556.1.4.1941';

const MAX_GROUPS = 10000;

/**
 * Resolves `(memberOf:1.2.840.113556.1.4.1941:=G)` and `(member:…:=U)` for one
 * search: the answer is computed once (breadth first, each group visited once,
 * so membership cycles end) and then serves both the planner and the matcher.
 */
export class InChainResolver {
  readonly #cache = new Map<string, Set<EntryId>>();

  constructor(
    private readonly dir: Directory,
    private readonly txn: ReadTxn,
  ) {}

  static applies(filter: Extract<Filter, { type: 'extensibleMatch' }>): 'memberOf' | 'member' | undefined {
    if (filter.matchingRule !== IN_CHAIN_OID || !filter.attribute) return undefined;
    const a = filter.attribute.toLowerCase();
    if (a === 'memberof' || a === '1.2.840.113556.1.2.102') return 'memberOf';
    if (a === 'member' || a === 'uniquemember' || a === '2.5.4.31' || a === '2.5.4.50') return 'member';
    return undefined;
  }

  async ids(filter: Extract<Filter, { type: 'extensibleMatch' }>): Promise<Set<EntryId> | undefined> {
    const kind = InChainResolver.applies(filter);
    if (!kind) return undefined;
    const ndn = normalizeDnValue(this.dir, filter.value);
    const key = `${kind}\u0000${ndn}`;
    let hit = this.#cache.get(key);
    if (!hit) {
      hit =
        ndn === undefined
          ? new Set()
          : kind === 'memberOf'
            ? await this.#membersOf(ndn)
            : await this.#groupsOf(ndn);
      this.#cache.set(key, hit);
    }
    return hit;
  }

  async candidates(filter: Extract<Filter, { type: 'extensibleMatch' }>): Promise<Candidates | undefined> {
    const ids = await this.ids(filter);
    if (!ids) return undefined;
    return { all: false, ids: [...ids].sort((a, b) => a - b), exact: true };
  }

  /** Every entry that is a member of `groupNdn` directly or through nested groups. */
  async #membersOf(groupNdn: string): Promise<Set<EntryId>> {
    const out = new Set<EntryId>();
    // Each group is expanded once; a group reached again through a cycle is a member-in-chain of itself.
    const expanded = new Set<string>();
    const queue = [groupNdn];
    while (queue.length && expanded.size < MAX_GROUPS) {
      const ndn = queue.shift()!;
      if (expanded.has(ndn)) continue;
      expanded.add(ndn);
      const g = await this.dir.loadByNdn(this.txn, ndn);
      if (!g) continue;
      for (const v of memberValues(g)) {
        const n = normalizeDnValue(this.dir, v);
        if (n === undefined) continue;
        const id = await this.txn.findId(n);
        if (id !== undefined) out.add(id);
        if (!expanded.has(n)) queue.push(n);
      }
    }
    return out;
  }

  /** Every group that has `memberNdn` as a member directly or through nested groups. */
  async #groupsOf(memberNdn: string): Promise<Set<EntryId>> {
    const out = new Set<EntryId>();
    const seen = new Set<string>([memberNdn]);
    const queue = [memberNdn];
    while (queue.length && seen.size < MAX_GROUPS) {
      const n = queue.shift()!;
      let ids: EntryId[] = [];
      for (const attr of ['member', 'uniquemember']) {
        const type = this.dir.schema.attributeType(attr);
        if (type && this.dir.indexes.has(type, 'eq'))
          ids = unionSorted(ids, await this.txn.indexLookup(`${type.key}#eq`, n));
      }
      for (const id of ids) {
        if (out.has(id)) continue;
        out.add(id);
        const g = await this.dir.loadById(this.txn, id);
        if (g && !seen.has(g.ndn)) {
          seen.add(g.ndn);
          queue.push(g.ndn);
        }
      }
    }
    return out;
  }
}

function memberValues(e: Entry): Buffer[] {
  return [...(e.attributes.get('member')?.values ?? []), ...(e.attributes.get('uniquemember')?.values ?? [])];
}

/** Walk a filter and resolve every in-chain assertion in it ahead of matching (the matcher is synchronous). */
export async function prepareInChain(
  filter: Filter,
  resolver: InChainResolver,
): Promise<Map<Filter, Set<EntryId>>> {
  const out = new Map<Filter, Set<EntryId>>();
  const stack: Filter[] = [filter];
  while (stack.length) {
    const f = stack.pop()!;
    if (f.type === 'and' || f.type === 'or') stack.push(...f.filters);
    else if (f.type === 'not') stack.push(f.filter);
    else if (f.type === 'extensibleMatch') {
      const ids = await resolver.ids(f);
      if (ids) out.set(f, ids);
    }
  }
  return out;
}
