/**
 * Linden's package entry point: start a real directory server in-process.
 * The application-side SDK is `linden/sdk`.
 */

export type { ConfigInput, LindenConfig } from './config/index.ts';
export { LdapError } from './protocol/ldap-error.ts';
export { ResultCode } from './protocol/result-code.ts';
export { type RunningServer, type StartServerOptions, startServer } from './service/index.ts';
