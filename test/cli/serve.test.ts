import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../support/linden.ts';

const bin = fileURLToPath(new URL('../../bin/linden.js', import.meta.url));

/** Start `linden serve` and resolve with its LDAP URL once it prints it. */
async function serve(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      text += d.toString();
      const m = /(ldap:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`linden serve exited (${code}) before listening:\n${text}`)),
    );
  });
  return { child, url, output: () => text };
}

describe('linden serve as a process', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const setup = (extra: string[] = [], logLevel = 'warn'): { dir: string; config: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'linden-serve-'));
    dirs.push(dir);
    const config = join(dir, 'linden.yaml');
    writeFileSync(
      config,
      [
        `dataDir: ${dir}/data`,
        "listen: { ldap: '127.0.0.1:0', http: '' }",
        'demo: true',
        `log: { level: '${logLevel}', access: false }`,
        ...extra,
        '',
      ].join('\n'),
    );
    return { dir, config };
  };

  it('takes the administrator password from LINDEN_ADMIN_PASSWORD, serves the demo tree, and stops cleanly on SIGTERM', async () => {
    const { config } = setup();
    const { child, url } = await serve(['-c', config], { LINDEN_ADMIN_PASSWORD: 'from-the-env' });
    const who = await run('ldapwhoami', [
      '-x',
      '-H',
      url,
      '-D',
      'cn=admin,dc=example,dc=org',
      '-w',
      'from-the-env',
    ]);
    assert.equal(who.code, 0, who.stderr);
    const alice = await run('ldapsearch', [
      '-x',
      '-H',
      url,
      '-D',
      'cn=admin,dc=example,dc=org',
      '-w',
      'from-the-env',
      '-b',
      'dc=example,dc=org',
      '-LLL',
      '(uid=alice)',
      '1.1',
    ]);
    assert.match(alice.stdout, /dn: uid=alice,ou=people,dc=example,dc=org/);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('takes it from admin.passwordFile, and refuses a wrong one', async () => {
    const { dir } = setup();
    writeFileSync(join(dir, 'admin.pw'), 'from-a-file\n', { mode: 0o600 });
    const { config } = setup([`admin: { passwordFile: '${join(dir, 'admin.pw')}' }`]);
    const { child, url } = await serve(['-c', config], {});
    assert.equal(
      (await run('ldapwhoami', ['-x', '-H', url, '-D', 'cn=admin,dc=example,dc=org', '-w', 'from-a-file']))
        .code,
      0,
    );
    assert.equal(
      (await run('ldapwhoami', ['-x', '-H', url, '-D', 'cn=admin,dc=example,dc=org', '-w', 'from-the-env']))
        .code,
      49,
    );
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it('SIGHUP reloads the access rules without dropping an open connection; a broken rules file keeps the old ones', async () => {
    const { dir } = setup();
    const rules = join(dir, 'rules.conf');
    writeFileSync(rules, 'access to attrs=userPassword\n  by anonymous auth\naccess to *\n  by users read\n');
    const { config } = setup([`access: { file: '${rules}' }`], 'info');
    const { child, url, output } = await serve(['-c', config], { LINDEN_ADMIN_PASSWORD: 'x-admin' });
    const { Client } = await import('ldapts');
    const alice = new Client({ url });
    await alice.bind('uid=alice,ou=people,dc=example,dc=org', 'linden-demo');
    const mail = async () => {
      const v = (
        await alice.search('uid=bob,ou=people,dc=example,dc=org', { scope: 'base', attributes: ['mail'] })
      ).searchEntries[0]?.mail;
      return Array.isArray(v) && v.length === 0 ? undefined : v; // ldapts gives [] for an attribute not returned
    };
    assert.equal(await mail(), 'bob@example.org');
    const reloaded = (n: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if ((output().match(/reloaded access rules|reload failed/g) ?? []).length >= n) resolve();
          else child.stdout!.once('data', check);
        };
        check();
      });
    writeFileSync(
      rules,
      'access to attrs=userPassword\n  by anonymous auth\naccess to attrs=mail\n  by self read\naccess to *\n  by users read\n',
    );
    child.kill('SIGHUP');
    await reloaded(1);
    assert.match(output(), /reloaded access rules/);
    // The same connection, still bound as alice, now sees no mail of bob's.
    assert.equal(await mail(), undefined);
    writeFileSync(rules, 'access to nowhere by everyone\n');
    child.kill('SIGHUP');
    await reloaded(2);
    assert.match(output(), /reload failed/);
    assert.equal(await mail(), undefined);
    await alice.unbind();
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it('a configuration error stops the start with a message naming the key', async () => {
    const { config } = setup(['limits: { maxConnections: -1 }']);
    const r = await run(process.execPath, [bin, 'serve', '-c', config]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /limits\.maxConnections/);
  });
});
