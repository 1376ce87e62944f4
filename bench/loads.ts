/**
 * The loads both servers run, by name: what each sends, on how many
 * connections, and how deep each connection is pipelined.
 */
import type { LoadPlan } from './loadgen.ts';
import * as req from './requests.ts';

export const LOADS = {
  'search-all': 'indexed search (uid=userN), all user attributes',
  'search-cn-mail': 'indexed search (uid=userN), attributes cn mail',
  bind: 'simple bind, {SSHA} password',
  login: 'search-then-bind login (uid → DN → bind)',
  substring: 'substring search (cn=User NN*), size limit 50',
  group: 'group membership (&(objectClass=groupOfUniqueNames)(uniqueMember=DN))',
  modify: 'modify one attribute (replace description)',
  add: 'add a new inetOrgPerson entry',
} as const;

export type LoadName = keyof typeof LOADS;

export interface LoadRequest {
  readonly host: string;
  readonly port: number;
  readonly load: LoadName;
  readonly users: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Open loop at this many requests per second (closed loop when absent). */
  readonly rate?: number | undefined;
  /** Distinguishes the DNs of added entries between runs against one store. */
  readonly tag: string;
  readonly connections?: number | undefined;
  readonly depth?: number | undefined;
  readonly serverPid?: number | undefined;
}

/** 16 connections × 8 outstanding for operations that may be pipelined; binds one at a time on 64. */
export function planFor(r: LoadRequest): LoadPlan {
  const base = {
    host: r.host,
    port: r.port,
    warmupMs: r.warmupMs,
    durationMs: r.durationMs,
    rate: r.rate,
    serverPid: r.serverPid,
  };
  const pipelined = { connections: r.connections ?? 16, depth: r.depth ?? (r.rate === undefined ? 8 : 64) };
  const serial = { connections: r.connections ?? 64, depth: 1 };
  switch (r.load) {
    case 'search-all':
      return {
        ...base,
        ...pipelined,
        kind: 'single',
        setup: req.serviceBind(),
        requests: req.uidSearches(r.users, ['*']),
      };
    case 'search-cn-mail':
      return {
        ...base,
        ...pipelined,
        kind: 'single',
        setup: req.serviceBind(),
        requests: req.uidSearches(r.users, ['cn', 'mail']),
      };
    case 'bind':
      return { ...base, ...serial, kind: 'single', requests: req.userBinds(r.users) };
    case 'login': {
      const { searches, binds } = req.logins(r.users);
      return { ...base, ...serial, kind: 'login', requests: searches, followUps: binds };
    }
    case 'substring':
      return {
        ...base,
        ...pipelined,
        kind: 'single',
        setup: req.serviceBind(),
        requests: req.substringSearches(50),
        okCodes: [4],
      };
    case 'group':
      return {
        ...base,
        ...pipelined,
        kind: 'single',
        setup: req.serviceBind(),
        requests: req.groupSearches(r.users),
      };
    case 'modify':
      return {
        ...base,
        ...pipelined,
        kind: 'single',
        setup: req.adminBind(),
        requests: req.modifies(r.users),
      };
    case 'add':
      return {
        ...base,
        ...pipelined,
        kind: 'add',
        setup: req.adminBind(),
        requests: [],
        addTemplate: req.addTemplate(r.tag),
      };
  }
}
