import { type Decision, explain, RulesAccessPolicy } from '../../access/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import type { Route } from '../context.ts';
import { ApiError } from '../errors.ts';

/**
 * GET /api/explain?dn=…&as=…[&attr=…][&value=…]: which rule decides what `as`
 * may do with the entry, as `linden acl explain` prints it. Administrators
 * only: the answer shows the rules themselves.
 */
export const explainRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/explain',
    auth: 'admin',
    async handle(ctx) {
      const dir = ctx.app.directory;
      const policy = dir.access;
      if (!(policy instanceof RulesAccessPolicy))
        throw new ApiError(
          ResultCode.unwillingToPerform,
          'the access policy in use is not rule-based, so there are no rules to explain; configure access.rules (or access.file)',
          501,
        );
      const q = ctx.url.searchParams;
      const dn = q.get('dn') ?? '';
      const as = q.get('as') ?? '';
      const attr = q.get('attr') || undefined;
      const value = q.get('value') ?? undefined;
      let ndn: string;
      try {
        ndn = dir.dn.normalize(dn);
      } catch {
        throw new LdapError(ResultCode.invalidDNSyntax, 'invalid DN');
      }
      const entry = await dir.read((txn) => dir.loadByNdn(txn, ndn));
      if (!entry) throw new LdapError(ResultCode.noSuchObject, '');
      let explanations: Awaited<ReturnType<typeof explain>>;
      try {
        explanations = await explain(policy.rules, policy.env, {
          as,
          entry,
          ...(attr ? { attr } : {}),
          ...(value !== undefined && attr ? { value } : {}),
          ssf: Number(q.get('ssf') ?? 0) || 0,
          loadEntry: (n) => dir.read((txn) => dir.loadByNdn(txn, n)),
        });
      } catch (e) {
        if (e instanceof Error && !LdapError.is(e)) throw ApiError.badRequest(e.message);
        throw e;
      }
      return {
        as,
        dn: entry.dn,
        explanations: explanations.map((x) => ({
          attribute: x.attribute,
          ...(x.value !== undefined ? { value: x.value } : {}),
          level: x.level,
          privileges: x.privileges,
          rule: describeRule(x.decision),
        })),
      };
    },
  },
];

/** Which rule and clause decided, in the words `linden acl explain` uses. */
function describeRule(d: Decision): string {
  if (!d.rule) return 'no rule matched: default deny';
  const where = `rule ${d.rule.index}${d.rule.line === undefined ? '' : ` (line ${d.rule.line})`} "to ${d.rule.whatText}"`;
  if (d.fellThrough) return `${where}: "break" with no later rule: denied`;
  if (d.clause) return `${where}, clause ${d.clauseIndex} "${d.clause.text}"`;
  return `${where}, no clause matched: implicit "by * none"`;
}
