import type { Directory, OperationEnv } from '../directory/index.ts';
import * as ops from '../directory/index.ts';
import { checkCriticalControls } from '../directory/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { OperationContext, RequestHandler } from '../server/handler.ts';
import { type AuditLog, describeWrite } from './audit.ts';
import { BindRateLimiter } from './bind-rate.ts';

const success = { resultCode: ResultCode.success } as const;

function envOf(ctx: OperationContext): OperationEnv {
  return {
    requester: {
      dn: ctx.session.identity.dn,
      ndn: ctx.session.identity.ndn,
      ssf: ctx.session.ssf,
      remoteAddress: ctx.session.remoteAddress,
    },
    controls: ctx.controls,
    aborted: () => ctx.aborted,
  };
}

export interface HandlerOptions {
  readonly audit?: AuditLog | undefined;
  /** Bind attempts per client address per minute (0: unlimited). */
  readonly bindRatePerMinute?: number;
  /** Refuse everything but bind and StartTLS on connections without TLS. */
  readonly requireTlsForAll?: boolean;
  /** Called on every bind outcome, for lockout and rate limiting. */
  readonly onBind?: (dn: string, ok: boolean, ctx: OperationContext) => void;
}

/** The server's RequestHandler over the directory engine: one call per operation. */
export function directoryHandler(dir: Directory, options: HandlerOptions = {}): RequestHandler {
  const limiter = new BindRateLimiter(options.bindRatePerMinute ?? 0);
  const audited = async <T>(
    ctx: OperationContext,
    request: Parameters<typeof describeWrite>[0],
    fn: () => Promise<T>,
  ): Promise<T> => {
    if (!options.audit) return fn();
    const who = ctx.session.identity.dn;
    const from = ctx.session.remoteAddress;
    try {
      const r = await fn();
      options.audit.write({ who, from, request: describeWrite(request), result: ResultCode.success });
      return r;
    } catch (e) {
      const code = LdapError.is(e) ? e.resultCode : ResultCode.other;
      options.audit.write({
        who,
        from,
        request: describeWrite(request),
        result: code,
        message: LdapError.is(e) ? e.diagnosticMessage : 'internal error',
      });
      throw e;
    }
  };
  const guard = (ctx: OperationContext): void => {
    if (options.requireTlsForAll && ctx.session.ssf === 0)
      throw new LdapError(ResultCode.confidentialityRequired, 'TLS confidentiality required');
  };
  return {
    async bind(request, ctx) {
      checkCriticalControls('bind', ctx.controls);
      if (!limiter.take(ctx.session.remoteAddress))
        throw new LdapError(ResultCode.busy, 'too many bind attempts from this address; try again later');
      try {
        const outcome = await ops.bind(dir, request, envOf(ctx).requester);
        options.onBind?.(request.name, true, ctx);
        return { ...success, identity: { dn: outcome.dn, ndn: outcome.ndn } };
      } catch (e) {
        options.onBind?.(request.name, false, ctx);
        throw e;
      }
    },
    async search(request, ctx, emit) {
      guard(ctx);
      const done = await ops.search(dir, request, envOf(ctx), {
        entry: (objectName, attributes) => emit.entry({ objectName, attributes }),
        entryEncoded: (objectName, encodedAttributes) => emit.entryEncoded(objectName, encodedAttributes),
      });
      return done;
    },
    async modify(request, ctx) {
      guard(ctx);
      checkCriticalControls('modify', ctx.controls);
      await audited(ctx, request, () => ops.modify(dir, request, envOf(ctx)));
      return success;
    },
    async add(request, ctx) {
      guard(ctx);
      checkCriticalControls('add', ctx.controls);
      await audited(ctx, request, () => ops.add(dir, request, envOf(ctx)));
      return success;
    },
    async delete(request, ctx) {
      guard(ctx);
      checkCriticalControls('delete', ctx.controls);
      await audited(ctx, request, () => ops.del(dir, request, envOf(ctx)));
      return success;
    },
    async modifyDN(request, ctx) {
      guard(ctx);
      checkCriticalControls('modifyDN', ctx.controls);
      await audited(ctx, request, () => ops.modifyDN(dir, request, envOf(ctx)));
      return success;
    },
    async compare(request, ctx) {
      guard(ctx);
      checkCriticalControls('compare', ctx.controls);
      const r = await ops.compare(dir, request, envOf(ctx));
      return { resultCode: r ? ResultCode.compareTrue : ResultCode.compareFalse };
    },
    async extended(request, ctx) {
      checkCriticalControls('extended', ctx.controls);
      if (request.requestName === ops.PASSWORD_MODIFY_OID) {
        guard(ctx);
        const value = await audited(ctx, { type: 'passwordModify', dn: ctx.session.identity.dn }, () =>
          ops.passwordModify(dir, request.requestValue, envOf(ctx)),
        );
        return value ? { ...success, responseValue: value } : success;
      }
      throw new LdapError(ResultCode.protocolError, `unsupported extended operation ${request.requestName}`);
    },
  };
}
