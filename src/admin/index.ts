/**
 * The web console and its JSON API, with /metrics, /healthz and /readyz, on
 * Linden's HTTP(S) listener. Every console action runs as the logged-in
 * identity through the directory's operations and access rules.
 */
export type { DirectoryClient } from './directory-client.ts';
export { type ErrorBody, httpStatusFor } from './errors.ts';
export {
  DEFAULT_SESSION_IDLE_SECONDS,
  type HttpServerOptions,
  type RunningHttpServer,
  startHttpServer,
} from './http-server.ts';
export { ENTRY_TEMPLATES, type EntryTemplate } from './templates.ts';
