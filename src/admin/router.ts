import type { Route } from './context.ts';
import { ApiError } from './errors.ts';

interface Compiled {
  readonly route: Route;
  readonly parts: readonly string[];
}

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Method and path to route; `:name` segments become params. Path segments are matched before decoding. */
export class Router {
  readonly #routes: Compiled[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => ({ route, parts: route.path.split('/') }));
  }

  /** The route for a request; undefined for an unknown path, 405 when only the method is wrong. */
  match(method: string, pathname: string): Match | undefined {
    const segments = pathname.split('/');
    let pathMatched = false;
    for (const { route, parts } of this.#routes) {
      if (parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const p = parts[i]!;
        const s = segments[i]!;
        if (p.startsWith(':')) {
          if (s === '') ok = false;
          else {
            try {
              params[p.slice(1)] = decodeURIComponent(s);
            } catch {
              throw ApiError.badRequest('bad percent-encoding in the path');
            }
          }
        } else if (p !== s) ok = false;
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
    }
    if (pathMatched) throw new ApiError(2, `method ${method} not allowed here`, 405);
    return undefined;
  }
}
