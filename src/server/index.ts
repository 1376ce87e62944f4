// The public face of the server layer: the LDAP server, the contract its
// request handler implements, and the helpers around them.
export { Connection, type ConnectionConfig } from './connection.ts';
export { type OpEndMessage, type OpStartMessage, opEndChannel, opStartChannel } from './diagnostics.ts';
export { NOTICE_OF_DISCONNECTION_OID, START_TLS_OID, WHO_AM_I_OID } from './extended-oids.ts';
export {
  ANONYMOUS,
  type BindResult,
  type ExtendedResult,
  type Identity,
  type OperationContext,
  type OperationResult,
  type RequestHandler,
  type SearchEmitter,
  type SearchEntry,
  type Session,
  type TlsInfo,
} from './handler.ts';
export { OperationType } from './operation-type.ts';
export {
  type CloseOptions,
  LdapServer,
  type LdapServerOptions,
  type ListenAddress,
  type ServerLimits,
} from './server.ts';
export { ServerStats, type ServerStatsSnapshot } from './stats.ts';
export { loadSecureContext, MIN_TLS_VERSION, type TlsFiles } from './tls/context.ts';
export {
  createSelfSigned,
  type SelfSignedOptions,
  type SelfSignedPair,
  writeSelfSigned,
} from './tls/self-signed.ts';
