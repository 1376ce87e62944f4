/** One suite every OrganizationStore must pass; `organizations-stores.test.ts` runs it against each engine. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MappingImportError, SdkError, SdkErrorCode, UNKNOWN_CODE } from '../../src/sdk/index.ts';
import type { FreshStore } from './organizations.fixtures.ts';
import { seedHierarchy } from './organizations.fixtures.ts';

const code = (expected: string) => (e: unknown) => SdkError.is(e) && e.code === expected;

export function organizationStoreConformance(name: string, open: () => Promise<FreshStore>) {
  describe(`organization store conformance: ${name}`, () => {
    let fresh: FreshStore;
    before(async () => {
      fresh = await open();
      await seedHierarchy(fresh.store.organizations);
      for (const username of ['ada', 'ben'])
        await fresh.store.createAccount({ username, directoryBacked: true });
    });
    after(async () => {
      await fresh?.store.close();
      await fresh?.cleanup();
    });
    const orgs = () => fresh.store.organizations;

    it('starts with the default levels University > College > Department', async () => {
      assert.deepEqual(
        (await orgs().listLevels()).map((l) => [l.name, l.parent]),
        [
          ['University', null],
          ['College', 'University'],
          ['Department', 'College'],
        ],
      );
    });

    it('places organizations at the level below their parent and refuses a wrong level', async () => {
      assert.equal((await orgs().findOrganization('CMNS'))?.level, 'College');
      assert.equal((await orgs().findOrganization('PHYS'))?.level, 'Department');
      await assert.rejects(
        orgs().createOrganization({ code: 'X', parent: 'UMD', level: 'Department' }),
        code(SdkErrorCode.invalidArgument),
      );
      await assert.rejects(
        orgs().createOrganization({ code: 'X', parent: 'NOPE' }),
        code(SdkErrorCode.notFound),
      );
      await assert.rejects(
        orgs().createOrganization({ code: 'PHYS', parent: 'CMNS' }),
        code(SdkErrorCode.alreadyExists),
      );
      await assert.rejects(
        orgs().createOrganization({ code: 'X', parent: 'PHYS' }),
        code(SdkErrorCode.invalidArgument),
      );
      assert.equal(await orgs().findOrganization('X'), undefined);
      assert.deepEqual(
        (await orgs().listOrganizations({ parent: 'CMNS' })).map((o) => o.code),
        ['MATH', 'PHYS'],
      );
    });

    it('maps many strings to one organization, one organization per string', async () => {
      assert.equal(await orgs().findMapping('Physics Department'), 'PHYS');
      assert.equal(await orgs().findMapping('Dept. of Physics'), 'PHYS');
      assert.deepEqual(
        (await orgs().listMappings({ organization: 'PHYS' })).map((m) => m.directoryString).sort(),
        ['Dept. of Physics', 'Physics Department'],
      );
    });

    it('refuses a whole import when one mapping is bad, naming its line', async () => {
      const error = await orgs()
        .importMappings([
          { line: 1, directoryString: 'Fresh', organization: 'MATH' },
          { line: 2, directoryString: 'Physics Department', organization: 'MATH' },
          { line: 3, directoryString: 'Other', organization: 'NOPE' },
        ])
        .then(
          () => assert.fail('import should fail'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof MappingImportError);
      assert.equal(error.code, SdkErrorCode.invalidArgument);
      assert.deepEqual(
        error.problems.map((p) => p.line),
        [2, 3],
      );
      assert.equal(await orgs().findMapping('Fresh'), undefined, 'the good line was not applied');
      const replaced = await orgs().importMappings(
        [{ line: 1, directoryString: 'Physics Department', organization: 'MATH' }],
        { replace: true, dryRun: true },
      );
      assert.equal(replaced.replaced.length, 1);
      assert.equal(await orgs().findMapping('Physics Department'), 'PHYS', 'a dry run writes nothing');
    });

    it('keeps account organizations, refusing unknown ones and unknown accounts', async () => {
      assert.deepEqual(await orgs().setAccountOrganizations('ada', ['PHYS', 'CMNS', 'PHYS']), [
        'CMNS',
        'PHYS',
      ]);
      assert.deepEqual(await orgs().accountOrganizations('ada'), ['CMNS', 'PHYS']);
      await assert.rejects(orgs().setAccountOrganizations('ada', ['NOPE']), code(SdkErrorCode.notFound));
      assert.deepEqual(await orgs().accountOrganizations('ada'), ['CMNS', 'PHYS'], 'nothing half-applied');
      await assert.rejects(orgs().setAccountOrganizations('nobody', ['PHYS']), code(SdkErrorCode.notFound));
      assert.deepEqual(await orgs().membersOf('PHYS'), ['ada']);
    });

    it('creates one placeholder per string under Unknown, even when asked twice at once', async () => {
      const [a, b] = await Promise.all([
        orgs().createPlaceholder('Astro Lab'),
        orgs().createPlaceholder('Astro Lab'),
      ]);
      assert.equal(a?.organization.code, b?.organization.code);
      assert.equal([a, b].filter((r) => r?.created).length, 1);
      const placeholder = a!.organization;
      assert.match(placeholder.code, /^Unknown_[0-9a-f]{32}$/);
      assert.equal(placeholder.parent, UNKNOWN_CODE);
      assert.equal(placeholder.level, 'College');
      assert.match(placeholder.longName, /Astro Lab/);
      assert.equal((await orgs().findOrganization(UNKNOWN_CODE))?.level, 'University');
      assert.equal(await orgs().findMapping('Astro Lab'), placeholder.code);
    });

    it('renames an organization and carries its mapping, members and children along', async () => {
      await orgs().setAccountOrganizations('ben', ['MATH']);
      const renamed = await orgs().updateOrganization('MATH', {
        code: 'MATHS',
        longName: 'Mathematics dept.',
      });
      assert.equal(renamed.code, 'MATHS');
      assert.equal(await orgs().findOrganization('MATH'), undefined);
      assert.equal(await orgs().findMapping('Mathematics'), 'MATHS');
      assert.deepEqual(await orgs().accountOrganizations('ben'), ['MATHS']);
      const cmns = await orgs().updateOrganization('CMNS', { code: 'SCI' });
      assert.equal(cmns.code, 'SCI');
      assert.equal((await orgs().findOrganization('PHYS'))?.parent, 'SCI');
      await assert.rejects(
        orgs().updateOrganization('SCI', { parent: 'PHYS' }),
        code(SdkErrorCode.invalidArgument),
      );
      await assert.rejects(
        orgs().updateOrganization('PHYS', { code: 'ARHU' }),
        code(SdkErrorCode.alreadyExists),
      );
    });

    it('merges one organization into another in one step', async () => {
      await orgs().setAccountOrganizations('ben', ['MATHS', 'PHYS']);
      const moved = await orgs().mergeOrganization('MATHS', 'PHYS');
      assert.deepEqual(moved, { movedMembers: ['ben'], movedMappings: ['Mathematics'] });
      assert.equal(await orgs().findOrganization('MATHS'), undefined);
      assert.deepEqual(await orgs().accountOrganizations('ben'), ['PHYS']);
      assert.equal(await orgs().findMapping('Mathematics'), 'PHYS');
      await assert.rejects(orgs().mergeOrganization('SCI', 'ARHU'), code(SdkErrorCode.invalidArgument));
      assert.ok(await orgs().findOrganization('SCI'), 'a refused merge deletes nothing');
    });

    it('forgets the organizations of a deleted account', async () => {
      assert.equal(await fresh.store.deleteAccount('ben'), true);
      assert.deepEqual(await orgs().accountOrganizations('ben'), []);
      await fresh.store.createAccount({ username: 'ben', directoryBacked: true });
      assert.deepEqual(
        await orgs().accountOrganizations('ben'),
        [],
        'a new account of the same name starts empty',
      );
      assert.deepEqual(await orgs().membersOf('PHYS'), ['ada']);
    });
  });
}
