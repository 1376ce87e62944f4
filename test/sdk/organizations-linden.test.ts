/**
 * Organizations end to end: a real directory server (Linden in-process, and
 * OpenLDAP's slapd) holds people whose `departmentNumber` values name
 * organizations (loaded with ldapadd), and the SDK updates accounts from it in
 * both account stores.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/sdk/cli.ts';
import {
  Directory,
  LoginFailedError,
  listPlaceholders,
  type OrganizationUpdateOptions,
  Provisioner,
  runOrganizationsCommand,
  UNKNOWN_CODE,
  updateOrganizations,
} from '../../src/sdk/index.ts';
import { type DirectoryServer, SERVERS, startDirectoryServer } from '../support/directory-server.ts';
import { type PostgresServer, startPostgres } from '../support/postgres.ts';
import {
  ACL,
  DIRECTORY_LDIF,
  directoryConfig,
  type Engine,
  type FreshStore,
  freshStore,
  PEOPLE,
  PEOPLE_LDIF,
  PEOPLE_STRINGS,
  seedHierarchy,
} from './organizations.fixtures.ts';

const USERNAMES = Object.keys(PEOPLE_STRINGS);

let postgres: PostgresServer;

/** Runs `linden sdk orgs …` and collects what it printed. */
async function orgs(argv: string[], options: { tty?: boolean } = {}) {
  const stdout = Object.assign(new PassThrough(), options.tty ? { isTTY: true, columns: 120 } : {});
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  const code = await runOrganizationsCommand(argv, { stdout, stderr });
  return { code, out, err };
}

before(async () => {
  postgres = await startPostgres();
});
after(async () => {
  await postgres?.stop();
});

for (const kind of SERVERS)
  describe(`organizations from a real directory server (${kind})`, () => {
    let server: DirectoryServer;
    /** Config and mapping files the commands read. */
    let dir: string;
    before(async () => {
      [server, dir] = await Promise.all([
        startDirectoryServer(kind, { acl: ACL, ldif: `${DIRECTORY_LDIF}\n${PEOPLE_LDIF}` }),
        mkdtemp(join(tmpdir(), 'linden-orgs-files-')),
      ]);
    });
    after(async () => {
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    for (const engine of ['lmdb', 'postgres'] as const satisfies readonly Engine[]) {
      describe(`organizations from a real directory server (${kind}, ${engine} store)`, () => {
        const opened: FreshStore[] = [];
        let directory: Directory;
        before(() => {
          directory = new Directory(directoryConfig(server.url));
        });
        after(async () => {
          await directory?.close();
          for (const fresh of opened) {
            await fresh.store.close().catch(() => {});
            await fresh.cleanup();
          }
        });

        /** A new store with the hierarchy, its mappings and an account for everyone in the directory. */
        async function scenario() {
          const fresh = await freshStore(engine, postgres);
          opened.push(fresh);
          await seedHierarchy(fresh.store.organizations);
          for (const username of USERNAMES)
            await fresh.store.createAccount({ username, directoryBacked: true });
          const organizations = fresh.store.organizations;
          const update = (options: OrganizationUpdateOptions, usernames?: string[]) =>
            updateOrganizations({
              directory,
              store: fresh.store,
              userAttribute: 'departmentNumber',
              ...options,
              ...(usernames ? { usernames } : {}),
            });
          const of = (username: string) => organizations.accountOrganizations(username);
          return { fresh, organizations, update, of };
        }

        /** A config file for the commands, naming this scenario's store. */
        async function configFile(
          fresh: FreshStore,
          settings: Record<string, unknown> = {},
        ): Promise<string> {
          const file = join(dir, `sdk-${engine}-${opened.length}.json`);
          await writeFile(
            file,
            JSON.stringify({
              directory: directoryConfig(server.url),
              store: fresh.fileConfig,
              organizations: { userAttribute: 'departmentNumber', ...settings },
            }),
          );
          return file;
        }

        it('without options, mapped strings add organizations, unmatched strings are ignored, nothing is removed', async () => {
          const { organizations, update, of } = await scenario();
          await organizations.setAccountOrganizations('ada', ['MATH']);
          const report = await update({});
          assert.deepEqual(await of('ada'), ['ARHU', 'MATH', 'PHYS']);
          assert.deepEqual(await of('ben'), ['PHYS']);
          assert.deepEqual(await of('cai'), []);
          assert.deepEqual(await of('dee'), ['MATH']);
          assert.deepEqual(report.updated.find((u) => u.username === 'ben')?.ignored, ['Astrobiology Lab']);
          assert.deepEqual([...report.unchanged].sort(), ['cai', 'eve']);
          assert.equal(
            await organizations.findOrganization(UNKNOWN_CODE),
            undefined,
            'no placeholders were made',
          );
        });

        it('add parents alone: every ancestor of a matched organization is added', async () => {
          const { update, of } = await scenario();
          await update({ addParents: true });
          assert.deepEqual(await of('ada'), ['ARHU', 'CMNS', 'PHYS', 'UMD']);
          assert.deepEqual(await of('dee'), ['CMNS', 'MATH', 'UMD']);
          assert.deepEqual(await of('cai'), []);
        });

        it('create placeholders alone: one placeholder per unmatched string, reused by every account with it', async () => {
          const { organizations, update, of } = await scenario();
          await update({ createPlaceholders: true }, ['ben']);
          const astro = await organizations.findMapping('Astrobiology Lab');
          assert.match(astro ?? '', /^Unknown_/);
          assert.deepEqual(await of('ben'), [astro, 'PHYS'].sort());
          const report = await update({ createPlaceholders: true });
          const quantum = await organizations.findMapping('Quantum Garden');
          assert.deepEqual(await of('cai'), [astro, quantum].sort());
          assert.deepEqual(await of('eve'), [astro]);
          assert.deepEqual(
            report.updated.find((u) => u.username === 'eve')?.placeholders,
            [],
            'eve reused it',
          );
          const placeholders = await listPlaceholders(organizations);
          assert.deepEqual(placeholders.map((p) => [p.directoryStrings, p.members]).sort(), [
            [['Astrobiology Lab'], ['ben', 'cai', 'eve']],
            [['Quantum Garden'], ['cai']],
          ]);
          const placeholder = await organizations.findOrganization(astro!);
          assert.equal(placeholder?.level, 'College');
          assert.match(placeholder?.longName ?? '', /"Astrobiology Lab"/);
          assert.equal((await organizations.findOrganization(UNKNOWN_CODE))?.level, 'University');
          assert.ok(!(await of('ben')).includes(UNKNOWN_CODE), 'parents only with add parents');
          const again = await update({ createPlaceholders: true });
          assert.equal(again.updated.length, 0);
          assert.equal((await listPlaceholders(organizations)).length, 2);
        });

        it('delete missing alone: organizations no string justifies are dropped', async () => {
          const { organizations, update, of } = await scenario();
          await organizations.setAccountOrganizations('ada', ['MATH', 'UMD']);
          await organizations.setAccountOrganizations('cai', ['PHYS']);
          const report = await update({ deleteMissing: true }, ['ada', 'cai']);
          assert.deepEqual(await of('ada'), ['ARHU', 'PHYS']);
          assert.deepEqual(await of('cai'), []);
          assert.deepEqual(report.updated.find((u) => u.username === 'ada')?.removed, ['MATH', 'UMD']);
        });

        it('all three combined', async () => {
          const { organizations, update, of } = await scenario();
          await organizations.setAccountOrganizations('ada', ['MATH']);
          await update({ addParents: true, createPlaceholders: true, deleteMissing: true });
          assert.deepEqual(await of('ada'), ['ARHU', 'CMNS', 'PHYS', 'UMD']);
          const astro = await organizations.findMapping('Astrobiology Lab');
          const quantum = await organizations.findMapping('Quantum Garden');
          assert.deepEqual(await of('cai'), [UNKNOWN_CODE, astro, quantum].sort());
          assert.deepEqual(await of('ben'), [UNKNOWN_CODE, astro, 'CMNS', 'PHYS', 'UMD'].sort());
        });

        it('follows the directory: values removed from the entry take their organizations with them', async () => {
          const { fresh, update, of } = await scenario();
          const uid = `fay-${engine}`;
          await server.add(
            `dn: uid=${uid},${PEOPLE}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: Fay\nsn: Fay\n` +
              'departmentNumber: Physics Department\ndepartmentNumber: Mathematics\n',
          );
          await fresh.store.createAccount({ username: uid, directoryBacked: true });
          const options = { addParents: true, deleteMissing: true };
          await update(options, [uid]);
          assert.deepEqual(await of(uid), ['CMNS', 'MATH', 'PHYS', 'UMD']);
          await server.modify(
            `dn: uid=${uid},${PEOPLE}\nchangetype: modify\nreplace: departmentNumber\ndepartmentNumber: College of Arts\n`,
          );
          await update(options, [uid]);
          assert.deepEqual(await of(uid), ['ARHU', 'UMD']);
          await server.modify(`dn: uid=${uid},${PEOPLE}\nchangetype: delete\n`);
          const report = await update(options, [uid]);
          assert.deepEqual(report.vanished, [uid]);
          assert.deepEqual(await of(uid), ['ARHU', 'UMD'], 'a vanished entry leaves the account as it was');
        });

        it('populates organizations at every successful login when asked to, and not otherwise', async () => {
          const fresh = await freshStore(engine, postgres);
          opened.push(fresh);
          await seedHierarchy(fresh.store.organizations);
          const provisioner = (populateOnLogin: boolean) =>
            new Provisioner({
              directory,
              store: fresh.store,
              organizations: {
                userAttribute: 'departmentNumber',
                populateOnLogin,
                addParents: true,
                createPlaceholders: true,
              },
            });
          const off = await provisioner(false).login('ada', 'ada-password');
          assert.equal(off.organizations, undefined);
          assert.deepEqual(await fresh.store.organizations.accountOrganizations('ada'), []);
          const first = await provisioner(true).login('ben', 'ben-password');
          assert.equal(first.created, true);
          const astro = await fresh.store.organizations.findMapping('Astrobiology Lab');
          assert.deepEqual(first.organizations?.after, [UNKNOWN_CODE, astro, 'CMNS', 'PHYS', 'UMD'].sort());
          assert.deepEqual(
            await fresh.store.organizations.accountOrganizations('ben'),
            first.organizations?.after,
          );
          const returning = await provisioner(true).login('ada', 'ada-password');
          assert.deepEqual(returning.organizations?.added, ['ARHU', 'CMNS', 'PHYS', 'UMD']);
          await assert.rejects(provisioner(true).login('eve', 'wrong'), LoginFailedError);
          assert.equal(await fresh.store.findAccount('eve'), undefined);
          const eve = await provisioner(true).login('eve', 'eve-password');
          assert.deepEqual(
            eve.organizations?.after,
            [UNKNOWN_CODE, astro].sort(),
            'eve reuses the placeholder ben made',
          );
        });

        it('orgs update --dry-run prints what would change and writes nothing; then applies it with a progress bar', async () => {
          const { fresh } = await scenario();
          await fresh.store.close();
          const config = await configFile(fresh, { addParents: true });
          const dry = await orgs(['update', '--config', config, '--dry-run', '--create-placeholders']);
          assert.equal(dry.code, 0, dry.err);
          assert.match(dry.out, /5 accounts: would update 5, unchanged 0, vanished 0, failed 0/);
          assert.match(dry.out, /would change ada: \+ARHU \+CMNS \+PHYS \+UMD\n/);
          assert.match(
            dry.out,
            /would change cai: \+Unknown, would create placeholder for "Astrobiology Lab", would create placeholder for "Quantum Garden"\n/,
          );
          const check = await openStore(fresh.fileConfig);
          try {
            const orgStore = (check as typeof fresh.store).organizations;
            assert.deepEqual(await orgStore.accountOrganizations('ada'), []);
            assert.equal(await orgStore.findOrganization(UNKNOWN_CODE), undefined);
          } finally {
            await check.close();
          }
          const real = await orgs(['update', '--config', config, '--user', 'ada', 'dee'], { tty: true });
          assert.equal(real.code, 0, real.err);
          assert.match(real.out, /organizations .* 2\/2/);
          assert.match(real.out, /2 accounts: updated 2/);
          assert.match(real.out, /dee: \+CMNS \+MATH \+UMD\n/);
          const after = await openStore(fresh.fileConfig);
          try {
            assert.deepEqual(await (after as typeof fresh.store).organizations.accountOrganizations('dee'), [
              'CMNS',
              'MATH',
              'UMD',
            ]);
          } finally {
            await after.close();
          }
          const unknown = await orgs(['update', '--config', config, 'nobody']);
          assert.equal(unknown.code, 1);
          assert.match(unknown.err, /no directory-backed account nobody/);
        });

        it('orgs import-mappings reports every bad line by number and applies nothing', async () => {
          const { fresh } = await scenario();
          await fresh.store.close();
          const config = await configFile(fresh);
          const bad = join(dir, `bad-${engine}.txt`);
          await writeFile(
            bad,
            [
              '# mappings for the physics building',
              'PHYS | Physics Annex',
              'PHYS Physics Library',
              'NOPE | Nowhere',
              'MATH | Physics Department',
              'MATH | Physics Annex',
              ' | empty code',
              '',
            ].join('\n'),
          );
          const refused = await orgs(['import-mappings', '--config', config, bad]);
          assert.equal(refused.code, 1);
          assert.deepEqual(
            [...refused.err.matchAll(/^.*bad-\w+\.txt:(\d+): /gm)].map((m) => Number(m[1])),
            [3, 4, 5, 6, 7],
          );
          assert.match(refused.err, /:3: expected "CODE \| directory string"/);
          assert.match(refused.err, /:4: no organization NOPE/);
          assert.match(refused.err, /:5: "Physics Department" already maps to PHYS/);
          assert.match(refused.err, /:6: "Physics Annex" is mapped to PHYS on line 2/);
          assert.match(refused.err, /nothing imported \(5 bad lines\)/);
          const check = await openStore(fresh.fileConfig);
          try {
            assert.equal(
              await (check as typeof fresh.store).organizations.findMapping('Physics Annex'),
              undefined,
            );
          } finally {
            await check.close();
          }
          const good = join(dir, `good-${engine}.txt`);
          await writeFile(good, 'PHYS | Physics Annex\nMATH | Physics Department\n');
          const replaced = await orgs(['import-mappings', '--config', config, '--replace', good]);
          assert.equal(replaced.code, 0, replaced.err);
          assert.match(replaced.out, /added 1, replaced 1, unchanged 0/);
          const after = await openStore(fresh.fileConfig);
          try {
            const orgStore = (after as typeof fresh.store).organizations;
            assert.equal(await orgStore.findMapping('Physics Annex'), 'PHYS');
            assert.equal(await orgStore.findMapping('Physics Department'), 'MATH');
          } finally {
            await after.close();
          }
        });

        it('orgs resolve --parent renames a placeholder into the hierarchy; its mapping and members stay', async () => {
          const { fresh, update } = await scenario();
          await update({ createPlaceholders: true });
          const astro = (await fresh.store.organizations.findMapping('Astrobiology Lab'))!;
          await fresh.store.close();
          const config = await configFile(fresh);
          const listed = await orgs(['placeholders', '--config', config]);
          assert.match(
            listed.out,
            new RegExp(`${astro}\\t"Astrobiology Lab"\\t3 member\\(s\\): ben, cai, eve`),
          );
          assert.match(listed.out, /2 placeholder\(s\)/);
          const resolved = await orgs([
            'resolve',
            '--config',
            config,
            astro,
            '--parent',
            'CMNS',
            '--code',
            'ASTR',
            '--short-name',
            'Astrobiology',
            '--long-name',
            'Astrobiology Laboratory',
          ]);
          assert.equal(resolved.code, 0, resolved.err);
          assert.match(
            resolved.out,
            new RegExp(`${astro} is now ASTR \\(Astrobiology Laboratory\\) at level Department under CMNS`),
          );
          const store = await openStore(fresh.fileConfig);
          try {
            const organizations = (store as typeof fresh.store).organizations;
            assert.equal(await organizations.findMapping('Astrobiology Lab'), 'ASTR');
            assert.deepEqual(await organizations.membersOf('ASTR'), ['ben', 'cai', 'eve']);
            assert.equal(await organizations.findOrganization(astro), undefined);
            assert.deepEqual(
              (await listPlaceholders(organizations)).map((p) => p.directoryStrings),
              [['Quantum Garden']],
            );
            // The next account with the string lands in the real organization.
            await organizations.setAccountOrganizations('eve', []);
            await updateOrganizations({
              directory,
              store,
              userAttribute: 'departmentNumber',
              addParents: true,
              usernames: ['eve'],
            });
            assert.deepEqual(await organizations.accountOrganizations('eve'), ['ASTR', 'CMNS', 'UMD']);
          } finally {
            await store.close();
          }
        });

        it('orgs resolve --into points the mapping at an existing organization, moves members, deletes the placeholder', async () => {
          const { fresh, organizations, update } = await scenario();
          await update({ createPlaceholders: true });
          const quantum = (await organizations.findMapping('Quantum Garden'))!;
          const astro = (await organizations.findMapping('Astrobiology Lab'))!;
          await organizations.setAccountOrganizations('ben', ['PHYS', astro, quantum]);
          await fresh.store.close();
          const config = await configFile(fresh);
          const refused = await orgs(['resolve', '--config', config, quantum, '--into', 'NOPE']);
          assert.equal(refused.code, 1);
          assert.match(refused.err, /LINDEN_SDK_NOT_FOUND: no organization NOPE/);
          const notPlaceholder = await orgs(['resolve', '--config', config, 'PHYS', '--into', 'MATH']);
          assert.equal(notPlaceholder.code, 1);
          assert.match(notPlaceholder.err, /PHYS is not a placeholder/);
          const usage = await orgs(['resolve', '--config', config, quantum]);
          assert.equal(usage.code, 2);
          const merged = await orgs(['resolve', '--config', config, quantum, '--into', 'PHYS']);
          assert.equal(merged.code, 0, merged.err);
          assert.match(merged.out, /merged into PHYS: 1 mapping\(s\) and 2 member\(s\) moved/);
          const store = await openStore(fresh.fileConfig);
          try {
            const orgStore = (store as typeof fresh.store).organizations;
            assert.equal(await orgStore.findOrganization(quantum), undefined);
            assert.equal(await orgStore.findMapping('Quantum Garden'), 'PHYS');
            assert.deepEqual(await orgStore.accountOrganizations('cai'), ['PHYS', astro].sort());
            assert.deepEqual(
              await orgStore.accountOrganizations('ben'),
              ['PHYS', astro].sort(),
              'no duplicate',
            );
            assert.deepEqual(await orgStore.membersOf('PHYS'), ['ada', 'ben', 'cai']);
          } finally {
            await store.close();
          }
        });
      });
    }
  });
