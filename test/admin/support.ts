import type { ConfigInput } from '../../src/config/index.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, startLinden, type TestLinden } from '../support/linden.ts';

export { ADMIN_DN, ADMIN_PASSWORD, BASE };

/**
 * Rules in the manner of a self-service directory: people edit a few of
 * their own attributes, `cn=open` is a group anyone may join or leave
 * (selfwrite on member), everything else is read-only for users.
 */
export const TEST_RULES = [
  'access to attrs=userPassword by self write by anonymous auth by * none',
  'access to attrs=entry by users read by anonymous read',
  'access to attrs=objectClass,uid,mail by users read by anonymous search',
  `access to dn.base="cn=open,ou=groups,${BASE}" attrs=member by users selfwrite`,
  'access to attrs=telephoneNumber,displayName,description by self write by users read',
  'access to * by users read',
];

export interface ConsoleLinden extends TestLinden {
  readonly httpUrl: string;
}

/** A real Linden (demo tree, test rules) with its HTTP listener on an ephemeral loopback port. */
export async function startConsoleLinden(config: ConfigInput = {}): Promise<ConsoleLinden> {
  const linden = await startLinden({
    config: {
      listen: { ldap: '127.0.0.1:0', ldaps: '', http: '127.0.0.1:0' },
      access: { rules: TEST_RULES },
      ...config,
    },
  });
  if (!linden.httpUrl) throw new Error('the HTTP listener did not start');
  return linden as ConsoleLinden;
}

/** A cookie-keeping JSON client for the API, as a script would use it. */
export class ApiClient {
  readonly base: string;
  cookie = '';
  csrf = '';

  constructor(base: string) {
    this.base = base;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the tests check field by field
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      redirect: 'manual',
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      body: type.includes('json') && text ? JSON.parse(text) : text,
      headers: res.headers,
    };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  // biome-ignore lint/suspicious/noExplicitAny: as above
  async login(user: string, password: string): Promise<{ status: number; body: any }> {
    const r = await this.request('POST', '/api/session', { user, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }
}

export const enc = encodeURIComponent;
