import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Directory, ReadOnlyError, SdkError, SdkErrorCode, UnavailableError } from '../../src/sdk/index.ts';
import { makeTestCertificates } from '../support/slapd.ts';
import {
  type CountingProxy,
  deadUrl,
  type Listening,
  startCountingProxy,
  startSilentServer,
} from '../support/tcp.ts';
import {
  ALICE_PASSWORD,
  BASE,
  type DirectoryServer,
  directoryConfig,
  PEOPLE,
  SERVERS,
  startDirectory,
} from './fixtures.ts';

for (const kind of SERVERS) {
  describe(`connection: failover, timeouts, read-only fallback, idle recycling (${kind})`, () => {
    let server: DirectoryServer;
    let silent: Listening;
    before(async () => {
      server = await startDirectory(kind);
      silent = await startSilentServer();
    });
    after(async () => {
      await silent?.close();
      await server?.stop();
    });

    it('uses the second URL when the first is down', async () => {
      const dead = await deadUrl();
      const directory = new Directory(directoryConfig(server, { urls: `${dead} ${server.url}` }));
      try {
        const user = await directory.authenticate('alice', ALICE_PASSWORD);
        assert.equal(user.dn, `uid=alice,ou=TheLab,${PEOPLE}`);
      } finally {
        await directory.close();
      }
    });

    it('uses the next URL when the first accepts connections but stops answering', async () => {
      const directory = new Directory(
        directoryConfig(server, { urls: [silent.url, server.url], operationTimeoutMs: 300 }),
      );
      try {
        assert.equal((await directory.findUser('alice')).dn, `uid=alice,ou=TheLab,${PEOPLE}`);
      } finally {
        await directory.close();
      }
    });

    it('says which server failed and why when none answers', async () => {
      const dead = await deadUrl();
      const directory = new Directory(
        directoryConfig(server, { urls: [dead, silent.url], operationTimeoutMs: 300, connectTimeoutMs: 300 }),
      );
      try {
        const error = await directory.findUser('alice').then(
          () => assert.fail('expected failure'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof UnavailableError);
        assert.equal(error.code, SdkErrorCode.unavailable);
        assert.deepEqual(
          error.failures.map((f) => f.url),
          [dead, silent.url],
        );
        assert.match(error.message, /connection refused/);
        assert.match(error.message, /no answer within 300 ms/);
      } finally {
        await directory.close();
      }
    });

    it('keeps reads working and fails writes with READ_ONLY when the writable server is down', async () => {
      const dead = await deadUrl();
      const directory = new Directory(directoryConfig(server, { writeUrls: dead }));
      try {
        assert.ok(await directory.findUser('alice'));
        const error = await directory
          .modify(`uid=alice,ou=TheLab,${PEOPLE}`, [
            { operation: 'replace', attribute: 'mail', values: ['x@y'] },
          ])
          .then(
            () => assert.fail('expected failure'),
            (e: unknown) => e,
          );
        assert.ok(error instanceof ReadOnlyError);
        assert.equal(error.code, SdkErrorCode.readOnly);
        assert.match(error.message, new RegExp(dead.replace(/[.:/]/g, '\\$&')));
      } finally {
        await directory.close();
      }
    });

    it('refuses a configuration without URLs or with a bind DN but no password', () => {
      assert.throws(
        () => new Directory({ urls: '', userBase: BASE }),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.invalidConfig,
      );
      assert.throws(
        () => new Directory({ urls: server.url, userBase: BASE, bindDn: 'cn=x' }),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.invalidConfig,
      );
      assert.throws(
        () => new Directory({ urls: 'http://example.org', userBase: BASE }),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.invalidConfig,
      );
    });

    describe('pooling through a counting proxy', () => {
      let proxy: CountingProxy;
      before(async () => {
        proxy = await startCountingProxy(server.url);
      });
      after(async () => proxy?.close());

      it('reuses a connection, and closes it once idle longer than idleTimeoutMs', async () => {
        const directory = new Directory(directoryConfig(server, { urls: proxy.url, idleTimeoutMs: 300 }));
        try {
          const before = proxy.opened;
          await directory.findUser('alice');
          await directory.findUser('alice');
          assert.equal(proxy.opened - before, 1, 'one connection for two sequential operations');
          // The pool closes the idle connection itself: no firewall ever sees it idle for long.
          await proxy.waitForOpen(0);
          await directory.findUser('alice');
          assert.equal(proxy.opened - before, 2, 'a fresh connection after the idle one was recycled');
        } finally {
          await directory.close();
        }
      });

      it('never opens more than poolSize connections per server', async () => {
        const directory = new Directory(directoryConfig(server, { urls: proxy.url, poolSize: 2 }));
        try {
          await proxy.waitForOpen(0);
          const before = proxy.opened;
          await Promise.all(Array.from({ length: 10 }, () => directory.findUser('alice')));
          assert.ok(proxy.opened - before <= 2, `opened ${proxy.opened - before}`);
        } finally {
          await directory.close();
        }
      });
    });
  });

  describe(`connection: the server in use goes down (${kind})`, () => {
    let primary: DirectoryServer;
    let secondary: DirectoryServer;
    before(async () => {
      [primary, secondary] = await Promise.all([startDirectory(kind), startDirectory(kind)]);
    });
    after(async () => {
      await Promise.all([primary?.stop(), secondary?.stop()]);
    });

    it('drops the pooled connections to a server that died and carries on with the next URL', async () => {
      const directory = new Directory(
        directoryConfig(primary, { urls: [primary.url, secondary.url], poolSize: 2 }),
      );
      try {
        // Two pooled connections to the primary, both idle and bound as the service identity.
        await Promise.all([directory.findUser('alice'), directory.findUser('bob')]);
        await primary.kill();
        const user = await directory.authenticate('alice', ALICE_PASSWORD);
        assert.equal(user.dn, `uid=alice,ou=TheLab,${PEOPLE}`);
        assert.equal((await directory.findUser('bob')).dn, `uid=bob,${PEOPLE}`);
        // With the secondary gone too, the error names both servers.
        await secondary.kill();
        const error = await directory.findUser('alice').then(
          () => assert.fail('expected failure'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof UnavailableError);
        assert.deepEqual(error.failures.map((f) => f.url).sort(), [primary.url, secondary.url].sort());
      } finally {
        await directory.close();
      }
    });
  });

  describe(`connection: TLS with a private CA (${kind})`, () => {
    let server: DirectoryServer;
    let dir: string;
    let certs: { caFile: string; certFile: string; keyFile: string };
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'linden-sdk-tls-'));
      certs = await makeTestCertificates(dir);
      server = await startDirectory(kind, { tls: certs });
    });
    after(async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('logs in over ldaps:// trusting the CA bundle', async () => {
      const directory = new Directory(
        directoryConfig(server, { urls: server.ldapsUrl, tls: { caFile: certs.caFile } }),
      );
      try {
        assert.ok(await directory.authenticate('alice', ALICE_PASSWORD));
      } finally {
        await directory.close();
      }
    });

    it('logs in over StartTLS trusting the CA bundle', async () => {
      const directory = new Directory(
        directoryConfig(server, { startTls: true, tls: { caFile: certs.caFile } }),
      );
      try {
        assert.ok(await directory.authenticate('alice', ALICE_PASSWORD));
      } finally {
        await directory.close();
      }
    });

    it('refuses a server whose certificate the CA bundle does not vouch for, saying it is TLS', async () => {
      const directory = new Directory(directoryConfig(server, { urls: server.ldapsUrl }));
      try {
        const error = await directory.findUser('alice').then(
          () => assert.fail('expected failure'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof UnavailableError);
        assert.match(error.message, /TLS|certificate/i);
      } finally {
        await directory.close();
      }
    });
  });
}
