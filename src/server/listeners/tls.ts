import type { Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import type { TlsInfo } from '../handler.ts';
import { tlsInfo } from '../tls/ssf.ts';

/**
 * `ldaps://`: a TCP listener whose sockets are wrapped in TLS by the server
 * itself rather than by `tls.Server`, so that connection limits apply before
 * the handshake costs anything, and the secure context is read per
 * connection (a `reloadTls()` takes effect for the next client).
 */
export function acceptTls(
  socket: Socket,
  secureContext: SecureContext,
  handshakeTimeoutMs: number,
  onSecure: (secure: TLSSocket, info: TlsInfo) => void,
  onFailure: (err: Error) => void,
): void {
  const secure = new TLSSocket(socket, { isServer: true, secureContext });
  const timer = setTimeout(() => {
    onFailure(new Error('TLS handshake timed out'));
    secure.destroy();
  }, handshakeTimeoutMs);
  timer.unref();
  const onError = (err: Error): void => {
    clearTimeout(timer);
    onFailure(err);
    secure.destroy();
  };
  secure.once('error', onError);
  secure.once('secure', () => {
    clearTimeout(timer);
    secure.off('error', onError);
    onSecure(secure, tlsInfo(secure));
  });
}
