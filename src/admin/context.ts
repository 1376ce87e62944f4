import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Directory } from '../directory/index.ts';
import type { AuditLog } from '../service/audit.ts';
import type { BindRateLimiter } from '../service/bind-rate.ts';
import type { DirectoryClient } from './directory-client.ts';
import type { NumberAllocator } from './id-numbers.ts';
import type { AdminMetrics } from './metrics.ts';
import type { Session, SessionStore } from './session.ts';

/** What every route shares: the directory, the sessions, and the server's own pieces. */
export interface AdminApp {
  readonly directory: Directory;
  readonly logger: Logger;
  readonly sessions: SessionStore;
  readonly loginLimiter: BindRateLimiter;
  readonly allocator: NumberAllocator;
  readonly metrics: AdminMetrics;
  readonly audit: AuditLog | undefined;
  /** Whether the listener is HTTPS (cookies get Secure; requesters get an ssf). */
  readonly secure: boolean;
}

/** One request as a route sees it. */
export interface RouteContext {
  readonly app: AdminApp;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly remoteAddress: string;
  /** The logged-in session; present on every route that is not public. */
  readonly session: Session | undefined;
  /** The directory as the logged-in identity (throws 401 when there is none). */
  client(): DirectoryClient;
}

/** A reply other than a plain 200 JSON body. */
export class Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export type RouteAuth = 'public' | 'session' | 'admin';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/api/entries/:dn/children`: `:name` matches one path segment, percent-decoded. */
  readonly path: string;
  readonly auth: RouteAuth;
  /** Returns the JSON body of a 200, a Reply, or undefined when it wrote the response itself. */
  handle(ctx: RouteContext): Promise<unknown>;
}
