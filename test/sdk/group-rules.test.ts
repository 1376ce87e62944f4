import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Directory, parseGroupRule, SdkError, SdkErrorCode } from '../../src/sdk/index.ts';
import { evaluateGroupRules, type GroupRulePlugin } from '../../src/sdk/provisioning/group-rules.ts';
import { type DirectoryServer, directoryConfig, GROUPS, SERVERS, startDirectory } from './fixtures.ts';

for (const kind of SERVERS)
  describe(`new-user group rules (OMERO semantics) (${kind})`, () => {
    let server: DirectoryServer;
    let directory: Directory;
    let alice: { username: string; dn: string; attributes: Record<string, string[]> };
    before(async () => {
      server = await startDirectory(kind);
      directory = new Directory(directoryConfig(server));
      const entry = await directory.findUser('alice', ['*', 'memberOf']);
      alice = { username: 'alice', ...entry };
    });
    after(async () => {
      await directory?.close();
      await server?.stop();
    });

    const run = async (
      rules: string[],
      extra: { ownerFilter?: string; groupFilter?: string; plugins?: Record<string, GroupRulePlugin> } = {},
    ) => {
      const groups = await evaluateGroupRules(
        {
          directory,
          user: alice,
          groupBase: GROUPS,
          groupFilter: extra.groupFilter ?? '(objectClass=groupOfNames)',
          groupNameAttribute: 'cn',
        },
        { rules: rules.map(parseGroupRule), ownerFilter: extra.ownerFilter, plugins: extra.plugins ?? {} },
      );
      return groups.sort((a, b) => a.group.localeCompare(b.group));
    };
    const names = async (rules: string[], extra = {}) => (await run(rules, extra)).map((g) => g.group);

    it('a plain name is that group', async () => {
      assert.deepEqual(await names(['default']), ['default']);
    });

    it(':ou: is the organizational unit nearest the user', async () => {
      assert.deepEqual(await names([':ou:']), ['TheLab']);
    });

    it(':attribute: takes every value as a group name', async () => {
      assert.deepEqual(await names([':attribute:departmentNumber']), ['looking-glass', 'wonderland']);
    });

    it(':filtered_attribute: keeps only values naming a group the group filter matches', async () => {
      assert.deepEqual(await names([':filtered_attribute:departmentNumber']), ['wonderland']);
    });

    it(':dn_attribute: reads values as group DNs and names groups by their name attribute', async () => {
      assert.deepEqual(await names([':dn_attribute:memberOf']), ['readers', 'scientists']);
    });

    it(':filtered_dn_attribute: keeps only DN values of groups the group filter matches', async () => {
      assert.deepEqual(
        await names([':filtered_dn_attribute:memberOf'], {
          groupFilter: '(&(objectClass=groupOfNames)(owner=*))',
        }),
        ['scientists'],
      );
    });

    it(':query: searches groups with the user DN substituted, ANDed with the group filter', async () => {
      assert.deepEqual(await names([':query:(member=@{dn})']), ['readers', 'scientists']);
      assert.deepEqual(await names([':query:(member=@{dn})'], { groupFilter: '(cn=r*)' }), ['readers']);
    });

    it('the owner filter marks the groups the user owns', async () => {
      assert.deepEqual(await run([':query:(member=@{dn})'], { ownerFilter: '(owner=@{dn})' }), [
        { group: 'readers', owner: false },
        { group: 'scientists', owner: true },
      ]);
      assert.deepEqual(await run([':dn_attribute:memberOf'], { ownerFilter: '(owner=@{dn})' }), [
        { group: 'readers', owner: false },
        { group: 'scientists', owner: true },
      ]);
      // Not for a plain group name.
      assert.deepEqual(await run(['scientists'], { ownerFilter: '(owner=@{dn})' }), [
        { group: 'scientists', owner: false },
      ]);
    });

    it(':bean: calls the plugin the application registered', async () => {
      const plugin: GroupRulePlugin = {
        async groups(ctx) {
          return [`lab-${ctx.user.username}`, { group: 'admins', owner: true }];
        },
      };
      assert.deepEqual(await run([':bean:lab'], { plugins: { lab: plugin } }), [
        { group: 'admins', owner: true },
        { group: 'lab-alice', owner: false },
      ]);
      await assert.rejects(
        run([':bean:missing']),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.invalidConfig,
      );
    });

    it('an attribute rule for an attribute the user lacks is a group-rule error', async () => {
      await assert.rejects(
        run([':attribute:employeeType']),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.groupRule,
      );
    });

    it('rejects unknown prefixes', () => {
      assert.throws(
        () => parseGroupRule(':nope:x'),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.invalidConfig,
      );
    });
  });
