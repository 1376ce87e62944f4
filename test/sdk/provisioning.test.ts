import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type AccountStore,
  Directory,
  LmdbAccountStore,
  LoginFailedError,
  PostgresAccountStore,
  Provisioner,
  SdkError,
  SdkErrorCode,
} from '../../src/sdk/index.ts';
import { startPostgres } from '../support/postgres.ts';
import {
  ALICE_PASSWORD,
  type DirectoryServer,
  type DirectoryServerKind,
  directoryConfig,
  GROUPS,
  PEOPLE,
  SERVERS,
  startDirectory,
} from './fixtures.ts';

function provisioningSuite(
  kind: DirectoryServerKind,
  name: string,
  openStore: () => Promise<{ store: AccountStore; cleanup(): Promise<void> }>,
) {
  describe(`provisioning on login (${name} store, ${kind})`, () => {
    let server: DirectoryServer;
    let directory: Directory;
    let store: AccountStore;
    let cleanup: () => Promise<void>;
    const provisioner = (extra: Partial<ConstructorParameters<typeof Provisioner>[0]> = {}) =>
      new Provisioner({
        directory,
        store,
        attributeMapping: 'omeName=uid;firstName=givenName;lastName=sn;email=mail',
        newUserGroups: [':ou:', ':query:(member=@{dn})'],
        newUserGroupOwner: '(owner=@{dn})',
        groupBase: GROUPS,
        ...extra,
      });

    before(async () => {
      server = await startDirectory(kind);
      directory = new Directory(directoryConfig(server));
      ({ store, cleanup } = await openStore());
    });
    after(async () => {
      await directory?.close();
      await store?.close();
      await cleanup?.();
      await server?.stop();
    });

    it('creates a directory-backed account on first login, with mapped attributes and groups', async () => {
      const result = await provisioner().login('alice', ALICE_PASSWORD);
      assert.equal(result.created, true);
      assert.equal(result.account.directoryBacked, true);
      assert.deepEqual(result.account.attributes, {
        firstName: 'Alice',
        lastName: 'Liddell',
        email: 'alice@example.org',
      });
      assert.deepEqual(result.account.groups, [
        { group: 'TheLab', owner: false },
        { group: 'readers', owner: false },
        { group: 'scientists', owner: true },
      ]);
      for (const g of ['TheLab', 'readers', 'scientists'])
        assert.ok(await store.findGroup(g), `group ${g} created`);
      // The DN is looked up at each login, never stored.
      assert.doesNotMatch(JSON.stringify(await store.findAccount('alice')), /ou=people/i);
    });

    it('creates nothing when the password is wrong or the name is ambiguous or unknown', async () => {
      for (const [user, password] of [
        ['bob', 'wrong'],
        ['twin', 'twin-password'],
        ['ghost', 'x'],
      ] as const) {
        await assert.rejects(provisioner().login(user, password), LoginFailedError);
        assert.equal(await store.findAccount(user), undefined);
      }
    });

    it('checks a directory-backed account against the directory only, and keeps it as is without sync', async () => {
      await server.modify(
        `dn: uid=alice,ou=TheLab,${PEOPLE}\nchangetype: modify\nreplace: mail\nmail: alice@new.example\n`,
      );
      const result = await provisioner().login('alice', ALICE_PASSWORD);
      assert.equal(result.created, false);
      assert.equal(result.account.attributes.email, 'alice@example.org');
      await assert.rejects(provisioner().login('alice', 'wrong'), LoginFailedError);
    });

    it('syncs attributes and groups at login when configured', async () => {
      await server.modify(
        `dn: cn=readers,${GROUPS}\nchangetype: modify\ndelete: member\nmember: uid=alice,ou=TheLab,${PEOPLE}\n`,
      );
      const result = await provisioner({ syncOnLogin: true }).login('alice', ALICE_PASSWORD);
      assert.equal(result.account.attributes.email, 'alice@new.example');
      assert.deepEqual(
        result.account.groups.map((g) => g.group),
        ['TheLab', 'scientists'],
      );
    });

    it('refuses accounts that are not directory-backed unless the application checks them', async () => {
      await store.createAccount({ username: 'local', directoryBacked: false });
      await assert.rejects(
        provisioner().login('local', 'pw'),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.notDirectoryAccount,
      );
      const checked = provisioner({ verifyLocalPassword: async (_a, password) => password === 'pw' });
      assert.equal((await checked.login('local', 'pw')).account.username, 'local');
      await assert.rejects(checked.login('local', 'nope'), LoginFailedError);
    });
  });
}

for (const kind of SERVERS) {
  provisioningSuite(kind, 'lmdb', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'linden-prov-'));
    return { store: new LmdbAccountStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
  });

  provisioningSuite(kind, 'postgres', async () => {
    const server = await startPostgres();
    return { store: await PostgresAccountStore.open(server.url), cleanup: () => server.stop() };
  });
}
