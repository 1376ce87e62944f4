/**
 * The three-node example of docs/operations-postgres.md, run as written: one
 * PostgreSQL, `linden store migrate`, three `linden serve` processes from
 * their YAML files, and the SDK with the URL list in front. A node stops and
 * the application carries on through the others.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Directory } from '../../src/sdk/index.ts';
import { createDatabase, run } from '../support/linden.ts';
import { type PostgresServer, postgresAvailable, startPostgres } from '../support/postgres.ts';
import { freePort } from '../support/slapd.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL is not installed';
const bin = fileURLToPath(new URL('../../bin/linden.js', import.meta.url));
const BASE = 'dc=example,dc=org';
const ADMIN = `cn=admin,${BASE}`;
const ADMIN_PASSWORD = 'three-nodes-admin';

/** A node's YAML, as the operations page shows it (ports and database URL filled in). */
export function nodeYaml(n: number, ldapPort: number, httpPort: number, databaseUrl: string): string {
  return `# node${n}.yaml
dataDir: ./node${n}
suffixes: ['${BASE}']
listen:
  ldap: 127.0.0.1:${ldapPort}
  http: 127.0.0.1:${httpPort}
store:
  engine: postgres
  url: ${databaseUrl}
  urlPasswordFile: ./db-password
  poolSize: 10
  connectTimeout: 60
admin:
  dn: ${ADMIN}
  passwordFile: ./admin-password
integrity:
  unique:
    - attribute: uid
log:
  level: info
  access: false
`;
}

interface Node {
  readonly process: ChildProcess;
  readonly url: string;
  readonly http: string;
  stderr: string;
}

describe('three linden serve nodes on one PostgreSQL, from YAML files', { skip }, () => {
  let db: PostgresServer;
  let dir: string;
  const nodes: Node[] = [];
  const spawned: ChildProcess[] = [];
  const linden = (args: string[]) => run(process.execPath, [bin, ...args]);

  before(async () => {
    db = await startPostgres();
    // The database and its role exist (CREATE ROLE linden LOGIN PASSWORD …; CREATE DATABASE linden OWNER linden).
    const databaseUrl = await createDatabase(db.url, 'linden');
    dir = mkdtempSync(join(tmpdir(), 'linden-three-'));
    writeFileSync(join(dir, 'admin-password'), `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
    // The test server trusts local connections; the file is read and sent all the same.
    writeFileSync(join(dir, 'db-password'), 'db-secret\n', { mode: 0o600 });
    // A port freePort() gives is free only until someone binds it: six different ones, or two nodes collide.
    const ports = new Set<number>();
    while (ports.size < 6) ports.add(await freePort());
    const free = [...ports];
    for (let n = 1; n <= 3; n++) {
      mkdirSync(join(dir, `node${n}`));
      const [ldap, http] = [free[2 * n - 2]!, free[2 * n - 1]!];
      writeFileSync(join(dir, `node${n}.yaml`), nodeYaml(n, ldap, http, databaseUrl));
    }
  });
  after(async () => {
    for (const child of spawned) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('linden store migrate prepares the database and says which versions ran', async () => {
    const first = await linden(['store', 'migrate', '-c', join(dir, 'node1.yaml')]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /PostgreSQL at 127\.0\.0\.1:\d+\/linden: applied schema version\n {2}1: /);
    const again = await linden(['store', 'migrate', '-c', join(dir, 'node2.yaml')]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /is at schema version 1: nothing to do/);
  });

  it('linden config show masks the database password', async () => {
    const shown = await run(process.execPath, [bin, 'config', 'show', '-c', join(dir, 'node1.yaml')], {
      env: { LINDEN_STORE_URL: `${db.url.replace('postgres@', 'postgres:url-secret@')}` },
    });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /url: postgres:\/\/postgres:\*{8}@127\.0\.0\.1/);
    assert.doesNotMatch(shown.stdout, /url-secret|db-secret/);
  });

  it('three nodes start together, and the SDK in front of them carries on when one stops', async () => {
    // All three at once: they share the database, and none waits for another.
    nodes.push(...(await Promise.all([1, 2, 3].map((n) => serve(join(dir, `node${n}.yaml`))))));
    for (const node of nodes) assert.match(node.stderr, /store: PostgreSQL at 127\.0\.0\.1:\d+\/linden/);

    const seed = [
      `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n`,
      `dn: ou=people,${BASE}\nobjectClass: organizationalUnit\nou: people\n`,
    ].join('\n');
    const added = await run('ldapadd', ['-x', '-H', nodes[0]!.url, '-D', ADMIN, '-w', ADMIN_PASSWORD], {
      input: seed,
    });
    assert.equal(added.code, 0, added.stderr);

    const urls = nodes.map((node) => node.url).join(' ');
    const sdk = new Directory({
      urls,
      bindDn: ADMIN,
      bindPassword: ADMIN_PASSWORD,
      userBase: `ou=people,${BASE}`,
      serverRetryMs: 60_000,
    });
    try {
      await sdk.add(`uid=ada,ou=people,${BASE}`, {
        objectClass: ['inetOrgPerson'],
        uid: ['ada'],
        cn: ['Ada Lovelace'],
        sn: ['Lovelace'],
      });
      await sdk.setPassword(`uid=ada,ou=people,${BASE}`, 'analytical-engine');
      assert.equal((await sdk.authenticate('ada', 'analytical-engine')).dn, `uid=ada,ou=people,${BASE}`);

      // Every node sees it at once.
      for (const node of nodes) {
        const found = await run('ldapsearch', [
          ...['-x', '-LLL', '-H', node.url, '-D', ADMIN, '-w', ADMIN_PASSWORD, '-b', BASE, '(uid=ada)', 'cn'],
        ]);
        assert.equal(found.code, 0, found.stderr);
        assert.match(found.stdout, /cn: Ada Lovelace/);
        const ready = await fetch(`${node.http}/readyz`);
        assert.equal(ready.status, 200);
      }

      // The first node stops; the SDK goes on with the next URL, for reads, logins and writes.
      nodes[0]!.process.kill('SIGTERM');
      await once(nodes[0]!.process, 'exit');
      assert.equal((await sdk.authenticate('ada', 'analytical-engine')).dn, `uid=ada,ou=people,${BASE}`);
      await sdk.add(`uid=grace,ou=people,${BASE}`, {
        objectClass: ['inetOrgPerson'],
        uid: ['grace'],
        cn: ['Grace Hopper'],
        sn: ['Hopper'],
      });
      // The uniqueness rule holds across the nodes that are left.
      await assert.rejects(
        sdk.add(`cn=other grace,ou=people,${BASE}`, {
          objectClass: ['inetOrgPerson'],
          uid: ['grace'],
          cn: ['other grace'],
          sn: ['Hopper'],
        }),
        (e: Error & { resultCode?: number }) => e.resultCode === 19,
      );
      const onThird = await run('ldapsearch', [
        ...[
          '-x',
          '-LLL',
          '-H',
          nodes[2]!.url,
          '-D',
          ADMIN,
          '-w',
          ADMIN_PASSWORD,
          '-b',
          BASE,
          '(uid=grace)',
          'cn',
        ],
      ]);
      assert.match(onThird.stdout, /cn: Grace Hopper/);
    } finally {
      await sdk.close();
    }
  });

  /** Starts `linden serve -c file` and resolves once it says where it serves. */
  async function serve(file: string): Promise<Node> {
    const child = spawn(process.execPath, [bin, 'serve', '-c', file], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = { process: child, url: '', http: '', stderr: '' };
    // Known to `after` at once: a node whose neighbour failed to start is stopped all the same.
    spawned.push(child);
    child.stdout!.on('data', (chunk: Buffer) => {
      node.stderr += chunk.toString('utf8');
    });
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        node.stderr += chunk.toString('utf8');
        const ldap = /^ {2}(ldap:\/\/\S+)$/m.exec(node.stderr);
        const http = /\/readyz: (http:\/\/\S+)$/m.exec(node.stderr);
        if (ldap && http) {
          node.url = ldap[1]!;
          node.http = http[1]!;
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`linden serve exited (${code}): ${node.stderr}`)));
    });
    return node;
  }
});
