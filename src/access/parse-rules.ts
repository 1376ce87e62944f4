import { parseFilter } from '../filter/index.ts';
import { hasDnSyntax, parseWho, regexNormalizedDn, splitTerm } from './parse-who.ts';
import { parseAccess } from './privileges.ts';
import { compilePosixRegex } from './regex.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import { AccessRuleError, RuleSyntaxError } from './rule-error.ts';
import type { AccessRule, AttrSelector, ByClause, Control, RuleSet, ValueMatch, What } from './rule-model.ts';
import { splitRuleText, splitWords } from './tokenize.ts';

const REGEX_ANY = new Set(['*', '.*', '^.*', '.*$', '^.*$', '.*$$', '^.*$$']);

/**
 * Rules given one per item (the configuration's `access.rules` list, or
 * olcAccess-style values): each is `access to <what> by <who> <access> …`,
 * `access` being optional.
 */
export function parseRules(
  items: readonly string[],
  env: RuleEnvironment,
  source = 'configuration',
): RuleSet {
  return buildRuleSet(
    items.map((text) => ({ text })),
    env,
    source,
  );
}

/** Rules from text in slapd.conf form (a rules file): one rule per `access` line and its indented continuation lines. */
export function loadRules(text: string, env: RuleEnvironment, source = 'rules'): RuleSet {
  let pieces: { text: string; line: number }[];
  try {
    pieces = splitRuleText(text);
  } catch (e) {
    throw new AccessRuleError(0, (e as { line?: number }).line, (e as Error).message);
  }
  return buildRuleSet(pieces, env, source);
}

function buildRuleSet(
  pieces: readonly { text: string; line?: number }[],
  env: RuleEnvironment,
  source: string,
): RuleSet {
  const rules: AccessRule[] = [];
  for (const piece of pieces) {
    const index = rules.length + 1;
    try {
      rules.push(parseRule(piece.text, index, piece.line, env));
    } catch (e) {
      if (e instanceof RuleSyntaxError || e instanceof SyntaxError)
        throw new AccessRuleError(index, piece.line, e.message);
      throw e;
    }
  }
  const needsLookups = rules.some((r) =>
    r.by.some((b) => b.who.group !== undefined || b.who.set !== undefined),
  );
  return Object.freeze({ rules: Object.freeze(rules), source, needsLookups });
}

/** One rule: `[access] to <what> [by <who> [<access>] [<control>]]+`. */
export function parseRule(
  text: string,
  index: number,
  line: number | undefined,
  env: RuleEnvironment,
): AccessRule {
  const words = splitWords(text);
  let i = 0;
  if (words[i]?.toLowerCase() === 'access') i++;
  // olcAccess values start with an `{n}` ordering prefix.
  if (words[i] !== undefined && /^\{[0-9]+\}to$/i.test(words[i]!)) words[i] = 'to';
  if (words[i]?.toLowerCase() !== 'to') throw new RuleSyntaxError(`expecting "to" got "${words[i] ?? ''}"`);
  i++;
  const whatStart = i;
  while (i < words.length && words[i]!.toLowerCase() !== 'by') i++;
  const whatWords = words.slice(whatStart, i);
  const what = parseWhat(whatWords, env);
  const by: ByClause[] = [];
  while (i < words.length) {
    const word = words[i]!;
    if (word.toLowerCase() === 'to') throw new RuleSyntaxError('only one to clause allowed in access line');
    if (word.toLowerCase() !== 'by') throw new RuleSyntaxError(`expecting "to" or "by" got "${word}"`);
    const clauseStart = i;
    i++;
    if (i >= words.length) throw new RuleSyntaxError('premature end: expecting <who>');
    const { who, next } = parseWho(words, i, env);
    i = next;
    let access = parseAccess('+0')!;
    let control: Control = 'stop';
    const w = words[i]?.toLowerCase();
    if (w === undefined || w === 'by') {
      // No <access>: "+0", stop.
    } else if (w === 'stop' || w === 'continue' || w === 'break') {
      control = w;
      i++;
    } else {
      const spec = parseAccess(words[i]!);
      if (!spec) throw new RuleSyntaxError(`expecting <access> got "${words[i]}"`);
      access = spec;
      i++;
      const c = words[i]?.toLowerCase();
      if (c === 'stop' || c === 'continue' || c === 'break') {
        control = c;
        i++;
      }
    }
    by.push({ who, access, control, text: words.slice(clauseStart, i).join(' ') });
  }
  if (by.length === 0) throw new RuleSyntaxError('no by clause(s) specified in access line');
  return {
    index,
    ...(line === undefined ? {} : { line }),
    what,
    whatText: whatWords.join(' ') || '*',
    by,
    text: words.join(' '),
  };
}

function parseWhat(words: readonly string[], env: RuleEnvironment): What {
  const what: { -readonly [K in keyof What]: What[K] } = {};
  let valWord: string | undefined;
  let sawDn = false;
  for (const word of words) {
    if (word === '*') {
      if (sawDn) throw new RuleSyntaxError('dn pattern already specified in to clause');
      sawDn = true;
      continue;
    }
    const { left, style, right } = splitTerm(word);
    if (right === undefined) throw new RuleSyntaxError(`missing "=" in "${word}" in to clause`);
    const key = left.toLowerCase();
    if (key === 'dn') {
      if (sawDn) throw new RuleSyntaxError('dn pattern already specified in to clause');
      sawDn = true;
      const name = style?.name ?? '';
      if (name === '' || name === 'base' || name === 'baseobject' || name === 'exact')
        what.dn = { style: 'base', pattern: normalizeTo(env, right) };
      else if (name === 'one' || name === 'onelevel')
        what.dn = { style: 'one', pattern: normalizeTo(env, right) };
      else if (name === 'sub' || name === 'subtree') {
        if (right !== '') what.dn = { style: 'subtree', pattern: normalizeTo(env, right) };
      } else if (name === 'children') what.dn = { style: 'children', pattern: normalizeTo(env, right) };
      else if (name === 'regex') {
        if (right === '') what.dn = { style: 'base', pattern: '' };
        else if (!REGEX_ANY.has(right)) {
          const pattern = regexNormalizedDn(right);
          try {
            what.dn = { style: 'regex', pattern, regex: compilePosixRegex(pattern) };
          } catch (e) {
            throw new RuleSyntaxError(`regular expression "${right}" bad because of ${(e as Error).message}`);
          }
        }
      } else throw new RuleSyntaxError(`unknown dn style "${name}" in to clause`);
    } else if (key === 'filter') {
      try {
        what.filter = parseFilter(right);
      } catch {
        throw new RuleSyntaxError(`bad filter "${right}" in to clause`);
      }
    } else if (key === 'attrs' || key === 'attr') {
      what.attrs = [...(what.attrs ?? []), ...right.split(',').map((n) => parseAttrName(n.trim(), env))];
    } else if (key.startsWith('val')) {
      if (valWord !== undefined) throw new RuleSyntaxError('attr val already specified in to clause');
      valWord = word;
    } else if (key === 'op' || key === 'control') {
      throw new RuleSyntaxError(`"${left}=" in to clause is not supported by Linden`);
    } else throw new RuleSyntaxError(`expecting <what> got "${left}"`);
  }
  if (valWord !== undefined) what.val = parseVal(valWord, what.attrs, env);
  return what;
}

function normalizeTo(env: RuleEnvironment, dn: string): string {
  if (dn === '') return '';
  try {
    return env.normalizeDn(dn);
  } catch {
    throw new RuleSyntaxError(`bad DN "${dn}" in to DN clause`);
  }
}

function parseAttrName(name: string, env: RuleEnvironment): AttrSelector {
  const lower = name.toLowerCase();
  if (lower === 'entry') return { kind: 'entry' };
  if (lower === 'children') return { kind: 'children' };
  if (name.startsWith('@') || name.startsWith('!')) {
    const oc = env.schema.objectClass(name.slice(1));
    if (!oc) throw new RuleSyntaxError(`unknown object class "${name.slice(1)}" in attrs`);
    return {
      kind: 'class',
      objectClass: oc,
      exclude: name.startsWith('!'),
      all: oc.key === 'extensibleobject',
    };
  }
  const type = env.schema.attributeType(name.split(';')[0]!);
  if (type) return { kind: 'type', type };
  // A bare object class name stands for its attributes, as in OpenLDAP.
  const oc = env.schema.objectClass(name);
  if (oc) return { kind: 'class', objectClass: oc, exclude: false, all: oc.key === 'extensibleobject' };
  throw new RuleSyntaxError(`unknown attr "${name}" in to clause`);
}

function parseVal(
  word: string,
  attrs: readonly AttrSelector[] | undefined,
  env: RuleEnvironment,
): ValueMatch {
  const only = attrs?.length === 1 ? attrs[0] : undefined;
  if (only?.kind !== 'type') throw new RuleSyntaxError('attr val requires a single attribute');
  const type = only.type;
  const eq = word.indexOf('=');
  let head = word.slice(0, eq);
  const value = word.slice(eq + 1);
  const slash = head.indexOf('/');
  let rule = type.equality;
  if (slash >= 0) {
    const dot = head.indexOf('.', slash);
    const ruleName = head.slice(slash + 1, dot < 0 ? undefined : dot);
    rule = env.schema.matchingRule(ruleName);
    if (!rule) throw new RuleSyntaxError(`invalid matching rule "${ruleName}"`);
    head = head.slice(0, slash) + (dot < 0 ? '' : head.slice(dot));
  }
  const dot = head.indexOf('.');
  const style = dot < 0 ? 'exact' : head.slice(dot + 1).toLowerCase();
  if (style === 'regex') {
    try {
      return { style: 'regex', pattern: compilePosixRegex(value) };
    } catch (e) {
      throw new RuleSyntaxError(`regular expression "${value}" bad because of ${(e as Error).message}`);
    }
  }
  if (hasDnSyntax(type) && style !== 'exact') {
    const s =
      style === 'baseobject' || style === 'base'
        ? 'base'
        : style === 'one' || style === 'onelevel'
          ? 'one'
          : style === 'sub' || style === 'subtree'
            ? 'subtree'
            : style === 'children'
              ? 'children'
              : undefined;
    if (!s)
      throw new RuleSyntaxError(
        `unknown val.<style> "${style}" for attributeType "${type.name}" with DN syntax`,
      );
    return { style: s, ndn: normalizeTo(env, value) };
  }
  if (style !== 'exact' && style !== 'base')
    throw new RuleSyntaxError(`unknown val.<style> "${style}" for attributeType "${type.name}"`);
  if (!rule) throw new RuleSyntaxError(`attr "${type.name}" does not have an EQUALITY matching rule`);
  const normalized = hasDnSyntax(type) ? normalizeTo(env, value) : rule.normalize(Buffer.from(value, 'utf8'));
  if (normalized === undefined)
    throw new RuleSyntaxError(`attr "${type.name}" normalization failed for "${value}"`);
  return { style: 'exact', normalized };
}
