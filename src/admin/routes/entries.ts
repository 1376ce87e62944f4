import { type Change, ModifyOperation } from '../../protocol/index.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { Reply, type Route } from '../context.ts';
import { entryToJson } from '../entry-json.ts';
import { ApiError } from '../errors.ts';
import { asObject, optionalBoolean, optionalString, readJson, requireString } from '../http.ts';
import { entryRights } from '../rights.ts';
import { attributesFromJson, fromJsonValue } from '../values.ts';
import { intParam } from './params.ts';

const OPS: Readonly<Record<string, ModifyOperation>> = {
  add: ModifyOperation.add,
  delete: ModifyOperation.delete,
  replace: ModifyOperation.replace,
  increment: ModifyOperation.increment,
};

function changesFromJson(body: Record<string, unknown>): Change[] {
  const list = body.changes;
  if (!Array.isArray(list) || list.length === 0)
    throw ApiError.badRequest('"changes" must be a non-empty array');
  return list.map((raw, i) => {
    const c = asObject(raw, `changes[${i}]`);
    const operation = OPS[String(c.op)];
    if (operation === undefined)
      throw ApiError.badRequest(`changes[${i}].op is one of add, delete, replace, increment`);
    const type = requireString(c, 'type');
    const values = c.values === undefined ? [] : Array.isArray(c.values) ? c.values : [c.values];
    return {
      operation,
      modification: {
        type,
        values: values.filter((v) => v !== '').map((v, j) => fromJsonValue(v, `changes[${i}].values[${j}]`)),
      },
    };
  });
}

/** The value of an entry's RDN (`people` for `ou=people,…`), what a subtree delete asks to be typed. */
function rdnValue(dn: string): string {
  const first = /^[^=]+=((?:\\.|[^,+\\])*)/.exec(dn)?.[1] ?? dn;
  return first.replace(/\\(.)/g, '$1');
}

/** Entries: read, create, change, rename and move, delete. */
export const entryRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/roots',
    auth: 'session',
    async handle(ctx) {
      return { suffixes: ctx.app.directory.suffixes.map((s) => s.dn) };
    },
  },
  {
    method: 'GET',
    path: '/api/entries/:dn',
    auth: 'session',
    async handle(ctx) {
      const entry = await ctx.client().read(ctx.params.dn!, ['*', '+']);
      return entryToJson(ctx.app.directory.schema, entry);
    },
  },
  {
    method: 'GET',
    path: '/api/entries/:dn/children',
    auth: 'session',
    async handle(ctx) {
      const pageSize = intParam(ctx.url, 'pageSize', 100, 1000) || 100;
      const cookie = ctx.url.searchParams.get('cookie') ?? undefined;
      const r = await ctx.client().search({
        base: ctx.params.dn!,
        scope: 1,
        filter: '(objectClass=*)',
        attributes: ['objectClass', 'hasSubordinates'],
        pageSize,
        ...(cookie ? { cookie } : {}),
      });
      return {
        children: r.entries.map((e) => ({
          dn: e.dn,
          objectClass: e.attributes
            .filter((a) => a.type.toLowerCase() === 'objectclass')
            .flatMap((a) => a.values.map(String)),
          hasSubordinates:
            e.attributes.find((a) => a.type.toLowerCase() === 'hassubordinates')?.values[0]?.toString() !==
            'FALSE',
        })),
        ...(r.cookie ? { cookie: r.cookie } : {}),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/entries/:dn/rights',
    auth: 'session',
    async handle(ctx) {
      return entryRights(ctx.app.directory, ctx.client().requester, ctx.params.dn!);
    },
  },
  {
    method: 'POST',
    path: '/api/entries',
    auth: 'session',
    async handle(ctx) {
      const body = asObject(await readJson(ctx.req));
      const dn = requireString(body, 'dn');
      const attributes = attributesFromJson(body.attributes);
      const client = ctx.client();
      const allocated: Record<string, string> = {};
      const allocate = Array.isArray(body.allocate) ? body.allocate.map(String) : [];
      for (const name of allocate) {
        if (!/^(uidNumber|gidNumber)$/i.test(name))
          throw ApiError.badRequest('allocate may name uidNumber and gidNumber');
        if (attributes.some((a) => a.type.toLowerCase() === name.toLowerCase())) continue;
        const n = String(await ctx.app.allocator.next(client, name));
        attributes.push({ type: name, values: [Buffer.from(n)] });
        allocated[name] = n;
      }
      await client.add(dn, attributes);
      return new Reply(201, { dn, allocated }, { location: `/api/entries/${encodeURIComponent(dn)}` });
    },
  },
  {
    method: 'PATCH',
    path: '/api/entries/:dn',
    auth: 'session',
    async handle(ctx) {
      const changes = changesFromJson(asObject(await readJson(ctx.req)));
      await ctx.client().modify(ctx.params.dn!, changes);
      return { dn: ctx.params.dn };
    },
  },
  {
    method: 'POST',
    path: '/api/entries/:dn/rename',
    auth: 'session',
    async handle(ctx) {
      const body = asObject(await readJson(ctx.req));
      const newRdn = requireString(body, 'newRdn');
      const newSuperior = optionalString(body, 'newSuperior') || undefined;
      const deleteOldRdn = optionalBoolean(body, 'deleteOldRdn') ?? true;
      await ctx.client().modifyDN(ctx.params.dn!, newRdn, deleteOldRdn, newSuperior);
      const parent = newSuperior ?? ctx.params.dn!.slice(ctx.params.dn!.search(/(?<!\\),/) + 1);
      return { dn: `${newRdn},${parent}` };
    },
  },
  {
    method: 'DELETE',
    path: '/api/entries/:dn',
    auth: 'session',
    async handle(ctx) {
      const dn = ctx.params.dn!;
      const client = ctx.client();
      if (ctx.url.searchParams.get('subtree') !== 'true') {
        await client.del(dn);
        return { deleted: 1 };
      }
      // A whole subtree only when the caller typed the entry's name (its RDN value or the DN).
      const confirm = (ctx.url.searchParams.get('confirm') ?? '').trim().toLowerCase();
      if (confirm === '' || (confirm !== rdnValue(dn).toLowerCase() && confirm !== dn.toLowerCase()))
        throw new ApiError(
          ResultCode.unwillingToPerform,
          `type the entry's name ("${rdnValue(dn)}") to delete its subtree`,
          400,
        );
      const found = await client.search({
        base: dn,
        scope: 2,
        filter: '(objectClass=*)',
        attributes: ['1.1'],
      });
      const depth = (d: string) => ctx.app.directory.dn.parse(d).rdns.length;
      const order = found.entries.map((e) => e.dn).sort((a, b) => depth(b) - depth(a));
      for (const d of order) await client.del(d);
      return { deleted: order.length };
    },
  },
  {
    method: 'POST',
    path: '/api/entries/:dn/password',
    auth: 'session',
    async handle(ctx) {
      const body = asObject(await readJson(ctx.req, 64 * 1024));
      const newPassword = optionalString(body, 'newPassword');
      const generated = await ctx.client().passwordModify({
        userIdentity: ctx.params.dn!,
        ...(newPassword ? { newPasswd: Buffer.from(newPassword, 'utf8') } : {}),
      });
      return generated === undefined
        ? { dn: ctx.params.dn }
        : { dn: ctx.params.dn, generatedPassword: generated };
    },
  },
];
