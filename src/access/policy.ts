import type { AccessPolicy, AccessQuestion, AccessView } from '../directory/access-policy.ts';
import type { Entry } from '../directory/entry.ts';
import type { Requester } from '../directory/requester.ts';
import { type Decision, evaluate } from './evaluate.ts';
import { collectLookups, staticGroupDns } from './lookups.ts';
import { type AccessSpec, Priv, required } from './privileges.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import type { RuleSet, Who } from './rule-model.ts';
import { valueKeyer } from './value-key.ts';
import { attrsSelect, type Target } from './what.ts';
import type { Lookups, Subject } from './who.ts';

const PSEUDO = new Set(['entry', 'children']);
/** Bounds the work one operation spends loading the requester's groups. */
const MAX_PRELOADED_GROUPS = 1000;

/**
 * The access policy the directory consults: OpenLDAP rules over a rule set
 * that can be swapped at any time (reload on SIGHUP). A view holds the rule
 * set it was prepared with, so one operation is decided by one rule set.
 */
export class RulesAccessPolicy implements AccessPolicy {
  readonly env: RuleEnvironment;
  #rules: RuleSet;

  constructor(env: RuleEnvironment, rules: RuleSet) {
    this.env = env;
    this.#rules = rules;
  }

  get rules(): RuleSet {
    return this.#rules;
  }

  /** Atomically replace the rules; operations already under way keep the set they started with. */
  replace(rules: RuleSet): void {
    this.#rules = rules;
  }

  async prepare(
    requester: Requester,
    loadEntry: (ndn: string) => Promise<Entry | undefined>,
  ): Promise<AccessView> {
    const rules = this.#rules;
    const loaded = new Map<string, Entry | null>();
    const load = async (ndns: Iterable<string>): Promise<void> => {
      const wanted = [...new Set(ndns)].filter((n) => !loaded.has(n));
      const got = await Promise.all(wanted.map((n) => loadEntry(n)));
      for (let i = 0; i < wanted.length; i++) loaded.set(wanted[i]!, got[i] ?? null);
    };
    if (rules.needsLookups && requester.ndn !== '') {
      // Static groups are known now; the requester's own entry serves `user/…` in sets.
      await load([...staticGroupDns(rules), requester.ndn]);
      // The groups the requester belongs to (memberOf, kept by the directory):
      // with them `…/member & user` is decided exactly without further loads,
      // since a group that is not among them cannot list the requester.
      const own = loaded.get(requester.ndn);
      // Only sets and expanded groups name groups that are not known in advance.
      const dynamic = rules.rules.some((r) => r.by.some((b) => b.who.set || b.who.group?.expand));
      const groups = dynamic ? (own?.attributes.get('memberof')?.values ?? []) : [];
      const ndns: string[] = [];
      for (const v of groups.slice(0, MAX_PRELOADED_GROUPS)) {
        try {
          ndns.push(this.env.normalizeDn(v.toString('utf8')));
        } catch {
          // A memberOf value that is not a DN names no group.
        }
      }
      await load(ndns);
    }
    return new RulesAccessView(this.env, rules, requester, loaded, load);
  }
}

/** One requester's view of one rule set, for one operation. */
export class RulesAccessView implements AccessView {
  readonly unrestricted = false;
  readonly #env: RuleEnvironment;
  readonly #rules: RuleSet;
  readonly #subject: Subject;
  readonly #loaded: Map<string, Entry | null>;
  readonly #load: (ndns: Iterable<string>) => Promise<void>;
  readonly #valueKey;
  readonly #lookups: Lookups;
  readonly #misses = new Set<string>();
  readonly #answers = new WeakMap<Entry, Map<string, boolean>>();
  readonly #entryMatches = new WeakMap<Entry, ((string | undefined)[] | false)[]>();

  constructor(
    env: RuleEnvironment,
    rules: RuleSet,
    requester: Requester,
    loaded: Map<string, Entry | null>,
    load: (ndns: Iterable<string>) => Promise<void>,
  ) {
    this.#env = env;
    this.#rules = rules;
    this.#subject = {
      ndn: requester.ndn,
      ssf: requester.ssf,
      ...(requester.remoteAddress === undefined ? {} : { remoteAddress: requester.remoteAddress }),
    };
    this.#loaded = loaded;
    this.#load = load;
    this.#valueKey = valueKeyer(env);
    this.#lookups = {
      get: (ndn) => loaded.get(ndn),
      miss: (ndn) => {
        this.#misses.add(ndn);
      },
    };
  }

  can(q: AccessQuestion): boolean {
    if (q.level === 0) return true;
    // A value changes nothing unless some rule looks at values of this attribute.
    if (q.value !== undefined && valueDependent(this.#rules, this.#env, q.attribute))
      return this.decide(q).allowed;
    // Whole-attribute questions repeat (every value of a search result asks
    // about its attribute first); within one operation the answer is fixed.
    let answers = this.#answers.get(q.entry);
    if (!answers) {
      answers = new Map();
      this.#answers.set(q.entry, answers);
    }
    const key = `${q.attribute}\u0000${q.level}\u0000${q.op ?? ''}`;
    // (Value questions reach here only when no rule depends on the value: the attribute's answer is theirs.)
    let hit = answers.get(key);
    if (hit === undefined) {
      hit = this.decide(q).allowed;
      answers.set(key, hit);
    }
    return hit;
  }

  #readsAll: boolean | undefined;

  /**
   * Whether this requester may read every user attribute (and the entry) of
   * every entry — decided from the rules alone, without an entry. Then a search
   * can skip per-attribute checks and send stored attributes as they are.
   * Conservative: any rule that depends on the entry, the value or something
   * this check does not model answers false.
   */
  readsEverything(): boolean {
    this.#readsAll ??= readsEverything(this.#rules, this.#env, this.#subject.ndn, this.#subject.ssf);
    return this.#readsAll;
  }

  /** The full decision for a question: which rule and clause decided, with what privileges. */
  decide(q: AccessQuestion): Decision {
    const type = PSEUDO.has(q.attribute) ? undefined : this.#env.schema.attributeType(q.attribute);
    const target: Target = {
      entry: q.entry,
      attribute: q.attribute,
      type,
      ...(q.value === undefined ? {} : { value: q.value }),
    };
    return evaluate(this.#rules.rules, target, required(q.level, q.op), {
      env: this.#env,
      subject: this.#subject,
      lookups: this.#lookups,
      valueKey: this.#valueKey,
      entryMatches: this.#entryMatches,
    });
  }

  /** Entries a check wanted but that were not loaded (their clauses did not match). */
  get misses(): ReadonlySet<string> {
    return this.#misses;
  }

  /**
   * Loads the entries the rules will read to decide about `entries` (groups
   * named through `group.expand` and `set` paths), so that `can` may stay
   * synchronous. Without it such clauses see no entry and do not match.
   */
  async prefetch(entries: readonly Entry[]): Promise<void> {
    if (!this.#rules.needsLookups || this.#subject.ndn === '') return;
    // Set paths may chain (this/manager/member/…): load until nothing new is wanted.
    for (let round = 0; round < 4; round++) {
      const wanted = new Set<string>();
      for (const entry of entries)
        for (const ndn of collectLookups(
          this.#rules,
          entry,
          this.#env,
          this.#subject,
          this.#lookups,
          this.#valueKey,
        ))
          wanted.add(ndn);
      for (const ndn of wanted) if (this.#loaded.has(ndn)) wanted.delete(ndn);
      if (wanted.size === 0) return;
      await this.#load(wanted);
      // Answers given before the load may change now.
      for (const entry of entries) this.#answers.delete(entry);
    }
  }
}

function readsEverything(rules: RuleSet, env: RuleEnvironment, ndn: string, ssf: number): boolean {
  for (const rule of rules.rules) {
    const w = rule.what;
    if (w.dn || w.filter || w.val) return false;
    const attrs = w.attrs;
    // Rules about userPassword alone do not matter: its values are never returned.
    if (attrs?.every((a) => a.kind === 'type' && a.type.key === 'userpassword')) continue;
    if (attrs?.some((a) => a.kind === 'class' || (a.kind === 'type' && a.type.key === 'userpassword')))
      return false;
    let granted: AccessSpec | undefined;
    for (const by of rule.by) {
      const match = whoMatchesWithoutEntry(by.who, env, ndn, ssf);
      if (match === undefined) return false;
      if (!match) continue;
      if (by.control !== 'stop') return false;
      granted = by.access;
      break;
    }
    if (
      !granted ||
      granted.self ||
      granted.mode !== 'assign' ||
      (granted.privs & READ_PRIVILEGES) !== READ_PRIVILEGES
    )
      return false;
    // `to *` grants read on everything left; a list grants it on its attributes and the rest go on.
    if (!attrs) return true;
  }
  return false;
}

const READ_PRIVILEGES = Priv.disclose | Priv.search | Priv.read;

/** Whether a `by` clause names this requester, or undefined when that depends on more than who they are. */
function whoMatchesWithoutEntry(
  who: Who,
  env: RuleEnvironment,
  ndn: string,
  ssf: number,
): boolean | undefined {
  const known = new Set(['any', 'anonymous', 'users', 'dn', 'ssf']);
  for (const [k, v] of Object.entries(who)) if (v !== undefined && !known.has(k)) return undefined;
  if (who.dn && (who.dn.expand || who.dn.style !== 'base')) return undefined;
  let ok = true;
  if (who.anonymous) ok &&= ndn === '';
  if (who.users) ok &&= ndn !== '';
  if (who.ssf !== undefined) ok &&= ssf >= who.ssf;
  if (who.dn) {
    try {
      ok &&= env.normalizeDn(who.dn.pattern) === ndn;
    } catch {
      return undefined;
    }
  }
  return ok;
}

const valueDependence = new WeakMap<RuleSet, Map<string, boolean>>();

/**
 * Whether any rule that can apply to `attribute` depends on the value asked
 * about: a `val=` <what>, or a `self` access modifier (selfwrite). Only then
 * must each value be evaluated on its own.
 */
function valueDependent(rules: RuleSet, env: RuleEnvironment, attribute: string): boolean {
  let memo = valueDependence.get(rules);
  if (!memo) {
    memo = new Map();
    valueDependence.set(rules, memo);
  }
  let hit = memo.get(attribute);
  if (hit === undefined) {
    const type = PSEUDO.has(attribute) ? undefined : env.schema.attributeType(attribute);
    const probe: Target = { entry: PROBE_ENTRY, attribute, type };
    hit = rules.rules.some(
      (r) => (r.what.val !== undefined || r.by.some((b) => b.access.self)) && attrsSelect(r.what, probe),
    );
    memo.set(attribute, hit);
  }
  return hit;
}

const PROBE_ENTRY: Entry = { id: 0, parentId: 0, dn: '', ndn: '', attributes: new Map() };
