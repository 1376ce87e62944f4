import type { TLSSocket } from 'node:tls';
import type { TlsInfo } from '../handler.ts';

/**
 * The security strength factor of a TLS connection, as OpenLDAP computes it:
 * the key size of the negotiated symmetric cipher in bits. Access rules
 * (`by ssf=128`) and `requireForBind` policies compare against it.
 */
export function tlsInfo(socket: TLSSocket): TlsInfo {
  const cipher = socket.getCipher();
  const name = cipher?.standardName ?? cipher?.name ?? '';
  return { protocol: socket.getProtocol() ?? '', cipher: name, ssf: cipherStrength(name) };
}

export function cipherStrength(name: string): number {
  const upper = name.toUpperCase();
  if (upper.includes('CHACHA20')) return 256;
  const aes = /AES_?(128|192|256)/.exec(upper);
  if (aes) return Number(aes[1]);
  if (upper.includes('3DES') || upper.includes('DES_EDE')) return 112;
  // An unrecognised cipher under TLS 1.2+ is at least 128-bit; report that rather than 0,
  // which access rules would read as clear text.
  return 128;
}
