import type { Entry } from '../directory/entry.ts';
import type { AttributeType, SchemaRegistry } from '../schema/index.ts';

/**
 * OpenLDAP's `set=` language: sets of strings (mostly DNs) built from `this`
 * (the entry asked about), `user` (the requester), `[literal]`s and paths
 * `S/attr` (the values of `attr` in the entries named by S), combined with
 * `&` (intersection), `|` (union) and `+` (concatenation), left to right,
 * with parentheses. A clause matches when the set is not empty:
 * `set="this/manager/member & user"` — the requester is a member of a
 * group named by the entry's `manager`.
 */
export type SetExpr =
  | { readonly kind: 'this' }
  | { readonly kind: 'user' }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'path'; readonly from: SetExpr; readonly attribute: AttributeType | 'entrydn' }
  | { readonly kind: 'op'; readonly op: '&' | '|' | '+'; readonly left: SetExpr; readonly right: SetExpr };

export class SetSyntaxError extends Error {}

/** Parses a set expression; the literal's normalizer turns DN-looking literals into normalized DNs. */
export function parseSet(
  source: string,
  schema: SchemaRegistry,
  normalizeLiteral: (s: string) => string,
): SetExpr {
  let pos = 0;
  const skip = (): void => {
    while (pos < source.length && /\s/.test(source[pos]!)) pos++;
  };
  const fail = (what: string): never => {
    throw new SetSyntaxError(`set "${source}": ${what} at offset ${pos}`);
  };
  const primary = (): SetExpr => {
    skip();
    let expr: SetExpr;
    const ch = source[pos];
    if (ch === '(') {
      pos++;
      expr = sequence();
      skip();
      if (source[pos] !== ')') fail('expected ")"');
      pos++;
    } else if (ch === '[') {
      const end = source.indexOf(']', pos + 1);
      if (end < 0) fail('unterminated "["');
      expr = { kind: 'literal', value: normalizeLiteral(source.slice(pos + 1, end)) };
      pos = end + 1;
    } else {
      const word = /^[A-Za-z]+/.exec(source.slice(pos))?.[0] ?? '';
      const lower = word.toLowerCase();
      if (lower !== 'this' && lower !== 'user')
        fail(word ? `unknown word "${word}"` : 'expected this, user, [literal] or "("');
      expr = { kind: lower === 'this' ? 'this' : 'user' };
      pos += word.length;
    }
    for (;;) {
      skip();
      if (source[pos] !== '/') return expr;
      pos++;
      skip();
      const name = /^[A-Za-z0-9][A-Za-z0-9.;-]*/.exec(source.slice(pos))?.[0];
      if (!name) fail('expected an attribute name after "/"');
      pos += name!.length;
      if (name!.toLowerCase() === 'entrydn') {
        expr = { kind: 'path', from: expr, attribute: 'entrydn' };
        continue;
      }
      const type = schema.attributeType(name!.split(';')[0]!);
      if (!type) fail(`unknown attribute type "${name}"`);
      expr = { kind: 'path', from: expr, attribute: type! };
    }
  };
  const sequence = (): SetExpr => {
    let left = primary();
    for (;;) {
      skip();
      const op = source[pos];
      if (op !== '&' && op !== '|' && op !== '+') return left;
      pos++;
      left = { kind: 'op', op, left, right: primary() };
    }
  };
  const expr = sequence();
  skip();
  if (pos < source.length) fail(`unexpected "${source[pos]}"`);
  return expr;
}

export interface SetContext {
  readonly entry: Entry;
  readonly userNdn: string;
  /** Loaded entries by normalized DN; `undefined` means not loaded (the lookup is recorded as missing). */
  lookup(ndn: string): Entry | null | undefined;
  /** The normalized form of one value of `type` (DN syntax: the normalized DN). */
  normalize(type: AttributeType, value: Buffer): string;
}

/** Evaluates a set; entries the context has not loaded count as empty. */
export function evaluateSet(expr: SetExpr, ctx: SetContext): Set<string> {
  switch (expr.kind) {
    case 'this':
      return new Set([ctx.entry.ndn]);
    case 'user':
      return ctx.userNdn ? new Set([ctx.userNdn]) : new Set();
    case 'literal':
      return new Set([expr.value]);
    case 'path': {
      const out = new Set<string>();
      const from = expr.from.kind === 'this' ? null : evaluateSet(expr.from, ctx);
      const entries: Entry[] = [];
      if (from === null) entries.push(ctx.entry);
      else
        for (const ndn of from) {
          const e = ndn === ctx.entry.ndn ? ctx.entry : ctx.lookup(ndn);
          if (e) entries.push(e);
        }
      for (const e of entries) {
        if (expr.attribute === 'entrydn') {
          out.add(e.ndn);
          continue;
        }
        for (const v of e.attributes.get(expr.attribute.key)?.values ?? [])
          out.add(ctx.normalize(expr.attribute, v));
      }
      return out;
    }
    case 'op': {
      const l = evaluateSet(expr.left, ctx);
      const r = evaluateSet(expr.right, ctx);
      if (expr.op === '|') return new Set([...l, ...r]);
      if (expr.op === '&') return new Set([...l].filter((x) => r.has(x)));
      const out = new Set<string>();
      for (const a of l) for (const b of r) out.add(a + b);
      return out;
    }
  }
}

/** The DNs whose entries evaluating `expr` about `entry` will read (for loading them ahead). */
export function setLookups(expr: SetExpr, ctx: SetContext): string[] {
  const wanted: string[] = [];
  const probe: SetContext = {
    ...ctx,
    lookup: (ndn) => {
      const hit = ctx.lookup(ndn);
      if (hit === undefined) wanted.push(ndn);
      return hit;
    },
  };
  evaluateSet(expr, probe);
  return wanted;
}
