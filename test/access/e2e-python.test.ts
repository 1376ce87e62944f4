/**
 * Both example directories served by a real Linden (startServer, rules file
 * from the example's configuration) and checked end to end with python-ldap.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as ops from '../../src/directory/index.ts';
import { parseLdif } from '../../src/ldif/index.ts';
import { MOZILLIANS_SCHEMA_FILE } from '../../src/schema/index.ts';
import { writeSelfSigned } from '../../src/server/tls/self-signed.ts';
import { type RunningServer, startServer } from '../../src/service/index.ts';
import { readExample } from './harness.ts';

const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);
const example = (name: string, file: string): string =>
  fileURLToPath(new URL(`../../examples/${name}/${file}`, import.meta.url));

async function pythonLdap(): Promise<boolean> {
  if (!existsSync(PYTHON)) return false;
  try {
    await run(PYTHON, ['-c', 'import ldap']);
    return true;
  } catch {
    return false;
  }
}
const skip = (await pythonLdap()) ? false : 'python3 with python-ldap is not installed';

async function serve(
  name: string,
  suffix: string,
  extra: Record<string, unknown> = {},
): Promise<RunningServer> {
  const server = await startServer({
    config: {
      suffixes: [suffix],
      store: { engine: 'memory' },
      listen: { ldap: '127.0.0.1:0', http: '' },
      admin: { dn: `cn=admin,${suffix}`, password: 'admin-secret' },
      passwords: { scheme: 'SSHA' },
      access: { file: example(name, 'access.rules') },
      log: { level: 'silent' },
      ...extra,
    } as never,
  });
  const env = { requester: { dn: server.adminDn, ndn: server.directory.adminNdn, ssf: 0 }, controls: [] };
  for (const r of parseLdif(readExample(name, 'data.ldif'))) {
    if (r.kind !== 'content') continue;
    await ops.add(
      server.directory,
      {
        type: 'addRequest',
        entry: r.dn,
        attributes: r.attributes.map((a) => ({ type: a.type, values: a.values })),
      },
      env,
    );
  }
  return server;
}

async function check(script: string, url: string): Promise<void> {
  try {
    const { stdout } = await run(PYTHON, [
      fileURLToPath(new URL(`./python/${script}`, import.meta.url)),
      url,
    ]);
    assert.equal(stdout.trim(), 'ok');
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    assert.fail(`${script}: ${err.stderr || err.stdout || String(e)}`);
  }
}

describe('example directories through python-ldap', { skip }, () => {
  it('community directory', async () => {
    const server = await serve('community-directory', 'dc=mozillians,dc=org', {
      schema: { files: [MOZILLIANS_SCHEMA_FILE] },
    });
    try {
      await check('community.py', server.url!);
    } finally {
      await server.stop();
    }
  });

  it('published directory (binds over StartTLS only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linden-access-'));
    const tls = { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
    await writeSelfSigned(tls);
    const server = await serve('published-directory', 'dc=cde-ev,dc=de', {
      tls: { ...tls, requireForBind: true },
    });
    try {
      await check('published.py', server.url!);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
