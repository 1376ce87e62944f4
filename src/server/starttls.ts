import type { Duplex } from 'node:stream';
import { type SecureContext, TLSSocket } from 'node:tls';
import type { TlsInfo } from './handler.ts';
import { tlsInfo } from './tls/ssf.ts';

export interface UpgradeEvents {
  /** The TLS socket that replaces `raw` for all further reads and writes (called at once). */
  onSocket(secure: TLSSocket): void;
  /** The handshake completed. */
  onSecure(info: TlsInfo): void;
}

/**
 * StartTLS (RFC 4511 §4.14.2, RFC 4513 §3): after the success response has
 * been flushed, the same byte stream carries a TLS handshake with the server
 * in the server role. A failed handshake closes the connection: RFC 4513
 * §3.1.4 leaves the session state undefined after a failed negotiation, and
 * OpenLDAP closes as well.
 */
export function upgradeToTls(raw: Duplex, secureContext: SecureContext, events: UpgradeEvents): TLSSocket {
  const secure = new TLSSocket(raw, { isServer: true, secureContext });
  events.onSocket(secure);
  secure.once('secure', () => events.onSecure(tlsInfo(secure)));
  return secure;
}
