import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../support/linden.ts';

const bin = fileURLToPath(new URL('../../bin/linden.js', import.meta.url));
const linden = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [bin, ...args], { env });

describe('the linden command', () => {
  let dir: string;
  let config: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'linden-cli-'));
    config = join(dir, 'linden.yaml');
    writeFileSync(
      config,
      [
        `dataDir: ${join(dir, 'data')}`,
        "suffixes: ['dc=example,dc=org']",
        "admin: { dn: 'cn=admin,dc=example,dc=org', password: cli-secret }",
        'log: { level: warn }',
        '',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('config show prints the loaded configuration with the password masked, and LINDEN_* overrides apply', async () => {
    const r = await linden(['config', 'show', '-c', config], { LINDEN_LIMITS_SIZE_LIMIT: '42' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /password: "?\*{8}"?/);
    assert.doesNotMatch(r.stdout, /cli-secret/);
    assert.match(r.stdout, /sizeLimit: 42/);
  });

  it('a configuration with a bad key or value is refused with a message naming the key', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'limits:\n  sizeLimit: lots\n  sizelimt: 3\n');
    const r = await linden(['config', 'show', '-c', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /limits\.sizeLimit: .*number/);
    assert.match(r.stderr, /limits\.sizelimt: unknown key/);
    const env = await linden(['config', 'show', '-c', config], { LINDEN_LIMITS_IDLE_TIMEOUT: 'soon' });
    assert.equal(env.code, 1);
    assert.match(env.stderr, /LINDEN_LIMITS_IDLE_TIMEOUT: expected a number/);
  });

  it('import loads LDIF, stops at a bad record with its line number and says how many went in', async () => {
    const good = join(dir, 'good.ldif');
    const lines = [
      'version: 1',
      '',
      'dn: dc=example,dc=org',
      'objectClass: dcObject',
      'objectClass: organization',
      'dc: example',
      'o: Example',
      '',
    ];
    lines.push('dn: ou=people,dc=example,dc=org', 'objectClass: organizationalUnit', 'ou: people', '');
    for (let i = 0; i < 50; i++)
      lines.push(
        `dn: uid=user${i},ou=people,dc=example,dc=org`,
        'objectClass: inetOrgPerson',
        `uid: user${i}`,
        `cn:: ${Buffer.from(`Usér ${i}`).toString('base64')}`,
        `sn: ${i}`,
        `userPassword: {SSHA}${Buffer.alloc(24, i).toString('base64')}`,
        '',
      );
    writeFileSync(good, lines.join('\n'));
    const r = await linden(['import', good, '-c', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported 52 records/);

    const bad = join(dir, 'bad.ldif');
    writeFileSync(
      bad,
      [
        'dn: uid=extra1,ou=people,dc=example,dc=org',
        'objectClass: inetOrgPerson',
        'uid: extra1',
        'cn: Extra',
        'sn: One',
        '',
        'dn: uid=extra2,ou=people,dc=example,dc=org',
        'objectClass: inetOrgPerson',
        'uid: extra2',
        'cn: Extra',
        '',
        'dn: uid=extra3,ou=people,dc=example,dc=org',
        'objectClass: inetOrgPerson',
        'uid: extra3',
        'cn: Extra',
        'sn: Three',
        '',
      ].join('\n'),
    );
    const b = await linden(['import', bad, '-c', config]);
    assert.equal(b.code, 1);
    assert.match(
      b.stderr,
      /bad\.ldif:7: uid=extra2,ou=people,dc=example,dc=org: object class 'inetOrgPerson' requires attribute 'sn'/,
    );
    assert.match(b.stderr, /1 records went in before it/);

    const garbled = join(dir, 'garbled.ldif');
    writeFileSync(
      garbled,
      'dn: uid=before,ou=people,dc=example,dc=org\nobjectClass: inetOrgPerson\nuid: before\ncn: B\nsn: B\n\ndn: uid=g,ou=people,dc=example,dc=org\nobjectClass inetOrgPerson\n',
    );
    const g = await linden(['import', garbled, '-c', config]);
    assert.equal(g.code, 1);
    assert.match(g.stderr, /line 8/);
    assert.match(g.stderr, /1 records went in before it/);
  });

  it('export writes the tree as LDIF that imports into an empty directory unchanged, hashes kept as they were', async () => {
    const out = join(dir, 'export.ldif');
    const r = await linden(['export', out, '-c', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /exported 54 entries/); // 52 + extra1 + before
    const text = readFileSync(out, 'utf8');
    assert.ok(text.indexOf('dn: dc=example,dc=org') < text.indexOf('dn: ou=people,dc=example,dc=org'));
    assert.match(text, /entryUUID: [0-9a-f-]{36}/);
    const copy = join(dir, 'copy.yaml');
    writeFileSync(copy, readFileSync(config, 'utf8').replace(join(dir, 'data'), join(dir, 'copy-data')));
    const i = await linden(['import', out, '-c', copy]);
    assert.equal(i.code, 0, i.stderr);
    const again = join(dir, 'again.ldif');
    await linden(['export', again, '-c', copy]);
    assert.equal(readFileSync(again, 'utf8'), text);
    // A backup keeps the stored hashes as they are (as slapcat does); they never leave through LDAP.
    assert.ok(text.includes(`userPassword: {SSHA}${Buffer.alloc(24, 7).toString('base64')}\n`));
  });

  it('tls self-signed writes a certificate and a private key only the owner can read', async () => {
    const r = await linden(['tls', 'self-signed', '--out', join(dir, 'tls')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'tls', 'cert.pem'), 'utf8'), /BEGIN CERTIFICATE/);
    assert.equal(statSync(join(dir, 'tls', 'key.pem')).mode & 0o077, 0);
    const v = await run('openssl', [
      'x509',
      '-in',
      join(dir, 'tls', 'cert.pem'),
      '-noout',
      '-ext',
      'subjectAltName',
    ]);
    assert.match(v.stdout, /IP Address:127\.0\.0\.1/);
  });
});
