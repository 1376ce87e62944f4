// @ts-check
// The console's only way to the directory: the JSON API, with the session
// cookie (sent by the browser) and the CSRF token on every change.

/** An error the API answered with: the LDAP result code, its name and message. */
export class ApiError extends Error {
  /** @param {number} status @param {{ resultCode?: number, resultName?: string, message?: string }} body */
  constructor(status, body) {
    super(body.message || body.resultName || `HTTP ${status}`);
    this.status = status;
    this.resultCode = body.resultCode ?? 80;
    this.resultName = body.resultName ?? 'other';
  }
}

const state = { csrfToken: '', onLoggedOut: /** @type {(reason: string) => void} */ (() => {}) };

/** @param {string} token */
export function setCsrfToken(token) {
  state.csrfToken = token;
}

/** Called when the API says the session is gone (expired or logged out elsewhere). @param {(reason: string) => void} fn */
export function onLoggedOut(fn) {
  state.onLoggedOut = fn;
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {{ quiet401?: boolean }} [options]
 * @returns {Promise<any>}
 */
export async function api(method, path, body, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined;
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { message: text };
  }
  if (res.status === 401 && !options.quiet401)
    state.onLoggedOut('Your session has expired. Please log in again.');
  if (!res.ok && res.status !== 207) throw new ApiError(res.status, data);
  return data;
}

/** `/api/entries/<dn>…` @param {string} dn @param {string} [rest] */
export function entryPath(dn, rest = '') {
  return `/api/entries/${encodeURIComponent(dn)}${rest}`;
}
