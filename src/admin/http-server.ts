import { readFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { LindenConfig } from '../config/index.ts';
import type { Directory } from '../directory/index.ts';
import type { LdapServer } from '../server/index.ts';
import { MIN_TLS_VERSION } from '../server/index.ts';
import type { AuditLog } from '../service/audit.ts';
import { BindRateLimiter } from '../service/bind-rate.ts';
import type { Store } from '../store/index.ts';
import { type AdminApp, Reply, type RouteContext } from './context.ts';
import { checkCsrf, checkOrigin, isStateChanging } from './csrf.ts';
import { DirectoryClient } from './directory-client.ts';
import { ApiError, notLoggedIn, toApiError } from './errors.ts';
import { readiness } from './health.ts';
import { readCookie, SECURITY_HEADERS, sendError, sendJson, sendText } from './http.ts';
import { NumberAllocator } from './id-numbers.ts';
import { createMetrics } from './metrics.ts';
import { Router } from './router.ts';
import { entryRoutes } from './routes/entries.ts';
import { explainRoutes } from './routes/explain.ts';
import { ldifRoutes } from './routes/ldif.ts';
import { schemaRoutes } from './routes/schema.ts';
import { searchRoutes } from './routes/search.ts';
import { selfRoutes } from './routes/self.ts';
import { sessionRoutes } from './routes/session.ts';
import { templateRoutes } from './routes/templates.ts';
import { SESSION_COOKIE, SessionStore } from './session.ts';
import { ConsoleAssets } from './static.ts';

export interface HttpServerOptions {
  readonly directory: Directory;
  /** The LDAP server whose counters /metrics reports (absent: LDAP metrics read zero). */
  readonly ldapServer?: LdapServer | undefined;
  readonly config: LindenConfig;
  readonly logger: Logger;
  /** The store /readyz and the size metrics look at (default: the directory's). */
  readonly store?: Store;
  readonly audit?: AuditLog | undefined;
  /** `host:port` to listen on (default: config.listen.http). */
  readonly listen?: string;
  /** Seconds a console session may stay idle (default: 900, 15 minutes). */
  readonly sessionIdleSeconds?: number;
}

export interface RunningHttpServer {
  /** `http://host:port` or `https://host:port`. */
  readonly url: string;
  readonly sessions: SessionStore;
  /** Re-read the TLS certificate and key (HTTPS only). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Default idle timeout of a console session: 15 minutes. */
export const DEFAULT_SESSION_IDLE_SECONDS = 900;

const ROUTES = new Router([
  ...sessionRoutes,
  ...entryRoutes,
  ...searchRoutes,
  ...schemaRoutes,
  ...templateRoutes,
  ...selfRoutes,
  ...ldifRoutes,
  ...explainRoutes,
]);

function splitHostPort(value: string): { host: string; port: number } {
  const i = value.lastIndexOf(':');
  return { host: value.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(value.slice(i + 1)) };
}

/**
 * The HTTP(S) listener: the web console, the JSON API it uses, Prometheus
 * `/metrics`, `/healthz` and `/readyz`. HTTPS when the configuration names a
 * certificate and key (the LDAP listener's own).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { config, directory, logger } = options;
  const store = options.store ?? directory.store;
  const tlsFiles =
    config.tls.certFile && config.tls.keyFile
      ? { cert: config.tls.certFile, key: config.tls.keyFile }
      : undefined;
  const secure = tlsFiles !== undefined;
  const sessions = new SessionStore(options.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS);
  const metrics = createMetrics({ ldapServer: options.ldapServer, store });
  const app: AdminApp = {
    directory,
    logger: logger.child({ component: 'http' }),
    sessions,
    loginLimiter: new BindRateLimiter(config.limits.bindRatePerMinute),
    allocator: new NumberAllocator(),
    metrics,
    audit: options.audit,
    secure,
  };
  const assets = new ConsoleAssets();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    res.on('finish', () =>
      metrics.httpRequests.inc({ method: req.method ?? 'GET', status: String(res.statusCode) }),
    );
    handle(app, assets, store, req, res).catch((e: unknown) => {
      app.logger.error({ err: e, url: req.url }, 'HTTP request failed');
      if (!res.headersSent) sendError(res, toApiError(e));
      else res.destroy();
    });
  };

  let server: Server | HttpsServer;
  if (tlsFiles) {
    const [cert, key] = await Promise.all([readFile(tlsFiles.cert), readFile(tlsFiles.key)]);
    server = createHttpsServer({ cert, key, minVersion: MIN_TLS_VERSION }, handler);
  } else server = createHttpServer(handler);
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 5_000;

  const { host, port } = splitHostPort(options.listen ?? config.listen.http);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${secure ? 'https' : 'http'}://${shownHost}:${address.port}`;
  app.logger.info({ url }, 'console and HTTP API listening');

  return {
    url,
    sessions,
    async reload() {
      if (!tlsFiles || !('setSecureContext' in server)) return;
      const [cert, key] = await Promise.all([readFile(tlsFiles.cert), readFile(tlsFiles.key)]);
      server.setSecureContext({ cert, key, minVersion: MIN_TLS_VERSION });
    },
    async close() {
      sessions.close();
      metrics.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handle(
  app: AdminApp,
  assets: ConsoleAssets,
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://linden.invalid');
  const path = url.pathname;
  const head = method === 'HEAD';

  if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    const r = await readiness(store);
    return sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'unavailable', ...r });
  }
  if (path === '/metrics') {
    const text = await app.metrics.registry.metrics();
    return sendText(res, 200, text, app.metrics.registry.contentType, { 'cache-control': 'no-store' });
  }
  if (!path.startsWith('/api/')) {
    if (method !== 'GET' && !head) return sendError(res, new ApiError(2, 'not found', 404));
    if (path === '/' || path === '/index.html') {
      if (assets.serve(res, 'index.html', head)) return;
    } else if (path.startsWith('/console/') && assets.serve(res, path.slice('/console/'.length), head))
      return;
    if (path === '/favicon.ico') {
      res.writeHead(204, SECURITY_HEADERS);
      res.end();
      return;
    }
    return sendError(res, new ApiError(32, `no such page: ${path}`, 404));
  }

  const match = ROUTES.match(method, path);
  if (!match) return sendError(res, new ApiError(32, `no such API endpoint: ${method} ${path}`, 404));
  const session = app.sessions.touch(readCookie(req, SESSION_COOKIE));
  const remoteAddress = req.socket.remoteAddress ?? '';
  try {
    if (isStateChanging(method)) checkOrigin(req);
    if (match.route.auth !== 'public') {
      if (!session) throw notLoggedIn();
      if (isStateChanging(method)) checkCsrf(req, session);
      if (match.route.auth === 'admin' && !session.admin)
        throw new ApiError(50, 'only the directory administrator may use this', 403);
    }
    const ctx: RouteContext = {
      app,
      req,
      res,
      url,
      params: match.params,
      remoteAddress,
      session,
      client() {
        if (!session) throw notLoggedIn();
        return new DirectoryClient(
          app.directory,
          { dn: session.dn, ndn: session.ndn, ssf: app.secure ? 256 : 0, remoteAddress },
          app.audit,
        );
      },
    };
    const result = await match.route.handle(ctx);
    if (res.headersSent) return;
    if (result instanceof Reply) {
      if (result.status === 204) {
        res.writeHead(204, { ...SECURITY_HEADERS, 'cache-control': 'no-store', ...result.headers });
        res.end();
        return;
      }
      return sendJson(res, result.status, result.body, result.headers);
    }
    return sendJson(res, 200, result ?? {});
  } catch (e) {
    const err = toApiError(e);
    if (err.status >= 500) app.logger.error({ err: e, method, path }, 'API request failed');
    // An expired or unknown session gets its cookie cleared.
    const headers: Record<string, string> =
      err.status === 401 && readCookie(req, SESSION_COOKIE) && !session
        ? {
            'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${app.secure ? '; Secure' : ''}`,
          }
        : {};
    return sendError(res, err, headers);
  }
}
