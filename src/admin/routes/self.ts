import { escapeFilterValue } from '../../filter/index.ts';
import { ModifyOperation } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import type { Route, RouteContext } from '../context.ts';
import type { DirectoryClient, FoundEntry } from '../directory-client.ts';
import { allStrings, entryToJson, firstString } from '../entry-json.ts';
import { ApiError } from '../errors.ts';
import { asObject, readJson, requireString } from '../http.ts';
import { entryRights, mayAddValue } from '../rights.ts';

/** The membership attribute of a group entry, and the value that names `me` in it. */
function membership(objectClasses: readonly string[], me: { dn: string; uid: string | undefined }) {
  const has = (c: string) => objectClasses.some((o) => o.toLowerCase() === c);
  if (has('groupofnames')) return { attribute: 'member', value: me.dn };
  if (has('groupofuniquenames')) return { attribute: 'uniqueMember', value: me.dn };
  if (has('posixgroup') && me.uid) return { attribute: 'memberUid', value: me.uid };
  return undefined;
}

interface GroupSummary {
  dn: string;
  cn: string | undefined;
  description: string | undefined;
  attribute: string;
}

const GROUP_ATTRS = ['cn', 'description', 'objectClass'];
const GROUP_FILTER = '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))';

/**
 * The groups `me` is in, and the groups it may join (the access rules let it
 * add itself). Membership comes from the entry's own memberOf (kept by the
 * memberOf overlay; readable where the group's member list may not be) and,
 * for posixGroups, from a memberUid search.
 */
async function groupsOf(ctx: RouteContext, client: DirectoryClient) {
  const me = client.requester;
  const own = await client.read(me.dn, ['uid', 'memberOf']).catch(() => undefined);
  const uid = own ? firstString(own, 'uid') : undefined;
  const member: GroupSummary[] = [];
  const seen = new Set<string>();
  const summary = (e: FoundEntry): GroupSummary | undefined => {
    const m = membership(allStrings(e, 'objectClass'), { dn: me.dn, uid });
    return m
      ? {
          dn: e.dn,
          cn: firstString(e, 'cn'),
          description: firstString(e, 'description'),
          attribute: m.attribute,
        }
      : undefined;
  };
  for (const dn of own ? allStrings(own, 'memberOf') : []) {
    const g = await client.read(dn, ['cn', 'description', 'objectClass']).catch(() => undefined);
    const s = g ? summary(g) : undefined;
    if (s) member.push(s);
    seen.add(dn.toLowerCase());
  }
  const candidates: GroupSummary[] = [];
  for (const suffix of ctx.app.directory.suffixes) {
    if (uid) {
      const posix = await client
        .search({
          base: suffix.dn,
          scope: 2,
          filter: `(&(objectClass=posixGroup)(memberUid=${escapeFilterValue(uid)}))`,
          attributes: GROUP_ATTRS,
          sizeLimit: 500,
        })
        .catch(() => ({ entries: [] }));
      for (const e of posix.entries) {
        const s = summary(e);
        if (s && !seen.has(e.dn.toLowerCase())) member.push(s);
        seen.add(e.dn.toLowerCase());
      }
    }
    const all = await client
      .search({ base: suffix.dn, scope: 2, filter: GROUP_FILTER, attributes: GROUP_ATTRS, sizeLimit: 500 })
      .catch(() => ({ entries: [] }));
    for (const e of all.entries) {
      if (seen.has(e.dn.toLowerCase())) continue;
      const s = summary(e);
      if (s) candidates.push(s);
    }
  }
  const open: GroupSummary[] = [];
  for (const attribute of ['member', 'uniqueMember', 'memberUid']) {
    const these = candidates.filter((c) => c.attribute === attribute);
    if (!these.length) continue;
    const value = attribute === 'memberUid' ? uid! : me.dn;
    const joinable = new Set(
      await mayAddValue(
        ctx.app.directory,
        me,
        these.map((c) => c.dn),
        attribute,
        Buffer.from(value),
      ),
    );
    open.push(...these.filter((c) => joinable.has(c.dn)));
  }
  return { member, open, uid };
}

async function changeMembership(ctx: RouteContext, operation: ModifyOperation): Promise<{ dn: string }> {
  const client = ctx.client();
  const groupDn = ctx.params.dn!;
  const group = await client.read(groupDn, ['objectClass']);
  const own = await client.read(client.requester.dn, ['uid']).catch(() => undefined);
  const m = membership(allStrings(group, 'objectClass'), {
    dn: client.requester.dn,
    uid: own ? firstString(own, 'uid') : undefined,
  });
  if (!m) throw new LdapError(ResultCode.unwillingToPerform, 'not a group you can be a member of');
  await client.modify(groupDn, [
    { operation, modification: { type: m.attribute, values: [Buffer.from(m.value)] } },
  ]);
  return { dn: groupDn };
}

/** Self-service: one's own entry and rights, password, and groups. */
export const selfRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/self',
    auth: 'session',
    async handle(ctx) {
      const client = ctx.client();
      if (ctx.session!.admin && !(await client.read(client.requester.dn).catch(() => undefined)))
        return { dn: client.requester.dn, entry: undefined, rights: undefined, admin: true };
      const entry = await client.read(client.requester.dn, ['*', '+']);
      const rights = await entryRights(ctx.app.directory, client.requester, client.requester.dn);
      return {
        dn: entry.dn,
        entry: entryToJson(ctx.app.directory.schema, entry),
        rights,
        admin: ctx.session!.admin,
      };
    },
  },
  {
    method: 'POST',
    path: '/api/self/password',
    auth: 'session',
    async handle(ctx) {
      const body = asObject(await readJson(ctx.req, 64 * 1024));
      const oldPassword = requireString(body, 'oldPassword');
      const newPassword = requireString(body, 'newPassword');
      const client = ctx.client();
      try {
        await client.passwordModify({
          oldPasswd: Buffer.from(oldPassword, 'utf8'),
          newPasswd: Buffer.from(newPassword, 'utf8'),
        });
      } catch (e) {
        if (LdapError.is(e) && /old password/.test(e.diagnosticMessage))
          throw new ApiError(e.resultCode, e.diagnosticMessage, 400);
        throw e;
      }
      return { dn: client.requester.dn };
    },
  },
  {
    method: 'GET',
    path: '/api/self/groups',
    auth: 'session',
    async handle(ctx) {
      const { member, open } = await groupsOf(ctx, ctx.client());
      return { member, open };
    },
  },
  {
    method: 'POST',
    path: '/api/self/groups/:dn',
    auth: 'session',
    handle: (ctx) => changeMembership(ctx, ModifyOperation.add),
  },
  {
    method: 'DELETE',
    path: '/api/self/groups/:dn',
    auth: 'session',
    handle: (ctx) => changeMembership(ctx, ModifyOperation.delete),
  },
];
