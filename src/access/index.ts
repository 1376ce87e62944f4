/**
 * Access control in OpenLDAP's language: `access to <what> by <who> <access>
 * [stop|continue|break]` rules, evaluated as slapd.access(5) describes, a
 * policy the directory consults, explanations, and the built-in defaults.
 */
import type { SchemaRegistry } from '../schema/index.ts';
import { DEFAULT_RULES_TEXT } from './default-rules.ts';
import { loadRules, parseRules as parseRulesList } from './parse-rules.ts';
import { RulesAccessPolicy } from './policy.ts';
import { ruleEnvironment } from './rule-environment.ts';
import type { RuleSet } from './rule-model.ts';

export { DEFAULT_RULES_TEXT } from './default-rules.ts';
export type { Decision, DecisionStep } from './evaluate.ts';
export { type ExplainQuery, type Explanation, explain, formatExplanation } from './explain.ts';
export { loadRules, parseRule, parseRules } from './parse-rules.ts';
export { RulesAccessPolicy, RulesAccessView } from './policy.ts';
export { type AccessSpec, formatPrivs, levelName, Priv, type PrivMask, parseAccess } from './privileges.ts';
export { type RuleEnvironment, ruleEnvironment } from './rule-environment.ts';
export { AccessRuleError } from './rule-error.ts';
export type { AccessRule, ByClause, Control, RuleSet, What, Who } from './rule-model.ts';

/** The built-in rules, parsed against `schema`. */
export function defaultRules(schema: SchemaRegistry): RuleSet {
  return loadRules(DEFAULT_RULES_TEXT, ruleEnvironment(schema), 'default');
}

/**
 * The policy for a directory: `rules` (a rules file's text, or one rule per
 * item) when given, the built-in defaults otherwise. Throws AccessRuleError
 * naming the rule that does not parse.
 */
export function createAccessPolicy(
  schema: SchemaRegistry,
  rules?: string | readonly string[],
  source?: string,
): RulesAccessPolicy {
  const env = ruleEnvironment(schema);
  return new RulesAccessPolicy(env, compileRules(schema, rules, source));
}

/** Parses rules for `RulesAccessPolicy.replace` (reload); the defaults when `rules` is empty or absent. */
export function compileRules(
  schema: SchemaRegistry,
  rules?: string | readonly string[],
  source?: string,
): RuleSet {
  const env = ruleEnvironment(schema);
  if (rules === undefined || rules.length === 0) return loadRules(DEFAULT_RULES_TEXT, env, 'default');
  if (typeof rules === 'string') return loadRules(rules, env, source ?? 'rules');
  return parseRulesList(rules, env, source);
}
