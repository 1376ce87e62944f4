import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ResultCode } from '../protocol/result-code.ts';
import { ApiError } from './errors.ts';
import type { Session } from './session.ts';

/** The header that carries the session's CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/**
 * Synchronizer-token check: a state-changing request must echo the token the
 * session was given at login. The cookie alone (which the browser attaches
 * by itself) is never enough.
 */
export function checkCsrf(req: IncomingMessage, session: Session): void {
  const sent = req.headers[CSRF_HEADER];
  const token = Array.isArray(sent) ? sent[0] : sent;
  if (!token) throw new ApiError(ResultCode.insufficientAccessRights, `missing ${CSRF_HEADER} header`, 403);
  const a = Buffer.from(token);
  const b = Buffer.from(session.csrfToken);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new ApiError(ResultCode.insufficientAccessRights, `wrong ${CSRF_HEADER} header`, 403);
}

/**
 * A browser names the page that sent a request in Origin; when it does, it
 * must be this server. Requests without Origin (curl, scripts) pass: they
 * carry no ambient cookie unless their author put it there.
 */
export function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') {
    if (origin === 'null')
      throw new ApiError(ResultCode.insufficientAccessRights, 'cross-origin request refused', 403);
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ApiError(ResultCode.insufficientAccessRights, 'cross-origin request refused', 403);
  }
  if (host !== req.headers.host)
    throw new ApiError(ResultCode.insufficientAccessRights, 'cross-origin request refused', 403);
}
