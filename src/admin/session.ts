import { randomBytes } from 'node:crypto';

/**
 * A console session: who logged in and the CSRF token that goes with it.
 * The password is never kept — only the identity the bind established.
 */
export interface Session {
  readonly id: string;
  readonly dn: string;
  readonly ndn: string;
  /** Whether the identity is the directory's administrator (it bypasses access rules). */
  readonly admin: boolean;
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
}

export const SESSION_COOKIE = 'linden_session';

/**
 * Sessions in memory, each ending after `idleSeconds` without a request.
 * Restarting Linden logs everyone out, which is what a password-only
 * credential cache should do anyway.
 */
export class SessionStore {
  readonly idleMs: number;
  readonly #sessions = new Map<string, Session>();
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;

  constructor(idleSeconds: number, now: () => number = Date.now) {
    this.idleMs = idleSeconds * 1000;
    this.#now = now;
    this.#timer = setInterval(() => this.sweep(), Math.max(1000, Math.min(this.idleMs, 60_000)));
    this.#timer.unref();
  }

  create(identity: { dn: string; ndn: string; admin: boolean }): Session {
    const now = this.#now();
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      dn: identity.dn,
      ndn: identity.ndn,
      admin: identity.admin,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, its idle clock reset; undefined when unknown or expired. */
  touch(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.#sessions.get(id);
    if (!s) return undefined;
    const now = this.#now();
    if (now - s.lastSeenAt > this.idleMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    s.lastSeenAt = now;
    return s;
  }

  destroy(id: string): void {
    this.#sessions.delete(id);
  }

  /** Ends every session of an identity (its password was changed elsewhere, or it was deleted). */
  destroyFor(ndn: string): void {
    for (const [id, s] of this.#sessions) if (s.ndn === ndn) this.#sessions.delete(id);
  }

  get size(): number {
    return this.#sessions.size;
  }

  sweep(): void {
    const now = this.#now();
    for (const [id, s] of this.#sessions) if (now - s.lastSeenAt > this.idleMs) this.#sessions.delete(id);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#sessions.clear();
  }
}

/** The Set-Cookie value for a session: HttpOnly, SameSite=Strict, Secure over TLS. */
export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
