import type { AttributeType } from '../schema/index.ts';
import { compilePosixRegex, hasSubmatchReferences } from './regex.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import { RuleSyntaxError } from './rule-error.ts';
import type { DnStyle, IpPattern, Who } from './rule-model.ts';
import { parseSet, SetSyntaxError } from './sets.ts';

export const DN_SYNTAX = '1.3.6.1.4.1.1466.115.121.1.12';
export const NAME_UID_SYNTAX = '1.3.6.1.4.1.1466.115.121.1.34';

export function hasDnSyntax(type: AttributeType): boolean {
  return type.syntax.oid === DN_SYNTAX || type.syntax.oid === NAME_UID_SYNTAX;
}

interface Style {
  readonly name: string;
  readonly level?: number;
  readonly expand: boolean;
}

/** `word` split as OpenLDAP splits it: left[.style[,modifier]][=right]. */
export function splitTerm(word: string): {
  left: string;
  style: Style | undefined;
  right: string | undefined;
} {
  const eq = word.indexOf('=');
  const head = eq < 0 ? word : word.slice(0, eq);
  const right = eq < 0 ? undefined : word.slice(eq + 1);
  const dot = head.indexOf('.');
  if (dot < 0) return { left: head, style: undefined, right };
  const [styleText = '', modifier] = head.slice(dot + 1).split(',', 2);
  const levelHit = /^level\{(-?[0-9]+)\}$/i.exec(styleText);
  if (modifier !== undefined && modifier.toLowerCase() !== 'expand')
    throw new RuleSyntaxError(`unknown style modifier "${modifier}"`);
  const style: Style = levelHit
    ? { name: 'level', level: Number(levelHit[1]), expand: modifier !== undefined }
    : { name: styleText.toLowerCase(), expand: modifier !== undefined };
  return { left: head.slice(0, dot), style, right };
}

function dnStyle(style: Style | undefined): DnStyle {
  const name = style?.name ?? '';
  if (name === '' || name === 'base' || name === 'baseobject' || name === 'exact') return 'base';
  if (name === 'one' || name === 'onelevel') return 'one';
  if (name === 'sub' || name === 'subtree') return 'subtree';
  if (name === 'children') return 'children';
  if (name === 'regex') return 'regex';
  if (name === 'level') return { level: style?.level ?? 0 };
  throw new RuleSyntaxError(`unknown dn style "${name}"`);
}

/** OpenLDAP's regex "normalization" of a DN pattern: drop spaces after RDN separators. */
export function regexNormalizedDn(pattern: string): string {
  return pattern.replace(/(^|[^\\]),\s+/g, '$1,');
}

const REGEX_ANY = new Set(['.*', '^.*', '.*$', '^.*$', '.*$$', '^.*$$']);
const REGEX_USERS = new Set(['.+', '^.+', '.+$', '^.+$', '.+$$', '^.+$$']);

/**
 * Parses the <who> words of a `by` clause starting at `words[start]`; stops
 * at the first word that is not a <who> term (the <access>, a control word,
 * the next `by`). Returns the position after the last <who> term.
 */
export function parseWho(
  words: readonly string[],
  start: number,
  env: RuleEnvironment,
): { who: Who; next: number } {
  const who: { -readonly [K in keyof Who]: Who[K] } = {};
  let i = start;
  for (; i < words.length; i++) {
    const word = words[i]!;
    const lowerWord = word.toLowerCase();
    if (lowerWord === 'by' || lowerWord === 'stop' || lowerWord === 'continue' || lowerWord === 'break')
      break;
    const { left: rawLeft, style, right } = splitTerm(word);
    // Linden has no proxied authorization: the authenticated and the authorized identity are one.
    const left = rawLeft.toLowerCase().replace(/^real(?=anonymous|users|self|dn|dnattr)/, '');
    if (left === '*' && right === undefined) {
      who.any = true;
    } else if (left === 'anonymous' && right === undefined) {
      who.anonymous = true;
    } else if (left === 'users' && right === undefined) {
      who.users = true;
    } else if (left === 'self' && right === undefined) {
      if (style && style.name !== 'level') throw new RuleSyntaxError(`unknown self style "${style.name}"`);
      who.self = { level: style?.level ?? 0 };
    } else if (left === 'dn') {
      if (who.dn || who.anonymous || who.users || who.any)
        throw new RuleSyntaxError('dn pattern already specified');
      const s = dnStyle(style);
      if (s === 'regex') {
        if (right === undefined || right === '*' || REGEX_USERS.has(right)) {
          who.users = true;
          continue;
        }
        if (right === '') {
          who.anonymous = true;
          continue;
        }
        if (REGEX_ANY.has(right)) {
          who.any = true;
          continue;
        }
      }
      if (right === undefined || right === '')
        throw new RuleSyntaxError(`missing "=" in (or value after) "${word}" in by clause`);
      if (s === 'regex') {
        const pattern = regexNormalizedDn(right);
        if (!hasSubmatchReferences(pattern)) checkRegex(pattern);
        who.dn = { style: s, pattern, expand: true };
      } else if (style?.expand) {
        if (!hasSubmatchReferences(right))
          throw new RuleSyntaxError('"expand" used with no expansions in pattern');
        who.dn = { style: s, pattern: right, expand: true };
      } else {
        who.dn = { style: s, pattern: normalize(env, right, 'by DN clause'), expand: false };
      }
    } else if (left === 'dnattr') {
      if (!right) throw new RuleSyntaxError(`missing "=" in (or value after) "${word}" in by clause`);
      const type = env.schema.attributeType(right);
      if (!type) throw new RuleSyntaxError(`dnattr "${right}": unknown attribute type`);
      if (!hasDnSyntax(type))
        throw new RuleSyntaxError(`dnattr "${right}": inappropriate syntax: ${type.syntax.oid}`);
      if (!type.equality)
        throw new RuleSyntaxError(`dnattr "${right}": inappropriate matching (no EQUALITY)`);
      who.dnattr = type;
    } else if (left === 'group' || left.startsWith('group/')) {
      who.group = parseGroup(rawLeft, style, right, env);
    } else if (left === 'set') {
      if (!right) throw new RuleSyntaxError('no set is defined');
      const name = style?.name ?? 'exact';
      if (!['exact', 'base', 'expand', 'regex'].includes(name))
        throw new RuleSyntaxError(`inappropriate style "${name}" in by clause`);
      const expand = name === 'expand' || name === 'regex';
      try {
        // An expanded set is parsed once its submatches are known; parse the pattern now only to check it.
        const expr = parseSet(right, env.schema, (s) => normalizeLiteral(env, s));
        who.set = { source: right, expr, expand };
      } catch (e) {
        if (e instanceof SetSyntaxError) throw new RuleSyntaxError(e.message);
        throw e;
      }
    } else if (left === 'ssf' || left === 'transport_ssf' || left === 'tls_ssf' || left === 'sasl_ssf') {
      if (!right || !/^[0-9]+$/.test(right) || Number(right) === 0)
        throw new RuleSyntaxError(`invalid ${left} value (${right ?? ''})`);
      // Linden's only security layer is TLS: ssf, transport_ssf and tls_ssf all measure it.
      if (left === 'sasl_ssf') who.saslSsf = Number(right);
      else who.ssf = Math.max(who.ssf ?? 0, Number(right));
    } else if (left === 'peername') {
      who.peername = parsePeername(style, right);
    } else if (
      left === 'sockname' ||
      left === 'sockurl' ||
      left === 'domain' ||
      left.startsWith('dynacl/') ||
      left === 'aci'
    ) {
      throw new RuleSyntaxError(`"${rawLeft}" in by clause is not supported by Linden`);
    } else break;
  }
  if (i === start)
    throw new RuleSyntaxError(
      i < words.length ? `expecting <who> got "${words[i]}"` : 'premature end: expecting <who>',
    );
  return { who, next: i };
}

function checkRegex(pattern: string): void {
  try {
    compilePosixRegex(pattern);
  } catch (e) {
    throw new RuleSyntaxError(`regular expression "${pattern}" bad because of ${(e as Error).message}`);
  }
}

function normalize(env: RuleEnvironment, dn: string, where: string): string {
  try {
    return env.normalizeDn(dn);
  } catch {
    throw new RuleSyntaxError(`bad DN "${dn}" in ${where}`);
  }
}

/** Set literals are compared with normalized DNs when they are DNs, as themselves otherwise. */
export function normalizeLiteral(env: RuleEnvironment, s: string): string {
  try {
    return s.includes('=') ? env.normalizeDn(s) : s;
  } catch {
    return s;
  }
}

function parseGroup(
  rawLeft: string,
  style: Style | undefined,
  right: string | undefined,
  env: RuleEnvironment,
): NonNullable<Who['group']> {
  const name = style?.name ?? 'exact';
  let expand: boolean;
  if (name === 'exact' || name === 'base' || name === 'baseobject') expand = false;
  else if (name === 'expand' || name === 'regex') expand = true;
  else throw new RuleSyntaxError(`inappropriate style "${name}" in by clause`);
  if (!right) throw new RuleSyntaxError(`missing "=" in (or value after) "${rawLeft}" in by clause`);
  const [, ocName, attrName] = rawLeft.split('/');
  const objectClass = env.schema.objectClass(ocName || 'groupOfNames');
  if (!objectClass) throw new RuleSyntaxError(`group objectclass "${ocName || 'groupOfNames'}" unknown`);
  const attribute = env.schema.attributeType(attrName || 'member');
  if (!attribute)
    throw new RuleSyntaxError(`group "${right}": unknown attribute type "${attrName || 'member'}"`);
  if (!hasDnSyntax(attribute))
    throw new RuleSyntaxError(
      `group "${right}" attr "${attribute.name}": inappropriate syntax: ${attribute.syntax.oid}; must be DN or NameAndOptionalUID`,
    );
  if (
    !objectClass.allMust.has(attribute) &&
    !objectClass.allMay.has(attribute) &&
    objectClass.key !== 'extensibleobject'
  )
    throw new RuleSyntaxError(`group: "${attribute.name}" not allowed by "${objectClass.name}"`);
  const pattern = expand ? regexNormalizedDn(right) : normalize(env, right, 'group clause');
  return { pattern, expand, objectClass, attribute };
}

function parsePeername(style: Style | undefined, right: string | undefined): NonNullable<Who['peername']> {
  if (!right) throw new RuleSyntaxError('missing "=" in (or value after) "peername" in by clause');
  const name = style?.name ?? 'exact';
  if (name === 'exact' || name === 'base') return { style: 'exact', pattern: right };
  if (name === 'regex') {
    checkRegex(right);
    return { style: 'regex', pattern: right };
  }
  if (name === 'ip' || name === 'ipv6')
    return { style: name, pattern: right, ip: parseIpPattern(right, name === 'ipv6') };
  throw new RuleSyntaxError(`inappropriate style "${name}" in by clause`);
}

/** `<ip>[%<mask>][{<port>}]` (slapd.access(5) peername.ip / peername.ipv6). */
function parseIpPattern(text: string, v6: boolean): IpPattern {
  const m = /^([^%{]+)(?:%([^{]+))?(?:\{([0-9]+)\})?$/.exec(text);
  const address = m?.[1] ? ipToBigInt(m[1], v6) : undefined;
  if (address === undefined)
    throw new RuleSyntaxError(`bad peername.${v6 ? 'ipv6' : 'ip'} pattern "${text}"`);
  const full = v6 ? (1n << 128n) - 1n : 0xffffffffn;
  const mask = m?.[2] ? ipToBigInt(m[2], v6) : full;
  if (mask === undefined) throw new RuleSyntaxError(`bad mask in "${text}"`);
  return { address, mask, v6, ...(m?.[3] ? { port: Number(m[3]) } : {}) };
}

export function ipToBigInt(text: string, v6: boolean): bigint | undefined {
  if (!v6) {
    const parts = text.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^[0-9]{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
  }
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (tail === undefined && h.length !== 8) return undefined;
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}
