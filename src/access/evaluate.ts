import type { Entry } from '../directory/entry.ts';
import type { AttributeType } from '../schema/index.ts';
import { hasDnSyntax } from './parse-who.ts';
import { applySpec, type PrivMask } from './privileges.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import type { AccessRule, ByClause, Control } from './rule-model.ts';
import { matchWhatAttribute, matchWhatEntry, type Target } from './what.ts';
import { type Lookups, matchWho, type Subject } from './who.ts';

/** One step of a decision, for explanations: a rule whose <what> matched and the clause that applied. */
export interface DecisionStep {
  readonly rule: AccessRule;
  /** The clause that applied (1-based), or undefined when none did (the implicit `by * none`). */
  readonly clause?: number;
  readonly mask: PrivMask;
  readonly control: Control;
}

export interface Decision {
  readonly allowed: boolean;
  /** The privileges granted when evaluation ended. */
  readonly mask: PrivMask;
  /** The rule and clause that decided; undefined when no rule matched (default deny). */
  readonly rule?: AccessRule;
  readonly clause?: ByClause;
  readonly clauseIndex?: number;
  readonly steps: readonly DecisionStep[];
  /** True when the last matching rule ended with `break` and no rule followed: denied, as OpenLDAP does. */
  readonly fellThrough: boolean;
}

export interface EvaluateContext {
  readonly env: RuleEnvironment;
  readonly subject: Subject;
  readonly lookups: Lookups;
  /** Normalized key of one value (cached by the caller). */
  valueKey(type: AttributeType, value: Buffer): string;
  /** Per-entry memo of each rule's DN and filter match (they do not depend on the attribute). */
  readonly entryMatches?: WeakMap<Entry, ((string | undefined)[] | false)[]>;
}

/**
 * OpenLDAP's slap_access_allowed and slap_acl_mask: rules in order, the
 * first whose <what> matches is applied; in it the first matching <who>
 * clause sets the privileges (`=`), adds (`+`) or removes (`-`) them, then
 * `stop` ends, `continue` tries the next clause of the same rule, `break`
 * goes on to the next matching rule. A rule whose clauses all fail to match
 * ends with no privileges (the implicit `by * none stop`); when no rule
 * matches, or evaluation breaks out of the last one, access is denied.
 */
export function evaluate(
  rules: readonly AccessRule[],
  target: Target,
  needed: PrivMask,
  ctx: EvaluateContext,
): Decision {
  let mask: PrivMask = 0;
  const steps: DecisionStep[] = [];
  let decided: { rule: AccessRule; clause?: ByClause; clauseIndex?: number } | undefined;
  let control: Control = 'break';
  let memo = ctx.entryMatches?.get(target.entry);
  if (ctx.entryMatches && !memo) {
    memo = [];
    ctx.entryMatches.set(target.entry, memo);
  }
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const value = matchWhatAttribute(rule.what, target, ctx.valueKey);
    if (!value) continue;
    // A hole in the memo is "not computed yet"; false is "does not match".
    let dn = memo?.[r];
    if (dn === undefined) {
      dn = matchWhatEntry(rule.what, target.entry, ctx.env) ?? false;
      if (memo) memo[r] = dn;
    }
    if (dn === false) continue;
    const submatches = { dn, value };
    const who = {
      env: ctx.env,
      subject: ctx.subject,
      target,
      submatches,
      lookups: ctx.lookups,
      valueKey: ctx.valueKey,
    };
    control = 'stop';
    let applied: { clause: ByClause; index: number } | undefined;
    let ended = false;
    for (let i = 0; i < rule.by.length; i++) {
      const clause = rule.by[i]!;
      if (clause.access.self && !selfValue(target, ctx)) continue;
      if (!matchWho(clause.who, who)) continue;
      mask = applySpec(mask, clause.access);
      applied = { clause, index: i + 1 };
      steps.push({ rule, clause: i + 1, mask, control: clause.control });
      if (clause.control === 'continue') continue;
      control = clause.control;
      ended = true;
      break;
    }
    if (!ended) {
      // The implicit `by * none stop` at the end of every rule.
      mask = 0;
      control = 'stop';
      steps.push({ rule, mask, control });
    }
    decided = applied && ended ? { rule, clause: applied.clause, clauseIndex: applied.index } : { rule };
    if (control !== 'break') break;
  }
  const fellThrough = control === 'break';
  const allowed = !fellThrough && (mask & needed) === needed;
  return {
    allowed,
    mask,
    ...(decided?.rule ? { rule: decided.rule } : {}),
    ...(decided?.clause ? { clause: decided.clause, clauseIndex: decided.clauseIndex! } : {}),
    steps,
    fellThrough,
  };
}

/**
 * The `self` access modifier (selfwrite): only for a value of a DN-syntax
 * attribute that is the requester's own DN, never for the whole attribute.
 */
function selfValue(target: Target, ctx: EvaluateContext): boolean {
  const type = target.type;
  if (!type || !hasDnSyntax(type) || target.value === undefined || ctx.subject.ndn === '') return false;
  return ctx.valueKey(type, target.value) === ctx.subject.ndn;
}
