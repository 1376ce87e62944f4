import type { Entry } from '../directory/entry.ts';
import { matchFilterSync } from '../directory/search/match.ts';
import { dnDepth, parentDn } from '../dn/index.ts';
import type { AttributeType } from '../schema/index.ts';
import type { Submatches } from './regex.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import type { AttrSelector, DnStyle, What } from './rule-model.ts';

/** What a check is about: the entry, the attribute key (or `entry`/`children`), and maybe one value. */
export interface Target {
  readonly entry: Entry;
  readonly attribute: string;
  /** The attribute's type; undefined for the pseudo-attributes. */
  readonly type: AttributeType | undefined;
  readonly value?: Buffer;
}

/** Whether `ndn` is in `style` scope of the normalized `base` (OpenLDAP's dn styles on normalized strings). */
export function dnInStyle(ndn: string, style: Exclude<DnStyle, 'regex'>, base: string): boolean {
  if (typeof style === 'object') {
    let cur: string | undefined = ndn;
    for (let n = style.level; n > 0; n--) {
      if (!cur) return false;
      cur = parentDn(cur);
    }
    return cur === base && (style.level === 0 || ndn !== base);
  }
  if (style === 'base') return ndn === base;
  if (base === '') {
    if (style === 'subtree') return true;
    if (style === 'children') return ndn !== '';
    return ndn !== '' && dnDepth(ndn) === 1;
  }
  if (ndn === base) return style === 'subtree';
  if (!ndn.endsWith(`,${base}`) || escapedComma(ndn, ndn.length - base.length - 1)) return false;
  if (style === 'one') return parentDn(ndn) === base;
  return true;
}

/** Whether the comma at `at` is escaped (an odd run of backslashes before it). */
function escapedComma(s: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && s.charCodeAt(at - n - 1) === 0x5c) n++;
  return n % 2 === 1;
}

/**
 * The entry half of OpenLDAP's slap_acl_get for one rule: the <what> DN and
 * filter. It depends on the entry only, so callers keep it per entry; the
 * DN submatches it returns are what <who> clauses may substitute.
 */
export function matchWhatEntry(
  what: What,
  entry: Entry,
  env: RuleEnvironment,
): (string | undefined)[] | undefined {
  const ndn = entry.ndn;
  let dnMatches: (string | undefined)[] = [ndn];
  if (what.dn) {
    if (what.dn.style === 'regex') {
      const m = what.dn.regex!.exec(ndn);
      if (!m) return undefined;
      dnMatches = [...m];
    } else {
      if (!dnInStyle(ndn, what.dn.style, what.dn.pattern)) return undefined;
      if (what.dn.style !== 'base') dnMatches = [ndn, what.dn.pattern];
    }
  }
  if (what.filter && matchFilterSync(what.filter, entry, { schema: env.schema }) !== true) return undefined;
  return dnMatches;
}

/** Whether the rule's `attrs=` (if any) covers the target's attribute. */
export function attrsSelect(what: What, target: Target): boolean {
  return !what.attrs || what.attrs.some((sel) => selects(sel, target));
}

/** The attribute half: `attrs=` and `val=`; returns the value submatches, undefined when the rule does not apply. */
export function matchWhatAttribute(
  what: What,
  target: Target,
  valueKey: (t: AttributeType, v: Buffer) => string,
): (string | undefined)[] | undefined {
  if (!attrsSelect(what, target)) return undefined;
  if (!what.val) return [];
  if (target.value === undefined || !target.type) return undefined;
  const v = what.val;
  switch (v.style) {
    case 'regex': {
      const m = v.pattern.exec(valueKey(target.type, target.value));
      return m ? [...m] : undefined;
    }
    case 'exact':
      return valueKey(target.type, target.value) === v.normalized ? [] : undefined;
    default:
      return dnInStyle(valueKey(target.type, target.value), v.style, v.ndn) ? [] : undefined;
  }
}

/** Both halves: the submatches of a rule that applies to `target`, undefined when it does not. */
export function matchWhat(
  what: What,
  target: Target,
  env: RuleEnvironment,
  valueKey: (t: AttributeType, v: Buffer) => string,
): Submatches | undefined {
  const value = matchWhatAttribute(what, target, valueKey);
  if (!value) return undefined;
  const dn = matchWhatEntry(what, target.entry, env);
  return dn ? { dn, value } : undefined;
}

function selects(sel: AttrSelector, target: Target): boolean {
  switch (sel.kind) {
    case 'entry':
      return target.attribute === 'entry';
    case 'children':
      return target.attribute === 'children';
    case 'type':
      return target.type !== undefined && (target.type === sel.type || target.type.isSubtypeOf(sel.type));
    case 'class': {
      if (sel.all) return !sel.exclude;
      const t = target.type;
      const allowed =
        t !== undefined &&
        [...sel.objectClass.allMust, ...sel.objectClass.allMay].some((a) => t === a || t.isSubtypeOf(a));
      return sel.exclude ? !allowed : allowed;
    }
  }
}
