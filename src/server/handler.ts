/**
 * The contract between the server and whatever performs the operations (the
 * directory engine, or a test fixture). The server owns the wire: framing,
 * message ids, abandon, StartTLS, WhoAmI, limits and logging. The handler owns
 * meaning: it receives decoded requests with the session they arrive on and
 * answers with results.
 *
 * Errors: a handler may throw an `LdapError`; the server sends its result code,
 * diagnostic message and matchedDN. Anything else thrown is logged and
 * answered with `other` (80) and a generic message, so an internal failure
 * never reaches the client verbatim and never closes the connection.
 */
import type { Logger } from 'pino';
import type {
  AddRequest,
  BindRequest,
  CompareRequest,
  Control,
  DeleteRequest,
  ExtendedRequest,
  ModifyDNRequest,
  ModifyRequest,
  PartialAttribute,
  ResultCode,
  SearchRequest,
} from '../protocol/index.ts';

/** Who the client is bound as. Anonymous is the empty DN (RFC 4513 §5.1.1). */
export interface Identity {
  /** The DN as the client (or the SASL mechanism) gave it; `''` when anonymous. */
  readonly dn: string;
  /** The normalized DN, as the access-control and store layers compare it; `''` when anonymous. */
  readonly ndn: string;
}

export const ANONYMOUS: Identity = Object.freeze({ dn: '', ndn: '' });

/** TLS state of a connection once the handshake has completed (ldaps:// or StartTLS). */
export interface TlsInfo {
  /** `TLSv1.2`, `TLSv1.3`. */
  readonly protocol: string;
  /** The negotiated cipher's standard name. */
  readonly cipher: string;
  /**
   * Security strength factor in OpenLDAP's sense: the symmetric key size in
   * bits (e.g. 128, 256), used by access rules such as `ssf=128`.
   */
  readonly ssf: number;
}

/** One client connection as the handler sees it. Read-only: the server updates it. */
export interface Session {
  /** Unique per server process, increasing from 1. Logged as `conn`. */
  readonly id: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** `ldap` or `ldaps`: the listener the connection arrived on. */
  readonly transport: 'ldap' | 'ldaps' | 'stream';
  readonly connectedAt: Date;
  /** The identity established by the last successful bind, or ANONYMOUS. */
  readonly identity: Identity;
  /** Set once TLS is active (ldaps:// from the start, or after StartTLS). */
  readonly tls: TlsInfo | undefined;
  /** Security strength factor of the transport: `tls.ssf`, or 0 in clear text. */
  readonly ssf: number;
}

/** What every handler call receives besides the request itself. */
export interface OperationContext {
  readonly session: Session;
  readonly messageId: number;
  /** Request controls (RFC 4511 §4.1.11). The handler must refuse an unknown critical one with `unavailableCriticalExtension`. */
  readonly controls: readonly Control[];
  /**
   * Aborted when the client abandons the operation (RFC 4511 §4.11), unbinds,
   * disconnects, a bind supersedes it, or the server shuts down. A handler
   * should stop work and return (or throw) promptly; whatever it returns after
   * that is discarded.
   */
  readonly signal: AbortSignal;
  /** Whether `signal` has fired, without making the signal: cheap to poll in a loop. */
  readonly aborted: boolean;
  /** A child logger carrying `conn` and `op` (the message id). */
  readonly log: Logger;
}

/** What a handler answers: the LDAPResult fields (RFC 4511 §4.1.9) plus response controls. */
export interface OperationResult {
  readonly resultCode: ResultCode;
  readonly matchedDN?: string;
  readonly diagnosticMessage?: string;
  /** LDAP URLs, only with `resultCode: referral` (RFC 4511 §4.1.10). */
  readonly referral?: readonly string[];
  /** Response controls (e.g. paged results cookie, RFC 2696). */
  readonly controls?: readonly Control[];
}

export interface BindResult extends OperationResult {
  /**
   * The identity to store in the session after a successful bind. Omitted on
   * success means anonymous. Ignored unless `resultCode` is success; on
   * failure the session becomes anonymous (RFC 4511 §4.2.1).
   */
  readonly identity?: Identity;
  /** serverSaslCreds for SASL mechanisms that return data. */
  readonly serverSaslCreds?: Buffer;
}

export interface ExtendedResult extends OperationResult {
  readonly responseName?: string;
  readonly responseValue?: Buffer;
}

/** A SearchResultEntry body (RFC 4511 §4.5.2). */
export interface SearchEntry {
  readonly objectName: string;
  readonly attributes: readonly PartialAttribute[];
}

/**
 * Where a search sends its results. Each call queues one PDU on the socket and
 * returns a promise that resolves when the socket can take more: a handler
 * that awaits every call can never make the server buffer an unbounded result
 * set for a client that stopped reading. After abandon the calls are no-ops.
 */
export interface SearchEmitter {
  /** SearchResultEntry (RFC 4511 §4.5.2). */
  entry(entry: SearchEntry, controls?: readonly Control[]): Promise<void>;
  /**
   * A SearchResultEntry whose attributes are already encoded: `encodedAttributes`
   * holds the contents of the PartialAttributeList (RFC 4511 §4.5.2), copied as is.
   */
  entryEncoded(
    objectName: string,
    encodedAttributes: Uint8Array,
    controls?: readonly Control[],
  ): Promise<void>;
  /** SearchResultReference (RFC 4511 §4.5.3): one or more LDAP URLs. */
  reference(uris: readonly string[], controls?: readonly Control[]): Promise<void>;
}

/**
 * One method per operation (RFC 4511 §4.2–§4.12). Abandon, unbind, StartTLS
 * and WhoAmI are handled by the server and never reach the handler.
 */
export interface RequestHandler {
  /**
   * RFC 4511 §4.2. The server has already aborted (and waited for) every
   * other outstanding operation on the connection before calling this.
   */
  bind(request: BindRequest, ctx: OperationContext): Promise<BindResult>;
  /** RFC 4511 §4.5. Entries go through `emit`; the returned result is the SearchResultDone. */
  search(request: SearchRequest, ctx: OperationContext, emit: SearchEmitter): Promise<OperationResult>;
  modify(request: ModifyRequest, ctx: OperationContext): Promise<OperationResult>;
  add(request: AddRequest, ctx: OperationContext): Promise<OperationResult>;
  delete(request: DeleteRequest, ctx: OperationContext): Promise<OperationResult>;
  modifyDN(request: ModifyDNRequest, ctx: OperationContext): Promise<OperationResult>;
  /** RFC 4511 §4.10: answer `compareTrue` or `compareFalse` on success. */
  compare(request: CompareRequest, ctx: OperationContext): Promise<OperationResult>;
  /** RFC 4511 §4.12, e.g. Password Modify (RFC 3062). Unknown OIDs: throw `protocolError`. */
  extended(request: ExtendedRequest, ctx: OperationContext): Promise<ExtendedResult>;
  /** Called once when a connection has closed, for per-session state (SASL, lockout). */
  sessionClosed?(session: Session): void;
}
