/**
 * TLS as an operator meets it: TLS 1.2 is the floor (an openssl TLS 1.1
 * client is refused), a `linden serve` process picks up a replaced
 * certificate on SIGHUP without dropping its connections, and
 * `tls.requireForAll` refuses work in clear text.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect, type TLSSocket } from 'node:tls';
import { Client } from 'ldapts';
import { ResultCode } from '../../src/protocol/index.ts';
import { createSelfSigned } from '../../src/server/tls/self-signed.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, run, startLinden, type TestLinden } from '../support/linden.ts';
import { type ChildLinden, startChildLinden } from './child-linden.ts';
import { baseSearch, codeOf, RawLdap } from './raw-client.ts';

function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port}`;
}

/** Opens a TLS connection and resolves with the server certificate's SHA-256 fingerprint. */
async function fingerprintOf(url: string, ca: string): Promise<{ socket: TLSSocket; fingerprint: string }> {
  const u = new URL(url);
  const socket = connect({ host: u.hostname, port: Number(u.port), ca, servername: 'localhost' });
  await once(socket, 'secureConnect');
  return { socket, fingerprint: socket.getPeerX509Certificate()!.fingerprint256 };
}

describe('TLS protocol floor', () => {
  let s: TestLinden;
  before(async () => {
    s = await startLinden({ engine: 'memory', tls: true });
  });
  after(() => s.stop());

  test('openssl s_client with TLS 1.1 is refused on ldaps:// and after StartTLS; TLS 1.2 and 1.3 are served', async () => {
    // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all, so a refusal is the server's.
    const old = ['-tls1_1', '-cipher', 'DEFAULT:@SECLEVEL=0'];
    const ldaps = hostPort(s.ldapsUrl!);
    const plain = hostPort(s.url);
    for (const args of [
      ['-connect', ldaps, ...old],
      ['-connect', plain, '-starttls', 'ldap', ...old],
    ]) {
      const r = await run('openssl', ['s_client', ...args], { input: '' });
      assert.notEqual(r.code, 0, `TLS 1.1 was accepted:\n${r.stdout}`);
      // The handshake ended in an alert: no cipher was ever agreed.
      assert.match(r.stdout, /Cipher is \(NONE\)/);
    }
    for (const version of ['-tls1_2', '-tls1_3']) {
      const r = await run('openssl', ['s_client', '-connect', ldaps, version, '-CAfile', s.caFile!], {
        input: '',
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, version === '-tls1_2' ? /New, TLSv1\.2,/ : /New, TLSv1\.3,/);
    }
  });
});

describe('tls.requireForAll', () => {
  let s: TestLinden;
  let caFile: string;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linden-tls-'));
    const pair = await createSelfSigned({ commonName: 'localhost' });
    caFile = join(dir, 'cert.pem');
    writeFileSync(caFile, pair.cert);
    writeFileSync(join(dir, 'key.pem'), pair.key, { mode: 0o600 });
    s = await startLinden({
      engine: 'memory',
      config: {
        listen: { ldap: '127.0.0.1:0', ldaps: '127.0.0.1:0', http: '' },
        tls: { certFile: caFile, keyFile: join(dir, 'key.pem'), requireForAll: true },
      },
    });
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a search in clear text is confidentialityRequired; after StartTLS, and on ldaps://, it is served', async () => {
    const c = await RawLdap.connect(s.url);
    const refused = await c.result(c.send(baseSearch(BASE)));
    assert.equal(codeOf(refused), ResultCode.confidentialityRequired);
    c.close();
    const env = { LDAPTLS_CACERT: caFile, LDAPTLS_REQCERT: 'demand' };
    const clear = await run(
      'ldapsearch',
      ['-x', '-H', s.url, '-b', BASE, '-s', 'base', '-D', ADMIN_DN, '-w', ADMIN_PASSWORD],
      { env },
    );
    assert.equal(clear.code, 13, clear.stderr);
    const tls = await run(
      'ldapsearch',
      ['-x', '-ZZ', '-H', s.url, '-b', BASE, '-s', 'base', '-D', ADMIN_DN, '-w', ADMIN_PASSWORD],
      { env },
    );
    assert.equal(tls.code, 0, tls.stderr);
    assert.match(tls.stdout, /^dn: dc=example,dc=org$/m);
    const ldaps = await run('ldapsearch', ['-x', '-H', s.ldapsUrl!, '-b', BASE, '-s', 'base'], { env });
    assert.equal(ldaps.code, 0, ldaps.stderr);
  });
});

describe('certificate reload on SIGHUP', () => {
  let dir: string;
  let server: ChildLinden;
  const certFile = () => join(dir, 'cert.pem');
  const keyFile = () => join(dir, 'key.pem');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linden-tls-'));
    const first = await createSelfSigned({ commonName: 'localhost' });
    writeFileSync(certFile(), first.cert);
    writeFileSync(keyFile(), first.key, { mode: 0o600 });
    server = await startChildLinden({
      dir,
      config: {
        dataDir: join(dir, 'data'),
        listen: { ldap: '127.0.0.1:0', ldaps: '127.0.0.1:0', http: '' },
        tls: { certFile: certFile(), keyFile: keyFile() },
        admin: { dn: ADMIN_DN, password: ADMIN_PASSWORD },
        demo: true,
        log: { level: 'info', access: false },
      },
    });
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('new connections see the new certificate; an established session stays up with the old one', async () => {
    const firstPem = readFileSync(certFile(), 'utf8');
    const before = await fingerprintOf(server.ldapsUrl!, firstPem);
    const client = new Client({
      url: server.ldapsUrl!,
      tlsOptions: { ca: firstPem, servername: 'localhost' },
    });
    await client.bind(ADMIN_DN, ADMIN_PASSWORD);

    const second = await createSelfSigned({ commonName: 'localhost' });
    writeFileSync(certFile(), second.cert);
    writeFileSync(keyFile(), second.key, { mode: 0o600 });
    const reloaded = server.waitForLog(/TLS certificate reloaded|reload failed/);
    server.child.kill('SIGHUP');
    assert.match(await reloaded, /TLS certificate reloaded/);

    const afterReload = await fingerprintOf(server.ldapsUrl!, second.cert);
    assert.notEqual(afterReload.fingerprint, before.fingerprint);
    assert.equal(afterReload.fingerprint, new X509Certificate(second.cert).fingerprint256);
    // The session opened before the reload still works and still speaks under the old certificate.
    const { searchEntries } = await client.search(BASE, { scope: 'base' });
    assert.equal(searchEntries.length, 1);
    assert.equal(
      before.socket.destroyed,
      false,
      'the raw TLS connection opened before the reload is still open',
    );
    // StartTLS on the plain port gets the new certificate too.
    const starttls = await run(
      'openssl',
      ['s_client', '-connect', hostPort(server.url), '-starttls', 'ldap'],
      { input: '' },
    );
    const shown = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(starttls.stdout)?.[0];
    assert.ok(shown, starttls.stderr);
    assert.equal(new X509Certificate(shown).fingerprint256, afterReload.fingerprint);
    await client.unbind();
    before.socket.destroy();
    afterReload.socket.destroy();
  });
});
