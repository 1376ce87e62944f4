import type { Route } from '../context.ts';
import { entryToJson } from '../entry-json.ts';
import { ApiError } from '../errors.ts';
import { intParam, listParam, scopeParam } from './params.ts';

/** GET /api/search: a search as the logged-in identity, optionally one page at a time. */
export const searchRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/search',
    auth: 'session',
    async handle(ctx) {
      const q = ctx.url.searchParams;
      const base = q.get('base') ?? ctx.app.directory.suffixes[0]?.dn ?? '';
      const filter = q.get('filter') || '(objectClass=*)';
      if (filter.length > 10_000) throw ApiError.badRequest('the filter is too long');
      const pageSize = intParam(ctx.url, 'pageSize', 0, 1000);
      const cookie = q.get('cookie') ?? undefined;
      const r = await ctx.client().search({
        base,
        scope: scopeParam(ctx.url),
        filter,
        attributes: listParam(ctx.url, 'attrs') ?? ['*'],
        sizeLimit: intParam(ctx.url, 'sizeLimit', 0),
        ...(pageSize ? { pageSize } : {}),
        ...(cookie ? { cookie } : {}),
      });
      return {
        entries: r.entries.map((e) => entryToJson(ctx.app.directory.schema, e)),
        resultCode: r.resultCode,
        message: r.message,
        ...(r.cookie ? { cookie: r.cookie } : {}),
      };
    },
  },
];
