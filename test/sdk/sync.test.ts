import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  Directory,
  LmdbAccountStore,
  Provisioner,
  runSyncUsers,
  type SyncProgress,
  syncUsers,
} from '../../src/sdk/index.ts';
import {
  ALICE_PASSWORD,
  type DirectoryServer,
  directoryConfig,
  GROUPS,
  PEOPLE,
  SERVERS,
  startDirectory,
  UNICODE_PASSWORD_NFC,
} from './fixtures.ts';

for (const kind of SERVERS)
  describe(`syncUsers and runSyncUsers (${kind})`, () => {
    let server: DirectoryServer;
    let dir: string;
    const config = () => ({ newUserGroups: ':query:(member=@{dn})', groupBase: GROUPS });
    before(async () => {
      server = await startDirectory(kind);
      dir = await mkdtemp(join(tmpdir(), 'linden-sync-'));
      const directory = new Directory(directoryConfig(server));
      const store = new LmdbAccountStore(join(dir, 'accounts'));
      const provisioner = new Provisioner({ directory, store, ...config() });
      await provisioner.login('alice', ALICE_PASSWORD);
      await provisioner.login('bob', UNICODE_PASSWORD_NFC);
      await directory.close();
      await store.close();
      // Change the directory behind the accounts' back: bob's mail changes, alice disappears.
      await server.modify(
        `dn: uid=bob,${PEOPLE}\nchangetype: modify\nreplace: mail\nmail: bob@new.example\n`,
      );
      await server.modify(`dn: uid=alice,ou=TheLab,${PEOPLE}\nchangetype: delete\n`);
    });
    after(async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('reports changes and vanished entries without writing in dry-run, then applies them', async () => {
      const directory = new Directory(directoryConfig(server));
      const store = new LmdbAccountStore(join(dir, 'accounts'));
      try {
        const provisioner = new Provisioner({ directory, store, ...config() });
        const progress: SyncProgress[] = [];
        const dry = await syncUsers({ provisioner, dryRun: true, onProgress: (p) => progress.push(p) });
        assert.deepEqual(dry.updated, ['bob']);
        assert.deepEqual(dry.vanished, ['alice']);
        assert.equal(
          (await store.findAccount('bob'))?.attributes.email,
          'bob@example.org',
          'dry run writes nothing',
        );
        assert.deepEqual(
          progress.map((p) => [p.done, p.total]),
          [
            [1, 2],
            [2, 2],
          ],
        );
        const real = await syncUsers({ provisioner, usernames: ['bob'] });
        assert.deepEqual(real.updated, ['bob']);
        assert.equal((await store.findAccount('bob'))?.attributes.email, 'bob@new.example');
        assert.deepEqual((await syncUsers({ provisioner, usernames: ['bob'] })).unchanged, ['bob']);
      } finally {
        await directory.close();
        await store.close();
      }
    });

    it('runSyncUsers reads a config file and prints a summary', async () => {
      const file = join(dir, 'sdk.yaml');
      await writeFile(
        file,
        JSON.stringify({
          directory: directoryConfig(server),
          store: { lmdb: join(dir, 'accounts') },
          provisioning: config(),
        }),
      );
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      stdout.on('data', (c) => {
        out += c;
      });
      const code = await runSyncUsers(['--config', file, '--dry-run'], { stdout, stderr });
      assert.equal(code, 0);
      assert.match(out, /2 accounts: would update 0, unchanged 1, vanished 1, failed 0/);
      assert.match(out, /vanished from the directory: alice/);
      assert.equal(await runSyncUsers(['--bogus'], { stdout, stderr }), 2);
    });
  });
