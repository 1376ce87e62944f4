/**
 * New-user group rules, with OMERO's `omero.ldap.new_user_group` meanings:
 *
 * - `NAME`                      the named group
 * - `:ou:`                      the user's organizational unit: the `ou` RDN nearest the
 *                               user's own RDN (`uid=frank,ou=TheLab,ou=Sciences,…` → TheLab)
 * - `:attribute:A`              every value of the user's attribute A, as a group name
 * - `:filtered_attribute:A`     the same, keeping only names of groups the group filter matches
 * - `:dn_attribute:A`           every value of A read as a group DN; the group name is
 *                               that DN's group-name attribute (`cn=lab,ou=groups,…` → lab)
 * - `:filtered_dn_attribute:A`  the same, keeping only groups the group filter matches
 * - `:query:FILTER`             groups matching `(&<groupFilter>FILTER)`, where `@{dn}` and
 *                               `@{attr}` are replaced by the user's (escaped) values
 * - `:bean:NAME`                a plugin the application registered under NAME
 *
 * The owner variant (`omero.ldap.new_user_group_owner`) is a filter ANDed to the
 * group query: the user owns each group it places them in that also matches it.
 * It does not apply to a plain group name.
 */

import type { Membership } from '../accounts/model.ts';
import type { Attributes } from '../connection/connection.ts';
import type { Directory } from '../directory.ts';
import { dnValue, parseDn } from '../dn.ts';
import { SdkError, SdkErrorCode } from '../errors.ts';
import { escapeFilterValue, fillFilterTemplate, parenthesize } from '../escape.ts';
import { attributeValues } from './attribute-mapping.ts';

export type GroupRule =
  | { readonly kind: 'name'; readonly group: string }
  | { readonly kind: 'ou' }
  | {
      readonly kind: 'attribute';
      readonly attribute: string;
      readonly filtered: boolean;
      readonly dn: boolean;
    }
  | { readonly kind: 'query'; readonly filter: string }
  | { readonly kind: 'bean'; readonly name: string };

export function parseGroupRule(spec: string): GroupRule {
  const rule = spec.trim();
  const prefixed = /^:([a-z_]+):(.*)$/s.exec(rule);
  if (!prefixed) {
    if (!rule) throw new SdkError(SdkErrorCode.invalidConfig, 'empty new-user group rule');
    return { kind: 'name', group: rule };
  }
  const [, prefix = '', rest = ''] = prefixed;
  const arg = rest.trim();
  const need = () => {
    if (!arg) throw new SdkError(SdkErrorCode.invalidConfig, `group rule :${prefix}: needs a value`);
    return arg;
  };
  switch (prefix) {
    case 'ou':
      return { kind: 'ou' };
    case 'attribute':
      return { kind: 'attribute', attribute: need(), filtered: false, dn: false };
    case 'filtered_attribute':
      return { kind: 'attribute', attribute: need(), filtered: true, dn: false };
    case 'dn_attribute':
      return { kind: 'attribute', attribute: need(), filtered: false, dn: true };
    case 'filtered_dn_attribute':
      return { kind: 'attribute', attribute: need(), filtered: true, dn: true };
    case 'query':
      return { kind: 'query', filter: parenthesize(need()) };
    case 'bean':
      return { kind: 'bean', name: need() };
    default:
      throw new SdkError(SdkErrorCode.invalidConfig, `unknown group rule prefix :${prefix}:`);
  }
}

/** Where directory groups are, for the filtered, query and owner rules. */
export interface GroupLookupConfig {
  /** Default: the directory's user base. */
  readonly groupBase?: string;
  /** Default `(objectClass=groupOfNames)`. */
  readonly groupFilter?: string;
  /** The attribute naming a group (OMERO's `group_mapping name=`); default `cn`. */
  readonly groupNameAttribute?: string;
}

export interface GroupRuleUser {
  readonly username: string;
  readonly dn: string;
  readonly attributes: Attributes;
}

export interface GroupRuleContext {
  readonly directory: Directory;
  readonly user: GroupRuleUser;
  readonly groupBase: string;
  readonly groupFilter: string;
  readonly groupNameAttribute: string;
}

/** A `:bean:` rule: the application's own code choosing groups. */
export interface GroupRulePlugin {
  groups(context: GroupRuleContext): Promise<ReadonlyArray<string | Membership>>;
}

export interface EvaluateOptions {
  readonly rules: readonly GroupRule[];
  readonly ownerFilter?: string | undefined;
  readonly plugins?: Readonly<Record<string, GroupRulePlugin>>;
}

export async function evaluateGroupRules(
  context: GroupRuleContext,
  options: EvaluateOptions,
): Promise<Membership[]> {
  const out = new Map<string, boolean>();
  const add = (group: string, owner: boolean) => out.set(group, (out.get(group) ?? false) || owner);
  for (const rule of options.rules) {
    const named = await groupsOf(rule, context, options);
    const owned = await ownedAmong(rule, named, context, options.ownerFilter);
    for (const g of named) add(g.group, g.owner || owned.has(g.group));
  }
  return [...out].map(([group, owner]) => ({ group, owner }));
}

async function groupsOf(
  rule: GroupRule,
  ctx: GroupRuleContext,
  options: EvaluateOptions,
): Promise<Membership[]> {
  const plain = (names: Iterable<string>) => [...new Set(names)].map((group) => ({ group, owner: false }));
  switch (rule.kind) {
    case 'name':
      return plain([rule.group]);
    case 'ou': {
      for (const rdn of parseDn(ctx.user.dn)) {
        const ou = rdn.find((a) => a.attribute.toLowerCase() === 'ou');
        if (ou) return plain([ou.value]);
      }
      return [];
    }
    case 'attribute': {
      const values = attributeValues(ctx.user.attributes, rule.attribute);
      if (values === undefined || values.length === 0) {
        // As in OMERO: a rule naming an attribute the user lacks is a configuration problem, not "no groups".
        throw new SdkError(SdkErrorCode.groupRule, `${ctx.user.username} has no attribute ${rule.attribute}`);
      }
      const names = rule.dn
        ? values.map((v) => dnValue(v, ctx.groupNameAttribute)).filter((n): n is string => n !== undefined)
        : values;
      if (!rule.filtered) return plain(names);
      const allowed = new Set(await groupNames(ctx, ctx.groupFilter));
      return plain(names.filter((n) => allowed.has(n)));
    }
    case 'query':
      return plain(await groupNames(ctx, `(&${ctx.groupFilter}${fill(rule.filter, ctx)})`));
    case 'bean': {
      const plugin = options.plugins?.[rule.name];
      if (!plugin)
        throw new SdkError(SdkErrorCode.invalidConfig, `no group rule plugin registered as ${rule.name}`);
      return (await plugin.groups(ctx)).map((g) => (typeof g === 'string' ? { group: g, owner: false } : g));
    }
  }
}

/** Which of the groups a rule chose the user owns, per the owner filter. */
async function ownedAmong(
  rule: GroupRule,
  groups: readonly Membership[],
  ctx: GroupRuleContext,
  ownerFilter: string | undefined,
): Promise<Set<string>> {
  if (!ownerFilter || rule.kind === 'name' || groups.length === 0) return new Set();
  const owner = fill(parenthesize(ownerFilter), ctx);
  if (rule.kind === 'query') {
    return new Set(await groupNames(ctx, `(&${ctx.groupFilter}${fill(rule.filter, ctx)}${owner})`));
  }
  const nameTerms = groups.map((g) => `(${ctx.groupNameAttribute}=${escapeFilterValue(g.group)})`).join('');
  return new Set(await groupNames(ctx, `(&${ctx.groupFilter}(|${nameTerms})${owner})`));
}

function fill(template: string, ctx: GroupRuleContext): string {
  const result = fillFilterTemplate(template, (name) =>
    name.toLowerCase() === 'dn' ? [ctx.user.dn] : attributeValues(ctx.user.attributes, name),
  );
  if ('error' in result) throw new SdkError(SdkErrorCode.groupRule, `${template}: ${result.error}`);
  return result.filter;
}

async function groupNames(ctx: GroupRuleContext, filter: string): Promise<string[]> {
  const entries = await ctx.directory.search(ctx.groupBase, { filter, attributes: [ctx.groupNameAttribute] });
  return entries.flatMap((e) => attributeValues(e.attributes, ctx.groupNameAttribute)?.slice(0, 1) ?? []);
}
