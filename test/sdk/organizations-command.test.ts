/** `linden sdk orgs add|list`, the settings check and the mapping file format, on an embedded store. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  parseMappingFile,
  resolveOrganizationSettings,
  runOrganizationsCommand,
  SdkError,
  SdkErrorCode,
} from '../../src/sdk/index.ts';

async function orgs(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  return { code: await runOrganizationsCommand(argv, { stdout, stderr }), out, err };
}

describe('linden sdk orgs add and list', () => {
  let dir: string;
  let config: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linden-orgs-cli-'));
    config = join(dir, 'sdk.yaml');
    await writeFile(
      config,
      `store:\n  lmdb: ${join(dir, 'accounts')}\norganizations:\n  userAttribute: ou\n`,
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a hierarchy whose levels follow the parents, and prints it as a tree', async () => {
    assert.equal((await orgs(['add', 'UMD', '-c', config, '--long-name', 'University of Maryland'])).code, 0);
    const college = await orgs(['add', 'CMNS', '--parent', 'UMD', '--config', config]);
    assert.equal(college.code, 0, college.err);
    assert.match(college.out, /added CMNS \(CMNS\) at level College under UMD/);
    const wrong = await orgs(['add', 'PHYS', '--parent', 'UMD', '--level', 'Department', '-c', config]);
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.err,
      /LINDEN_SDK_INVALID_ARGUMENT: level Department does not sit below UMD's level University/,
    );
    assert.equal(
      (await orgs(['add', 'PHYS', '--parent', 'CMNS', '--short-name', 'Physics', '-c', config])).code,
      0,
    );
    const taken = await orgs(['add', 'PHYS', '--parent', 'CMNS', '-c', config]);
    assert.equal(taken.code, 1);
    assert.match(taken.err, /LINDEN_SDK_ALREADY_EXISTS/);
    const list = await orgs(['list', '-c', config]);
    assert.equal(
      list.out,
      'UMD\tUniversity\tUMD\tUniversity of Maryland\n  CMNS\tCollege\tCMNS\tCMNS\n    PHYS\tDepartment\tPhysics\tPhysics\n',
    );
  });

  it('answers usage errors with exit code 2', async () => {
    assert.equal((await orgs([])).code, 2);
    assert.equal((await orgs(['frobnicate', '-c', config])).code, 2);
    assert.equal((await orgs(['list'])).code, 2, '--config is required');
    assert.equal((await orgs(['list', '-c', config, '--bogus'])).code, 2);
    assert.equal((await orgs(['import-mappings', '-c', config])).code, 2, 'a file is required');
    assert.equal((await orgs(['--help'])).code, 0);
  });

  it('refuses a config file whose organizations section has a typo', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      `store:\n  lmdb: ${join(dir, 'accounts')}\norganizations:\n  userAttribute: ou\n  addParent: true\n`,
    );
    const result = await orgs(['update', '-c', bad]);
    assert.equal(result.code, 2);
    assert.match(result.err, /unknown organizations setting addParent/);
  });
});

describe('organization settings and the mapping file format', () => {
  it('checks every setting', () => {
    assert.deepEqual(
      resolveOrganizationSettings({ userAttribute: 'departmentNumber', deleteMissing: true }),
      {
        userAttribute: 'departmentNumber',
        deleteMissing: true,
      },
    );
    for (const bad of [{}, { userAttribute: 'bad attr' }, { userAttribute: 'ou', addParents: 'yes' }, null]) {
      assert.throws(
        () => resolveOrganizationSettings(bad),
        (e: unknown) => SdkError.is(e) && e.code === SdkErrorCode.invalidConfig,
      );
    }
  });

  it('reads code | string lines, keeping any later "|" in the string, skipping comments and blanks', () => {
    const { mappings, problems } = parseMappingFile(
      '\uFEFF# header\r\n\r\nPHYS | Physics | Astronomy\r\n  MATH|Mathematics  \nPHYS | Physics | Astronomy\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(mappings, [
      { line: 3, organization: 'PHYS', directoryString: 'Physics | Astronomy' },
      { line: 4, organization: 'MATH', directoryString: 'Mathematics' },
    ]);
  });

  it('numbers every malformed line', () => {
    const { problems } = parseMappingFile('PHYS\n | x\nPHYS |  \nok | fine\nother | fine\n');
    assert.deepEqual(
      problems.map((p) => [p.line, p.message]),
      [
        [1, 'expected "CODE | directory string"'],
        [2, 'missing organization code before "|"'],
        [3, 'missing directory string after "|"'],
        [5, '"fine" is mapped to ok on line 4'],
      ],
    );
  });
});
