import type { Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ENTRY_TEMPLATES } from '../templates.ts';

/** GET /api/templates lists what the console creates; GET /api/next-id tells the next free uid/gid number. */
export const templateRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/templates',
    auth: 'session',
    async handle() {
      return { templates: ENTRY_TEMPLATES };
    },
  },
  {
    method: 'GET',
    path: '/api/next-id',
    auth: 'session',
    async handle(ctx) {
      const attribute = ctx.url.searchParams.get('attribute') ?? 'uidNumber';
      if (!/^(uidNumber|gidNumber)$/i.test(attribute))
        throw ApiError.badRequest('attribute is uidNumber or gidNumber');
      return { attribute, next: await ctx.app.allocator.next(ctx.client(), attribute, false) };
    },
  },
];
