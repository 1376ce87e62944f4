/** One suite every AccountStore must pass; `account-stores.test.ts` runs it against each engine. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AccountStore, SdkError, SdkErrorCode } from '../../src/sdk/index.ts';

export function accountStoreConformance(
  name: string,
  open: () => Promise<{ store: AccountStore; cleanup(): Promise<void> }>,
) {
  describe(`account store conformance: ${name}`, () => {
    let store: AccountStore;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ store, cleanup } = await open());
    });
    after(async () => {
      await store?.close();
      await cleanup?.();
    });

    it('creates, finds and lists accounts', async () => {
      const created = await store.createAccount({
        username: 'alice',
        directoryBacked: true,
        attributes: { email: 'alice@example.org' },
        groups: [{ group: 'lab', owner: false }],
      });
      assert.equal(created.username, 'alice');
      const found = await store.findAccount('alice');
      assert.equal(found?.id, created.id);
      assert.deepEqual(found?.attributes, { email: 'alice@example.org' });
      assert.deepEqual(found?.groups, [{ group: 'lab', owner: false }]);
      await store.createAccount({ username: 'local-bob', directoryBacked: false });
      assert.deepEqual(
        (await store.listAccounts({ directoryBacked: true })).map((a) => a.username),
        ['alice'],
      );
      assert.equal((await store.listAccounts()).length, 2);
      assert.equal(await store.findAccount('ALICE'), undefined, 'usernames are exact');
    });

    it('refuses a second account with the same username', async () => {
      await assert.rejects(
        store.createAccount({ username: 'alice', directoryBacked: true }),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.alreadyExists,
      );
    });

    it('updates attributes and memberships', async () => {
      const updated = await store.updateAccount('alice', {
        attributes: { email: 'new@example.org', lastName: 'Liddell' },
        groups: [
          { group: 'b', owner: true },
          { group: 'a', owner: false },
          { group: 'b', owner: false },
        ],
      });
      assert.deepEqual(updated.attributes, { email: 'new@example.org', lastName: 'Liddell' });
      assert.deepEqual(updated.groups, [
        { group: 'a', owner: false },
        { group: 'b', owner: true },
      ]);
      assert.deepEqual((await store.findAccount('alice'))?.groups, updated.groups);
      await assert.rejects(
        store.updateAccount('nobody', { attributes: {} }),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.notFound,
      );
    });

    it('creates groups once', async () => {
      const first = await store.ensureGroup('scientists', { directoryBacked: true });
      const second = await store.ensureGroup('scientists');
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal((await store.findGroup('scientists'))?.directoryBacked, true);
      assert.ok((await store.listGroups()).some((g) => g.name === 'scientists'));
    });

    it('deletes accounts', async () => {
      assert.equal(await store.deleteAccount('local-bob'), true);
      assert.equal(await store.deleteAccount('local-bob'), false);
      assert.equal(await store.findAccount('local-bob'), undefined);
    });
  });
}
