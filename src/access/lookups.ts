import type { Entry } from '../directory/entry.ts';
import type { AttributeType } from '../schema/index.ts';
import { normalizeLiteral } from './parse-who.ts';
import { expandSubmatches, type Submatches } from './regex.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import type { RuleSet } from './rule-model.ts';
import { parseSet, setLookups } from './sets.ts';
import type { Lookups, Subject } from './who.ts';

/** The DNs of the groups rules name literally (`group=cn=admins,…`): loaded once per operation. */
export function staticGroupDns(rules: RuleSet): string[] {
  const out: string[] = [];
  for (const rule of rules.rules)
    for (const b of rule.by) if (b.who.group && !b.who.group.expand) out.push(b.who.group.pattern);
  return out;
}

/** The DN submatches a rule's <what> gives for `entry` (the value ones need a value and are not known here). */
function dnSubmatches(rule: RuleSet['rules'][number], entry: Entry): Submatches | undefined {
  const dn = rule.what.dn;
  if (!dn) return { dn: [entry.ndn], value: [] };
  if (dn.style === 'regex') {
    const m = dn.regex!.exec(entry.ndn);
    return m ? { dn: [...m], value: [] } : undefined;
  }
  return { dn: dn.style === 'base' ? [entry.ndn] : [entry.ndn, dn.pattern], value: [] };
}

/** Entries not yet loaded that the rules' groups and sets would read to decide about `entry`. */
export function collectLookups(
  rules: RuleSet,
  entry: Entry,
  env: RuleEnvironment,
  subject: Subject,
  lookups: Lookups,
  valueKey: (t: AttributeType, v: Buffer) => string,
): string[] {
  const wanted: string[] = [];
  for (const rule of rules.rules) {
    const dynamic = rule.by.filter((b) => b.who.group?.expand || b.who.set);
    if (dynamic.length === 0) continue;
    const submatches = dnSubmatches(rule, entry);
    if (!submatches) continue;
    for (const b of dynamic) {
      if (b.who.group) {
        const text = expandSubmatches(b.who.group.pattern, submatches);
        if (text === undefined) continue;
        try {
          const ndn = env.normalizeDn(text);
          if (lookups.get(ndn) === undefined) wanted.push(ndn);
        } catch {
          // Not a DN once expanded: the clause cannot match.
        }
      }
      if (b.who.set) {
        let expr = b.who.set.expr;
        if (b.who.set.expand) {
          const text = expandSubmatches(b.who.set.source, submatches);
          if (text === undefined) continue;
          try {
            expr = parseSet(text, env.schema, (s) => normalizeLiteral(env, s));
          } catch {
            continue;
          }
        }
        wanted.push(
          ...setLookups(expr, {
            entry,
            userNdn: subject.ndn,
            lookup: (n) => (n === entry.ndn ? entry : lookups.get(n)),
            normalize: valueKey,
          }),
        );
      }
    }
  }
  return wanted;
}
