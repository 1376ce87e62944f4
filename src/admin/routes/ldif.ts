import { formatLdifRecord, LdifError, type LdifRecord, parseLdif } from '../../ldif/index.ts';
import { ModifyOperation } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { resultCodeName } from '../../protocol/result-code.ts';
import { Reply, type Route } from '../context.ts';
import type { DirectoryClient } from '../directory-client.ts';
import { ApiError } from '../errors.ts';
import { asObject, optionalBoolean, readJson, requireString, SECURITY_HEADERS } from '../http.ts';
import { listParam, scopeParam } from './params.ts';

/** One LDIF record through the directory as the client's identity (the same mapping `linden import` uses, audited). */
async function applyAs(client: DirectoryClient, record: LdifRecord): Promise<void> {
  switch (record.kind) {
    case 'content':
    case 'add':
      return client.add(record.dn, record.attributes);
    case 'delete':
      return client.del(record.dn);
    case 'modify':
      return client.modify(
        record.dn,
        record.changes.map((c) => ({
          operation: ModifyOperation[c.operation],
          modification: { type: c.type, values: c.values },
        })),
      );
    case 'modrdn':
      return client.modifyDN(record.dn, record.newRdn, record.deleteOldRdn, record.newSuperior);
  }
}

/** LDIF import (content or change records) and export of a subtree. */
export const ldifRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/ldif/import',
    auth: 'session',
    async handle(ctx) {
      const body = asObject(await readJson(ctx.req));
      const text = requireString(body, 'ldif');
      const continueOnError = optionalBoolean(body, 'continueOnError') ?? false;
      let records: LdifRecord[];
      try {
        records = parseLdif(text);
      } catch (e) {
        if (e instanceof LdifError) throw ApiError.badRequest(e.message);
        throw e;
      }
      const client = ctx.client();
      let applied = 0;
      const errors: { line: number; dn: string; resultCode: number; resultName: string; message: string }[] =
        [];
      for (const record of records) {
        try {
          await applyAs(client, record);
          applied++;
        } catch (e) {
          if (!LdapError.is(e)) throw e;
          errors.push({
            line: record.line,
            dn: record.dn,
            resultCode: e.resultCode,
            resultName: resultCodeName(e.resultCode),
            message: e.diagnosticMessage,
          });
          if (!continueOnError) break;
        }
      }
      return new Reply(errors.length ? 207 : 200, { records: records.length, applied, errors });
    },
  },
  {
    method: 'GET',
    path: '/api/ldif/export',
    auth: 'session',
    async handle(ctx) {
      const q = ctx.url.searchParams;
      const base = q.get('base') ?? ctx.app.directory.suffixes[0]?.dn ?? '';
      const operational = q.get('operational') === 'true';
      const r = await ctx.client().search({
        base,
        scope: scopeParam(ctx.url),
        filter: q.get('filter') || '(objectClass=*)',
        attributes: listParam(ctx.url, 'attrs') ?? (operational ? ['*', '+'] : ['*']),
      });
      let text = 'version: 1\n\n';
      for (const e of r.entries)
        text += formatLdifRecord({
          kind: 'content',
          dn: e.dn,
          line: 0,
          attributes: e.attributes.map((a) => ({ type: a.type, values: [...a.values] })),
        });
      const name = `${base.split(',')[0]?.replace(/[^A-Za-z0-9_.=-]/g, '_') || 'export'}.ldif`;
      ctx.res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(text),
      });
      ctx.res.end(text);
      return undefined;
    },
  },
];
