import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode, resultCodeName } from '../../protocol/result-code.ts';
import { Reply, type Route } from '../context.ts';
import { ApiError, notLoggedIn } from '../errors.ts';
import { asObject, readJson, requireString } from '../http.ts';
import { login } from '../login.ts';
import { clearedSessionCookie, type Session, sessionCookie } from '../session.ts';

function describe(session: Session, idleSeconds: number) {
  return {
    dn: session.dn,
    admin: session.admin,
    csrfToken: session.csrfToken,
    idleTimeoutSeconds: idleSeconds,
  };
}

/** POST /api/session logs in; GET says who is logged in; DELETE logs out. */
export const sessionRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/session',
    auth: 'public',
    async handle(ctx) {
      const body = asObject(await readJson(ctx.req, 64 * 1024));
      const user = requireString(body, 'user');
      const password = typeof body.password === 'string' ? body.password : '';
      delete body.password;
      if (!ctx.app.loginLimiter.take(ctx.remoteAddress)) {
        ctx.app.metrics.logins.inc({ result: 'busy' });
        throw new ApiError(
          ResultCode.busy,
          'too many login attempts from this address; try again later',
          429,
        );
      }
      let identity: Awaited<ReturnType<typeof login>>;
      try {
        identity = await login(ctx.app.directory, user, password, {
          ssf: ctx.app.secure ? 256 : 0,
          remoteAddress: ctx.remoteAddress,
        });
      } catch (e) {
        const code = LdapError.is(e) ? e.resultCode : ResultCode.other;
        ctx.app.metrics.logins.inc({ result: resultCodeName(code) });
        ctx.app.logger.info({ user, from: ctx.remoteAddress, result: code }, 'console login refused');
        if (code === ResultCode.invalidCredentials)
          throw new ApiError(code, 'wrong user name or password', 401);
        throw e;
      }
      // A fresh id at every login: a session id planted before login is never promoted.
      const old = ctx.session;
      if (old) ctx.app.sessions.destroy(old.id);
      const session = ctx.app.sessions.create(identity);
      ctx.app.metrics.logins.inc({ result: 'success' });
      ctx.app.logger.info({ dn: identity.dn, from: ctx.remoteAddress }, 'console login');
      return new Reply(200, describe(session, ctx.app.sessions.idleMs / 1000), {
        'set-cookie': sessionCookie(session.id, ctx.app.secure),
      });
    },
  },
  {
    method: 'GET',
    path: '/api/session',
    auth: 'public',
    async handle(ctx) {
      if (!ctx.session) throw notLoggedIn();
      return describe(ctx.session, ctx.app.sessions.idleMs / 1000);
    },
  },
  {
    method: 'DELETE',
    path: '/api/session',
    auth: 'session',
    async handle(ctx) {
      ctx.app.sessions.destroy(ctx.session!.id);
      return new Reply(204, undefined, { 'set-cookie': clearedSessionCookie(ctx.app.secure) });
    },
  },
];
