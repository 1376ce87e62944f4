import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Directory,
  LdapBackend,
  type LdapSchemaProfile,
  LoginFailedError,
  SdkError,
  SdkErrorCode,
} from '../../src/sdk/index.ts';
import { type DirectoryServer, SERVERS, startDirectoryServer } from '../support/directory-server.ts';

const BASE = 'dc=coco,dc=ldap';
const OUS = `dn: ou=users,${BASE}\nobjectClass: organizationalUnit\nou: users\n\ndn: ou=groups,${BASE}\nobjectClass: organizationalUnit\nou: groups\n`;

for (const kind of SERVERS)
  for (const profile of ['posix', 'groupOfNames', 'groupOfUniqueNames'] as LdapSchemaProfile[]) {
    describe(`LdapBackend (${profile}, ${kind})`, () => {
      let server: DirectoryServer;
      let directory: Directory;
      let backend: LdapBackend;
      before(async () => {
        server = await startDirectoryServer(kind, { suffix: BASE, ldif: OUS });
        directory = new Directory({
          urls: server.url,
          bindDn: server.adminDn,
          bindPassword: server.adminPassword,
          userBase: `ou=users,${BASE}`,
        });
        backend = new LdapBackend({ directory, baseDn: BASE, profile });
      });
      after(async () => {
        await directory?.close();
        await server?.stop();
      });

      it('creates users that can log in, with distinct uid numbers', async () => {
        const created = await Promise.all(
          ['ada', 'grace', 'linus'].map((u) =>
            backend.create({
              username: u,
              password: `${u}-pw`,
              firstName: u,
              lastName: 'Tester',
              email: `${u}@coco`,
            }),
          ),
        );
        if (profile === 'posix') {
          const numbers = created.map((u) => u.uidNumber);
          assert.equal(new Set(numbers).size, 3, `uidNumbers ${numbers.join(',')}`);
          assert.ok(numbers.every((n) => n !== undefined && n >= 10000));
        }
        assert.equal((await backend.authenticate('ada', 'ada-pw')).username, 'ada');
        await assert.rejects(backend.authenticate('ada', 'wrong'), LoginFailedError);
        assert.deepEqual((await backend.list()).map((u) => u.username).sort(), ['ada', 'grace', 'linus']);
        await assert.rejects(
          backend.create({ username: 'ada' }),
          (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.alreadyExists,
        );
      });

      it('updates attributes and sets passwords', async () => {
        assert.deepEqual((await backend.update('grace', { mail: 'grace@navy' })).attributes.mail, [
          'grace@navy',
        ]);
        await backend.setPassword('grace', 'new-pw');
        assert.ok(await backend.authenticate('grace', 'new-pw'));
      });

      it('manages groups and memberships', async () => {
        const [g1, g2] = await Promise.all([backend.createGroup('devs'), backend.createGroup('ops')]);
        if (profile === 'posix') assert.notEqual(g1?.gidNumber, g2?.gidNumber);
        assert.deepEqual(await backend.members('devs'), []);
        await backend.addMember('devs', 'ada');
        await backend.addMember('devs', 'linus');
        await backend.addMember('devs', 'ada');
        await backend.addMember('ops', 'ada');
        assert.deepEqual((await backend.members('devs')).sort(), ['ada', 'linus']);
        assert.deepEqual((await backend.groupsOf('ada')).map((g) => g.name).sort(), ['devs', 'ops']);
        await backend.removeMember('ops', 'ada');
        assert.deepEqual(await backend.members('ops'), []);
        assert.deepEqual((await backend.listGroups()).map((g) => g.name).sort(), ['devs', 'ops']);
        await backend.deleteGroup('ops');
        assert.equal(await backend.getGroup('ops'), undefined);
      });

      it('deletes users and their memberships', async () => {
        await backend.delete('linus');
        assert.equal(await backend.get('linus'), undefined);
        assert.deepEqual(await backend.members('devs'), ['ada']);
        await assert.rejects(
          backend.delete('linus'),
          (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.notFound,
        );
      });
    });
  }
