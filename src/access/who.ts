import type { Entry } from '../directory/entry.ts';
import { parentDn } from '../dn/index.ts';
import type { AttributeType } from '../schema/index.ts';
import { ipToBigInt, normalizeLiteral } from './parse-who.ts';
import { cachedPosixRegex, expandSubmatches, type Submatches } from './regex.ts';
import type { RuleEnvironment } from './rule-environment.ts';
import type { IpPattern, Who } from './rule-model.ts';
import { evaluateSet, parseSet } from './sets.ts';
import { dnInStyle, type Target } from './what.ts';

/** Who asks, as the rules see it. */
export interface Subject {
  /** Normalized DN; `''` when anonymous. */
  readonly ndn: string;
  readonly ssf: number;
  readonly remoteAddress?: string;
}

/** Entries the rules read besides the target: loaded ahead, because checks are synchronous. */
export interface Lookups {
  /** The entry, `null` when it does not exist, `undefined` when it was not loaded. */
  get(ndn: string): Entry | null | undefined;
  /** Records an entry that was needed but not loaded (the clause then does not match). */
  miss(ndn: string): void;
}

export interface WhoContext {
  readonly env: RuleEnvironment;
  readonly subject: Subject;
  readonly target: Target;
  readonly submatches: Submatches;
  readonly lookups: Lookups;
  valueKey(type: AttributeType, value: Buffer): string;
}

/** OpenLDAP's acl_check_who: every condition of the clause must hold. */
export function matchWho(who: Who, ctx: WhoContext): boolean {
  const { subject, target } = ctx;
  const user = subject.ndn;
  if (who.anonymous && user !== '') return false;
  if (who.users && user === '') return false;
  if (who.self && !matchSelf(who.self.level, user, target.entry.ndn)) return false;
  if (who.dn && !matchDn(who.dn, ctx)) return false;
  if (who.dnattr) {
    if (user === '') return false;
    const values = target.entry.attributes.get(who.dnattr.key)?.values ?? [];
    if (!values.some((v) => ctx.valueKey(who.dnattr!, v) === user)) return false;
  }
  if (who.group && !matchGroup(who.group, ctx)) return false;
  if (who.set) {
    let expr = who.set.expr;
    if (who.set.expand) {
      const text = expandSubmatches(who.set.source, ctx.submatches);
      if (text === undefined) return false;
      try {
        expr = parseSet(text, ctx.env.schema, (s) => normalizeLiteral(ctx.env, s));
      } catch {
        return false;
      }
    }
    const result = evaluateSet(expr, {
      entry: target.entry,
      userNdn: user,
      lookup: (ndn) => lookup(ctx, ndn),
      normalize: ctx.valueKey,
    });
    if (result.size === 0) return false;
  }
  if (who.ssf !== undefined && subject.ssf < who.ssf) return false;
  // Linden has no SASL security layers.
  if (who.saslSsf !== undefined) return false;
  if (who.peername && !matchPeername(who.peername, subject.remoteAddress)) return false;
  return true;
}

function lookup(ctx: WhoContext, ndn: string): Entry | null | undefined {
  if (ndn === ctx.target.entry.ndn) return ctx.target.entry;
  const hit = ctx.lookups.get(ndn);
  if (hit === undefined) ctx.lookups.miss(ndn);
  return hit;
}

/** `self.level{n}`: positive n climbs from the requester's DN, negative from the target's. */
function matchSelf(level: number, user: string, target: string): boolean {
  if (user === '') return false;
  let climb = level >= 0 ? user : target;
  const other = level >= 0 ? target : user;
  for (let n = Math.abs(level); n > 0; n--) {
    const p = climb === '' ? undefined : parentDn(climb);
    if (p === undefined || p === '') return false;
    climb = p;
  }
  return climb === other;
}

function matchDn(dn: NonNullable<Who['dn']>, ctx: WhoContext): boolean {
  const user = ctx.subject.ndn;
  if (dn.style === 'regex') {
    const text = expandSubmatches(dn.pattern, ctx.submatches);
    if (text === undefined) return false;
    try {
      return cachedPosixRegex(text).test(user);
    } catch {
      return false;
    }
  }
  let pattern = dn.pattern;
  if (dn.expand) {
    const text = expandSubmatches(dn.pattern, ctx.submatches);
    if (text === undefined) return false;
    try {
      pattern = ctx.env.normalizeDn(text);
    } catch {
      return false;
    }
  }
  if (user === '' && pattern !== '') return false;
  return dnInStyle(user, dn.style, pattern);
}

/** OpenLDAP's backend_group for static groups: the group entry has the class and lists the requester. */
function matchGroup(group: NonNullable<Who['group']>, ctx: WhoContext): boolean {
  const user = ctx.subject.ndn;
  if (user === '') return false;
  let ndn = group.pattern;
  if (group.expand) {
    const text = expandSubmatches(group.pattern, ctx.submatches);
    if (text === undefined) return false;
    try {
      ndn = ctx.env.normalizeDn(text);
    } catch {
      return false;
    }
  }
  const entry = lookup(ctx, ndn);
  if (!entry) return false;
  const classes = entry.attributes.get('objectclass')?.values ?? [];
  const hasClass = classes.some((v) => {
    const oc = ctx.env.schema.objectClass(v.toString('utf8'));
    return oc?.isSubclassOf(group.objectClass);
  });
  if (!hasClass) return false;
  const values = entry.attributes.get(group.attribute.key)?.values ?? [];
  return values.some((v) => ctx.valueKey(group.attribute, v) === user);
}

function matchPeername(p: NonNullable<Who['peername']>, address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  const v6 = bare.includes(':');
  const form = v6 ? `IP=[${bare}]` : `IP=${bare}`;
  switch (p.style) {
    case 'exact':
      // Linden does not pass the client's port: the pattern matches with or without it.
      return (
        p.pattern.toLowerCase() === form.toLowerCase() ||
        p.pattern.toLowerCase().startsWith(`${form.toLowerCase()}:`)
      );
    case 'regex':
      return cachedPosixRegex(p.pattern).test(form);
    case 'ip':
    case 'ipv6':
      return matchIp(p.ip!, bare, v6);
  }
}

function matchIp(ip: IpPattern, address: string, v6: boolean): boolean {
  if (ip.v6 !== v6) return false;
  const n = ipToBigInt(address, v6);
  return n !== undefined && (n & ip.mask) === ip.address;
}
