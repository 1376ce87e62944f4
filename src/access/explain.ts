import { AccessLevel } from '../directory/access-policy.ts';
import type { Entry } from '../directory/entry.ts';
import type { Decision } from './evaluate.ts';
import { RulesAccessPolicy, type RulesAccessView } from './policy.ts';
import { formatPrivs, levelName, type PrivMask } from './privileges.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import type { RuleSet } from './rule-model.ts';

export interface ExplainQuery {
  /** The requester's DN, or `anonymous` / `''`. */
  readonly as: string;
  readonly entry: Entry;
  /** One attribute (or `entry` / `children`); default: `entry`, `children` and every attribute of the entry. */
  readonly attr?: string;
  /** A value of `attr`, for value-dependent rules. */
  readonly value?: string;
  /** Security strength to assume (0: clear text). */
  readonly ssf?: number;
  readonly remoteAddress?: string;
  /** Loads entries the rules read (groups); without it group and set clauses do not match. */
  readonly loadEntry?: (ndn: string) => Promise<Entry | undefined>;
}

export interface Explanation {
  readonly attribute: string;
  readonly value?: string;
  /** The privileges granted; the level is the highest level they include. */
  readonly mask: PrivMask;
  readonly level: string;
  readonly privileges: string;
  readonly decision: Decision;
}

/**
 * Which rule (and which `by` clause) decides what `as` may do with `entry`
 * (one attribute or all of them), and the resulting privileges — what
 * `linden acl explain` prints, in the manner of slapacl.
 */
export async function explain(
  rules: RuleSet,
  env: RuleEnvironment,
  query: ExplainQuery,
): Promise<Explanation[]> {
  const anonymous = query.as === '' || query.as.toLowerCase() === 'anonymous';
  const ndn = anonymous ? '' : env.normalizeDn(query.as);
  const policy = new RulesAccessPolicy(env, rules);
  const requester = {
    dn: anonymous ? '' : query.as,
    ndn,
    ssf: query.ssf ?? 0,
    ...(query.remoteAddress ? { remoteAddress: query.remoteAddress } : {}),
  };
  const view = (await policy.prepare(
    requester,
    query.loadEntry ?? (async () => undefined),
  )) as RulesAccessView;
  await view.prefetch([query.entry]);
  const attributes = query.attr
    ? [canonical(env, query.attr)]
    : ['entry', 'children', ...[...query.entry.attributes.keys()].map((k) => k.split(';')[0]!)].filter(
        (a, i, all) => all.indexOf(a) === i,
      );
  return attributes.map((attribute) => {
    const value = query.value === undefined ? undefined : Buffer.from(query.value, 'utf8');
    // Ask for manage: the decision's mask is what is granted whatever was asked.
    const decision = view.decide({
      entry: query.entry,
      attribute,
      level: AccessLevel.manage,
      ...(value ? { value } : {}),
    });
    const mask = decision.fellThrough ? 0 : decision.mask;
    return {
      attribute,
      ...(query.value === undefined ? {} : { value: query.value }),
      mask,
      level: levelName(mask),
      privileges: formatPrivs(mask),
      decision,
    };
  });
}

function canonical(env: RuleEnvironment, attr: string): string {
  const lower = attr.toLowerCase();
  if (lower === 'entry' || lower === 'children') return lower;
  const type = env.schema.attributeType(attr);
  if (!type) throw new Error(`unknown attribute type "${attr}"`);
  return type.key;
}

/** slapacl-style lines: `authcDN: "…"`, then `attr[=value]: level(=privs)` and which rule decided. */
export function formatExplanation(as: string, entryDn: string, explanations: readonly Explanation[]): string {
  const anonymous = as === '' || as.toLowerCase() === 'anonymous';
  const lines = [`authcDN: "${anonymous ? '' : as}"`, `entry: "${entryDn}"`];
  for (const e of explanations) {
    const d = e.decision;
    let why: string;
    if (!d.rule) why = 'no rule matched: default deny';
    else {
      const where = `rule ${d.rule.index}${d.rule.line === undefined ? '' : ` (line ${d.rule.line})`} "to ${d.rule.whatText}"`;
      if (d.fellThrough) why = `${where}: "break" with no later rule: denied`;
      else if (d.clause) why = `${where}, clause ${d.clauseIndex} "${d.clause.text}"`;
      else why = `${where}, no clause matched: implicit "by * none"`;
    }
    lines.push(
      `${e.attribute}${e.value === undefined ? '' : `=${e.value}`}: ${e.level}(${e.privileges})  # ${why}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
