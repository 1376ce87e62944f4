import type { SearchScope } from '../../protocol/index.ts';
import { ApiError } from '../errors.ts';

const SCOPES: Readonly<Record<string, SearchScope>> = { base: 0, one: 1, sub: 2, children: 3 };

export function scopeParam(url: URL, fallback: SearchScope = 2): SearchScope {
  const v = url.searchParams.get('scope');
  if (v === null || v === '') return fallback;
  const s = SCOPES[v];
  if (s === undefined) throw ApiError.badRequest('scope is one of base, one, sub, children');
  return s;
}

export function intParam(url: URL, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw ApiError.badRequest(`${name} must be a whole number`);
  return Math.min(n, max);
}

export function listParam(url: URL, name: string): string[] | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
