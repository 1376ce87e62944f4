import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Directory, LoginFailedError, SdkErrorCode } from '../../src/sdk/index.ts';
import {
  ALICE_PASSWORD,
  BASE,
  type DirectoryServer,
  directoryConfig,
  PEOPLE,
  SERVERS,
  startDirectory,
  UNICODE_PASSWORD_NFC,
  UNICODE_PASSWORD_NFD,
} from './fixtures.ts';

async function failure(promise: Promise<unknown>): Promise<LoginFailedError> {
  const error = await promise.then(
    () => assert.fail('login should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof LoginFailedError, `expected LoginFailedError, got ${String(error)}`);
  assert.equal(error.code, SdkErrorCode.loginFailed);
  // The caller's user sees one message whatever went wrong.
  assert.equal(error.message, 'invalid username or password');
  return error;
}

for (const kind of SERVERS)
  describe(`authenticate (search then bind) (${kind})`, () => {
    let server: DirectoryServer;
    let directory: Directory;
    before(async () => {
      server = await startDirectory(kind);
      directory = new Directory(directoryConfig(server, { poolSize: 1 }));
    });
    after(async () => {
      await directory?.close();
      await server?.stop();
    });

    it('returns the DN looked up at login and the requested attributes', async () => {
      const user = await directory.authenticate('alice', ALICE_PASSWORD, { attributes: ['mail', 'cn'] });
      assert.equal(user.dn, `uid=alice,ou=TheLab,${PEOPLE}`);
      assert.deepEqual(user.attributes.mail, ['alice@example.org']);
    });

    it('refuses a wrong password as wrongPassword, with the same message as an unknown user', async () => {
      const wrong = await failure(directory.authenticate('alice', 'not it'));
      assert.equal(wrong.reason, 'wrongPassword');
      const unknown = await failure(directory.authenticate('nobody', 'not it'));
      assert.equal(unknown.reason, 'unknownUser');
      assert.equal(wrong.message, unknown.message);
    });

    it('refuses an empty password before any bind, even for an existing user', async () => {
      assert.equal((await failure(directory.authenticate('alice', ''))).reason, 'emptyPassword');
      // A password that SASLprep maps to nothing (soft hyphen) is empty too.
      assert.equal((await failure(directory.authenticate('alice', '\u00ad'))).reason, 'emptyPassword');
    });

    it('refuses an empty username', async () => {
      assert.equal((await failure(directory.authenticate('', 'x'))).reason, 'invalidUsername');
    });

    it('reports two entries with the same uid as ambiguous, even with the right password', async () => {
      assert.equal((await failure(directory.authenticate('twin', 'twin-password'))).reason, 'ambiguousUser');
    });

    for (const hostile of ['*', ')(uid=*', 'admin)(|(uid=*', 'adm*', 'admin\\', '*)(objectClass=*']) {
      it(`never matches the hostile username ${JSON.stringify(hostile)}`, async () => {
        assert.equal(
          (await failure(directory.authenticate(hostile, 'admin-password'))).reason,
          'unknownUser',
        );
      });
    }

    it('accepts a non-ASCII password typed in NFC and in NFD', async () => {
      assert.equal((await directory.authenticate('bob', UNICODE_PASSWORD_NFC)).dn, `uid=bob,${PEOPLE}`);
      assert.equal((await directory.authenticate('bob', UNICODE_PASSWORD_NFD)).dn, `uid=bob,${PEOPLE}`);
    });

    it('rebinds as the service identity before each lookup (a user may not see other users)', async () => {
      // One pooled connection: after alice's bind it is bound as alice, who cannot read bob's entry.
      await directory.authenticate('alice', ALICE_PASSWORD);
      const bob = await directory.authenticate('bob', UNICODE_PASSWORD_NFC);
      assert.equal(bob.dn, `uid=bob,${PEOPLE}`);
      const found = await directory.findUser('alice', ['uid']);
      assert.equal(found.dn, `uid=alice,ou=TheLab,${PEOPLE}`);
    });

    it('combines the configured user filter with the name term', async () => {
      const strict = new Directory(directoryConfig(server, { userFilter: '(departmentNumber=wonderland)' }));
      try {
        assert.ok(await strict.authenticate('alice', ALICE_PASSWORD));
        assert.equal((await failure(strict.authenticate('bob', UNICODE_PASSWORD_NFC))).reason, 'unknownUser');
      } finally {
        await strict.close();
      }
    });

    it('works anonymously when no service identity is configured (anonymous may not search here)', async () => {
      const anonymous = new Directory({ urls: server.url, userBase: BASE });
      try {
        // The ACL gives anonymous users nothing but bind: the lookup finds no entry.
        assert.equal((await failure(anonymous.authenticate('alice', ALICE_PASSWORD))).reason, 'unknownUser');
      } finally {
        await anonymous.close();
      }
    });
  });
