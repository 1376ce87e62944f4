import { mkdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname } from 'node:path';

/**
 * A self-signed certificate for trying TLS out (`linden tls self-signed`).
 *
 * Built with the `selfsigned` package rather than an `openssl` child process:
 * it needs nothing installed beside Node and behaves the same on every
 * platform. The certificate is its own CA, so a client trusts it by pointing
 * `LDAPTLS_CACERT` at the certificate file.
 */
export interface SelfSignedOptions {
  /** Subject common name; also the first subjectAltName. Default `localhost`. */
  readonly commonName?: string;
  /** Extra DNS names or IP addresses for subjectAltName. `127.0.0.1` and `::1` are always added. */
  readonly altNames?: readonly string[];
  /** Validity in days, default 365. */
  readonly days?: number;
}

export interface SelfSignedPair {
  /** PEM certificate. */
  readonly cert: string;
  /** PEM private key (PKCS#8, unencrypted). */
  readonly key: string;
  /** SHA-1 fingerprint as `selfsigned` reports it, for display. */
  readonly fingerprint: string;
}

export async function createSelfSigned(options: SelfSignedOptions = {}): Promise<SelfSignedPair> {
  const commonName = options.commonName ?? 'localhost';
  const names = [...new Set([commonName, ...(options.altNames ?? []), '127.0.0.1', '::1'])];
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate small clock skew between machines
  const notAfterDate = new Date(notBeforeDate.getTime() + (options.days ?? 365) * 86_400_000);
  // Loaded on use: `selfsigned` and its X.509 library cost a running server several MiB of heap.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      // cA so that the one file serves as both the server certificate and the
      // trust anchor a client is pointed at.
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private, fingerprint: pems.fingerprint };
}

/** Generates a pair and writes it as PEM files; the key file is readable by its owner only. */
export async function writeSelfSigned(
  paths: { readonly certFile: string; readonly keyFile: string },
  options: SelfSignedOptions = {},
): Promise<SelfSignedPair> {
  const pair = await createSelfSigned(options);
  await mkdir(dirname(paths.certFile), { recursive: true });
  await mkdir(dirname(paths.keyFile), { recursive: true });
  await writeFile(paths.keyFile, pair.key, { mode: 0o600 });
  await writeFile(paths.certFile, pair.cert, { mode: 0o644 });
  return pair;
}
