import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContext } from 'node:tls';

/** Where the server certificate and key live (PEM). */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** Optional CA bundle sent with the certificate chain and used to verify client certificates. */
  readonly caFile?: string;
}

/** TLS 1.2 is the floor: RFC 8996 deprecates 1.0 and 1.1. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/**
 * Reads the files and builds a secure context. Throws (ENOENT, or OpenSSL's
 * "key values mismatch") without touching the context in use, so a bad reload
 * leaves the server serving the old certificate.
 */
export async function loadSecureContext(files: TlsFiles): Promise<SecureContext> {
  const [cert, key, ca] = await Promise.all([
    readFile(files.certFile),
    readFile(files.keyFile),
    files.caFile ? readFile(files.caFile) : Promise.resolve(undefined),
  ]);
  return createSecureContext({ cert, key, ...(ca ? { ca } : {}), minVersion: MIN_TLS_VERSION });
}
