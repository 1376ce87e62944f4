/** Small helpers for rule unit tests: the default schema, entries by hand, one question at a time. */
import {
  AccessRuleError,
  loadRules,
  RulesAccessPolicy,
  type RulesAccessView,
  ruleEnvironment,
} from '../../src/access/index.ts';
import { AccessLevel } from '../../src/directory/access-policy.ts';
import type { Entry } from '../../src/directory/entry.ts';
import { buildDefaultSchema } from '../../src/schema/index.ts';

export const schema = buildDefaultSchema();
export const env = ruleEnvironment(schema);

let nextId = 1;
export function entry(dn: string, attributes: Record<string, string[]> = {}): Entry {
  const map = new Map<string, { type: string; values: Buffer[] }>();
  for (const [type, values] of Object.entries(attributes)) {
    const key = schema.attributeType(type)?.key ?? type.toLowerCase();
    map.set(key, { type, values: values.map((v) => Buffer.from(v)) });
  }
  return { id: nextId++, parentId: 0, dn, ndn: env.normalizeDn(dn), attributes: map };
}

/** A view of `rules` for `as` (a DN, or '' for anonymous), with `entries` loadable by DN. */
export async function view(
  rules: string,
  as: string,
  options: { ssf?: number; remoteAddress?: string; entries?: Entry[] } = {},
): Promise<RulesAccessView> {
  const policy = new RulesAccessPolicy(env, loadRules(rules, env));
  const byNdn = new Map((options.entries ?? []).map((e) => [e.ndn, e]));
  const requester = {
    dn: as,
    ndn: as ? env.normalizeDn(as) : '',
    ssf: options.ssf ?? 0,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  };
  return (await policy.prepare(requester, async (ndn) => byNdn.get(ndn))) as RulesAccessView;
}

export type LevelName = keyof typeof AccessLevel;

export function can(
  v: RulesAccessView,
  e: Entry,
  attribute: string,
  level: LevelName,
  value?: string,
  op?: 'add' | 'delete',
): boolean {
  return v.can({
    entry: e,
    attribute,
    level: AccessLevel[level],
    ...(value === undefined ? {} : { value: Buffer.from(value) }),
    ...(op ? { op } : {}),
  });
}

export function parseError(rules: string): AccessRuleError {
  try {
    loadRules(rules, env);
  } catch (e) {
    if (e instanceof AccessRuleError) return e;
    throw e;
  }
  throw new Error('rules parsed');
}
