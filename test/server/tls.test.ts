/** TLS: StartTLS sequencing, ldaps://, certificate reload, the self-signed helper. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { connect } from 'node:tls';
import { Client } from 'ldapts';
import { createSelfSigned, writeSelfSigned } from '../../src/server/index.ts';
import { startServer, tempCertificate } from './fixtures/start.ts';

test('createSelfSigned makes a certificate for localhost and loopback addresses', async () => {
  const pair = await createSelfSigned({ altNames: ['ldap.example.org'] });
  const cert = new X509Certificate(pair.cert);
  assert.match(cert.subject, /CN=localhost/);
  assert.match(cert.subjectAltName ?? '', /DNS:ldap\.example\.org/);
  assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  assert.ok(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(pair.key)));
});

test('StartTLS twice: the second is operationsError; the session is TLS with an ssf', async () => {
  const tls = await tempCertificate();
  const s = await startServer({ tls });
  const client = new Client({ url: s.url });
  try {
    await client.startTLS({ ca: [await readFile(tls.certFile)] });
    await assert.rejects(
      client.startTLS({ ca: [await readFile(tls.certFile)] }),
      (err: { code: number }) => err.code === 1,
    );
    const connection = [...s.server.connections][0]!;
    assert.ok(connection.session.ssf >= 128);
    assert.match(connection.session.tls?.protocol ?? '', /TLSv1\.[23]/);
  } finally {
    await client.unbind().catch(() => {});
    await s.server.close({ graceful: false });
  }
});

test('reloadTls serves the new certificate to new ldaps:// connections', async () => {
  const tls = await tempCertificate();
  const s = await startServer({ tls, ldaps: { port: 0 } });
  const port = s.server.address().ldaps!.port;
  const fingerprint = () =>
    new Promise<string>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => {
        resolve(socket.getPeerCertificate().fingerprint256);
        socket.destroy();
      });
      socket.on('error', reject);
    });
  try {
    const before = await fingerprint();
    await writeSelfSigned(tls);
    await s.server.reloadTls();
    const after = await fingerprint();
    assert.notEqual(before, after);
    assert.equal(after, new X509Certificate(await readFile(tls.certFile)).fingerprint256);
  } finally {
    await s.server.close({ graceful: false });
  }
});

test('TLS below 1.2 is refused', async () => {
  const tls = await tempCertificate();
  const s = await startServer({ tls, ldaps: { port: 0 } });
  try {
    await assert.rejects(
      new Promise((resolve, reject) => {
        const socket = connect(
          {
            port: s.server.address().ldaps!.port,
            host: '127.0.0.1',
            rejectUnauthorized: false,
            maxVersion: 'TLSv1.1',
            minVersion: 'TLSv1',
          },
          () => resolve(socket),
        );
        socket.on('error', reject);
      }),
    );
  } finally {
    await s.server.close({ graceful: false });
  }
});
