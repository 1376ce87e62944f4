import type { Filter } from '../../filter/model.ts';
import type { Control, PartialAttribute, SearchRequest } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { type EntryId, NO_PARENT, type ReadTxn } from '../../store/contract.ts';
import { AccessLevel, type AccessView } from '../access-policy.ts';
import { ControlOid, checkCriticalControls } from '../controls.ts';
import type { Directory } from '../directory.ts';
import type { Entry } from '../entry.ts';
import { decodeEntry, EncodedSelection, encodedUserAttributes, selectEncoded } from '../entry-codec.ts';
import type { OperationEnv } from '../requester.ts';
import { rootDse, selectSpecial, subschemaEntry } from '../special-entries.ts';
import { assertionFilter } from './assertion.ts';
import { InChainResolver, prepareInChain } from './in-chain.ts';
import { type MatchContext, matchFilterSync } from './match.ts';
import { decodePagedResults, encodePagedResults } from './paged-results.ts';
import { type PlannerContext, planFilter } from './planner.ts';
import { parseSelection, type Selection, selectAttributes, wantsHasSubordinates } from './select.ts';

export interface SearchSink {
  entry(dn: string, attributes: PartialAttribute[]): Promise<void>;
  /** An entry whose attributes are already encoded as PartialAttributeList contents (the store's block). */
  entryEncoded?(dn: string, encodedAttributes: Buffer): Promise<void>;
}

export interface SearchDone {
  readonly resultCode: ResultCode;
  readonly diagnosticMessage?: string;
  readonly controls?: readonly Control[];
}

const BATCH = 64;
/** The fewest postings a size-limited search reads of a prefix range before it looks at the entries. */
const FIRST_MIN = 100;
const EMPTY = Buffer.alloc(0);

/**
 * RFC 4511 §4.5. Split as the search is split everywhere: the planner turns
 * the filter into candidate ids from the indexes (planner.ts), the scope
 * narrows them, each candidate is matched (match.ts) and its attributes
 * selected under the access rules (select.ts).
 */
export async function search(
  dir: Directory,
  request: SearchRequest,
  env: OperationEnv,
  sink: SearchSink,
): Promise<SearchDone> {
  checkCriticalControls('search', env.controls);
  dir.checkFilter(request.filter);
  const admin = dir.isAdmin(env.requester);
  const sizeLimit = effectiveLimit(request.sizeLimit, admin ? 0 : dir.limits.sizeLimit);
  const timeLimit = effectiveLimit(request.timeLimit, admin ? 0 : dir.limits.timeLimit);
  const deadline = timeLimit > 0 ? Date.now() + timeLimit * 1000 : Number.POSITIVE_INFINITY;
  const selection = parseSelection(dir, request.attributes, request.typesOnly);
  const paged = env.controls.find((c) => c.oid === ControlOid.pagedResults);
  const page = paged ? decodePagedResults(paged.value) : undefined;
  const assertion = assertionFilter(env.controls);

  const baseNdn = dir.dn.normalize(request.baseObject);
  if (baseNdn === '' || baseNdn === 'cn=subschema') {
    if (request.scope !== 0) {
      if (baseNdn === '') throw new LdapError(ResultCode.noSuchObject, '');
    }
    const special = baseNdn === '' ? await rootDse(dir) : subschemaEntry(dir);
    const match = matchFilterSync(request.filter, special, { schema: dir.schema });
    if (match === true && request.scope === 0) {
      await sink.entry(special.dn, selectSpecial(dir, special, selection));
    }
    return { resultCode: ResultCode.success };
  }

  return dir.read(async (txn) => {
    const view = await dir.accessView(env.requester, txn);
    const inChain = new InChainResolver(dir, txn);
    const plannerContext: PlannerContext = {
      txn,
      schema: dir.schema,
      indexes: dir.indexes,
      extensible: (f: Extract<Filter, { type: 'extensibleMatch' }>) => inChain.candidates(f),
      // With a size limit and no paging (whose cookie needs every id in order),
      // a long prefix range is read only as far as the limit needs.
      ...(!page && Number.isFinite(sizeLimit) ? { firstN: Math.max(2 * (sizeLimit + 1), FIRST_MIN) } : {}),
    };
    // The candidates are looked up while the base entry is read (a network
    // store then answers both in one round trip); they are used only once the
    // base is known to exist and be searchable. Extensible rules (in-chain)
    // are prepared first, after those checks.
    const planning =
      request.scope === 0 || hasExtensible(request.filter)
        ? undefined
        : planFilter(request.filter, plannerContext);
    planning?.catch(() => {}); // a failure is met where the plan is awaited
    const base = await dir.loadByNdn(txn, baseNdn);
    if (!base) {
      throw new LdapError(ResultCode.noSuchObject, '', await dir.matchedDn(txn, request.baseObject));
    }
    await view.prefetch?.([base]);
    // The base must be searchable; whether its existence may be told decides the error.
    if (!view.unrestricted && !view.can({ entry: base, attribute: 'entry', level: AccessLevel.search })) {
      if (view.can({ entry: base, attribute: 'entry', level: AccessLevel.disclose }))
        throw new LdapError(ResultCode.insufficientAccessRights, '');
      throw new LdapError(ResultCode.noSuchObject, '');
    }
    if (assertion && matchFilterSync(assertion, base, { schema: dir.schema }) !== true)
      throw new LdapError(ResultCode.assertionFailed, 'assertion control failed');

    const chains = await prepareInChain(request.filter, inChain);
    const matchCtx: MatchContext = {
      schema: dir.schema,
      // `(cn:dn:=x)` also tests the values in the entry's DN (RFC 4511 §4.5.1.7.7).
      dnAttributeValues: (entry: Entry) =>
        dir.dn.parse(entry.dn).rdns.flatMap((rdn) =>
          rdn.map((ava) => ({
            type: ava.type,
            value: Buffer.isBuffer(ava.value) ? ava.value : Buffer.from(ava.value),
          })),
        ),
      ...(chains.size
        ? {
            extensible: (entry: Entry, f: Extract<Filter, { type: 'extensibleMatch' }>) => {
              const ids = chains.get(f);
              return ids ? ids.has(entry.id) : undefined;
            },
          }
        : {}),
      matchingRule: (n) => dir.schema.matchingRule(n),
      ...(view.unrestricted
        ? {}
        : {
            canSearch: (entry: Entry, type: { key: string }, value?: Buffer) =>
              view.can(
                value
                  ? { entry, attribute: type.key, level: AccessLevel.search, value }
                  : { entry, attribute: type.key, level: AccessLevel.search },
              ),
          }),
    };

    let ids: EntryId[];
    let exact = false;
    let partial = false;
    let examinedLimit = admin ? Number.POSITIVE_INFINITY : dir.limits.unindexedExamineLimit;
    if (request.scope === 0) {
      ids = [base.id];
    } else {
      const p = await (planning ?? planFilter(request.filter, plannerContext));
      if (p.all) {
        ids = await scopeIds(txn, base.id, request.scope, examinedLimit);
      } else {
        ids = p.ids;
        exact = p.exact;
        partial = p.partial === true;
        if (p.proven?.length) matchCtx.proven = new Set(p.proven);
        if (exact) examinedLimit = Number.POSITIVE_INFINITY;
      }
      if (ids.length > examinedLimit)
        throw new LdapError(ResultCode.adminLimitExceeded, 'unindexed search examines too many entries');
    }
    if (page?.cookie) {
      const after = page.cookie.readUInt32BE(0);
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ids[mid]! <= after) lo = mid + 1;
        else hi = mid;
      }
      ids = ids.slice(lo);
    }
    if (page && page.size === 0) {
      // RFC 2696 §3: a size of 0 abandons the paged search.
      return { resultCode: ResultCode.success, controls: [encodePagedResults(0, Buffer.alloc(0))] };
    }
    const pageSize = page ? page.size : Number.POSITIVE_INFINITY;
    let sent = 0;
    let lastSentId = 0;
    const hasSubs = wantsHasSubordinates(selection);
    // The fast path: the candidates are known to match, the requester reads every
    // user attribute, and all of them (and only they) were asked for. Each entry's
    // stored block then goes out as it is, without decoding the entry.
    const onlyUserAttributes =
      selection.allUser && !selection.allOperational && selection.named.size === 0 && !selection.typesOnly;
    // `1.1`: the DN alone (search-then-bind asks for nothing else).
    const noAttributes = !selection.allUser && !selection.allOperational && selection.named.size === 0;
    // Named user attributes only (`cn mail`): their items are picked out of the block.
    const namedUser =
      !selection.allUser &&
      !selection.allOperational &&
      !selection.typesOnly &&
      selection.named.size > 0 &&
      [...selection.named].every((k) => dir.returnable(k));
    const copyStored =
      exact &&
      sink.entryEncoded !== undefined &&
      (view.unrestricted || (view.readsEverything?.() ?? false)) &&
      (onlyUserAttributes || noAttributes || namedUser);
    const named = copyStored && namedUser ? new EncodedSelection(selection.named) : undefined;
    /** Sends what matches among `candidates`; a result when the search ends there. */
    const examine = async (candidates: readonly EntryId[]): Promise<SearchDone | undefined> => {
      for (let i = 0; i < candidates.length; ) {
        if (env.aborted?.() ?? env.signal?.aborted) return { resultCode: ResultCode.cancelled };
        if (Date.now() > deadline) return { resultCode: ResultCode.timeLimitExceeded };
        // No more entries are read than the size limit or page can still take (and one to tell it is exceeded).
        const room = Math.min(sizeLimit, pageSize) - sent + 1;
        const batch = candidates.slice(i, i + Math.max(1, Math.min(BATCH, room)));
        i += batch.length;
        const entries: Entry[] = [];
        for (const s of await txn.getEntries(batch)) {
          if (!s) continue;
          if (request.scope !== 0 && !inScope(s.ndn, s.parentId, base, request.scope)) continue;
          const stored = copyStored ? encodedUserAttributes(s.data) : undefined;
          if (stored) {
            if (sent >= sizeLimit) return { resultCode: ResultCode.sizeLimitExceeded };
            if (sent >= pageSize) return pageDone(lastSentId);
            const block = noAttributes
              ? EMPTY
              : namedUser
                ? selectEncoded(stored.block, named!)
                : stored.block;
            await sink.entryEncoded!(stored.dn, block);
            lastSentId = s.id;
            sent++;
            continue;
          }
          entries.push(decodeEntry(s.id, s.parentId, s.ndn, s.data));
        }
        // Rules that read other entries (groups named in these entries) load them once per batch.
        if (!view.unrestricted) await view.prefetch?.(entries);
        for (const entry of entries) {
          // An exact plan without access rules needs no second look; otherwise the
          // matcher tests what the indexes did not prove (and access for what they did).
          if ((!exact || !view.unrestricted) && matchFilterSync(request.filter, entry, matchCtx) !== true)
            continue;
          if (!view.unrestricted && !view.can({ entry, attribute: 'entry', level: AccessLevel.read }))
            continue;
          if (sent >= sizeLimit) return { resultCode: ResultCode.sizeLimitExceeded };
          if (sent >= pageSize) return pageDone(lastSentId);
          const computed = hasSubs ? { hasSubordinates: await txn.hasChildren(entry.id) } : {};
          await sink.entry(entry.dn, selectAttributes(dir, entry, selection, view, computed));
          lastSentId = entry.id;
          sent++;
        }
      }
      return undefined;
    };
    const done = await examine(ids);
    if (done) return done;
    if (partial) {
      // The first postings did not fill the size limit (some were out of scope or
      // not readable): the rest of the range, without the ids already examined.
      const seen = new Set(ids);
      const { firstN: _, ...whole } = plannerContext;
      const rest = await planFilter(request.filter, whole);
      const more = await examine(rest.all ? [] : rest.ids.filter((id) => !seen.has(id)));
      if (more) return more;
    }
    return page
      ? { resultCode: ResultCode.success, controls: [encodePagedResults(0, Buffer.alloc(0))] }
      : { resultCode: ResultCode.success };
  });
}

function hasExtensible(filter: Filter): boolean {
  switch (filter.type) {
    case 'extensibleMatch':
      return true;
    case 'and':
    case 'or':
      return filter.filters.some(hasExtensible);
    case 'not':
      return hasExtensible(filter.filter);
    default:
      return false;
  }
}

/** A full page: success with the cookie that resumes after `lastSentId` (RFC 2696). */
function pageDone(lastSentId: number): SearchDone {
  const cookie = Buffer.alloc(4);
  cookie.writeUInt32BE(lastSentId, 0);
  return { resultCode: ResultCode.success, controls: [encodePagedResults(0, cookie)] };
}

function effectiveLimit(requested: number, configured: number): number {
  const r = requested > 0 ? requested : Number.POSITIVE_INFINITY;
  const c = configured > 0 ? configured : Number.POSITIVE_INFINITY;
  return Math.min(r, c);
}

function inScope(ndn: string, parentId: EntryId, base: Entry, scope: number): boolean {
  switch (scope) {
    case 0:
      return ndn === base.ndn;
    case 1:
      return parentId === base.id;
    case 2:
      return ndn === base.ndn || ndn.endsWith(`,${base.ndn}`);
    case 3:
      return ndn.endsWith(`,${base.ndn}`);
    default:
      return false;
  }
}

/** Every id in scope, ascending; stops early once more than `limit` are found. */
async function scopeIds(txn: ReadTxn, baseId: EntryId, scope: number, limit: number): Promise<EntryId[]> {
  if (scope === 1) return txn.childIds(baseId);
  const out: EntryId[] = scope === 2 ? [baseId] : [];
  const stack = [baseId];
  while (stack.length) {
    const id = stack.pop()!;
    const children = await txn.childIds(id);
    for (const c of children) {
      out.push(c);
      stack.push(c);
    }
    if (out.length > limit) break;
  }
  return out.sort((a, b) => a - b);
}

export { type AccessView, NO_PARENT, type Selection };
