/**
 * The operator's side of PostgreSQL: what `linden serve` says when the
 * database is unreachable or not migrated, `linden import` into PostgreSQL,
 * and `linden store copy` from LMDB to PostgreSQL and back.
 */
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createSelfSigned } from '../../src/server/tls/self-signed.ts';
import { createDatabase, run } from '../support/linden.ts';
import { type PostgresServer, postgresAvailable, startPostgres } from '../support/postgres.ts';
import { freePort } from '../support/slapd.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL is not installed';
const bin = fileURLToPath(new URL('../../bin/linden.js', import.meta.url));
const linden = (args: string[]) => run(process.execPath, [bin, ...args]);
const BASE = 'dc=example,dc=org';

function ldif(people: number): string {
  const out = [
    `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n`,
    `dn: ou=people,${BASE}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${BASE}\nobjectClass: organizationalUnit\nou: groups\n`,
  ];
  for (let i = 0; i < people; i++)
    out.push(
      `dn: uid=p${i},ou=people,${BASE}\nobjectClass: inetOrgPerson\nuid: p${i}\ncn: Person ${i}\nsn: Zoë ${i}\nmail: p${i}@example.org\n`,
    );
  out.push(
    `dn: cn=everyone,ou=groups,${BASE}\nobjectClass: groupOfNames\ncn: everyone\n${Array.from(
      { length: people },
      (_, i) => `member: uid=p${i},ou=people,${BASE}\n`,
    ).join('')}`,
  );
  // Renamed under a later parent: its id is lower than its new parent's, which a copy must keep.
  out.push(`dn: ou=later,${BASE}\nobjectClass: organizationalUnit\nou: later\n`);
  out.push(
    `dn: uid=p0,ou=people,${BASE}\nchangetype: modrdn\nnewrdn: uid=p0\ndeleteoldrdn: 1\nnewsuperior: ou=later,${BASE}\n`,
  );
  return out.join('\n');
}

describe('linden serve, import and store copy with PostgreSQL', { skip }, () => {
  let db: PostgresServer;
  let dir: string;
  const yaml = (name: string, store: string, extra = ''): string => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      `dataDir: ./${name}-data\nadmin: { password: copy-secret }\nlog: { level: warn }\nstore: ${store}\n${extra}`,
    );
    return file;
  };

  before(async () => {
    db = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), 'linden-store-cmd-'));
  });
  after(async () => {
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an unreachable database: linden serve names it and the reason, after retrying for connectTimeout', async () => {
    const port = await freePort();
    const file = yaml(
      'down',
      `{ engine: postgres, url: 'postgres://linden@127.0.0.1:${port}/linden', connectTimeout: 1 }`,
    );
    const started = Date.now();
    const r = await linden(['serve', '-c', file]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `^linden: cannot open the store \\(PostgreSQL at 127\\.0\\.0\\.1:${port}/linden\\): cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/linden: ECONNREFUSED`,
      ),
    );
    assert.match(r.stderr, /gave up after \d+ attempts/);
    assert.ok(Date.now() - started < 15_000);
  });

  it('a database not migrated, with autoMigrate off: linden serve says to run linden store migrate', async () => {
    const url = await createDatabase(db.url, 'unmigrated');
    const file = yaml('unmigrated', `{ engine: postgres, url: '${url}', autoMigrate: false }`);
    const r = await linden(['serve', '-c', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /schema version 0, this Linden needs 1: run `linden store migrate`/);
    const migrated = await linden(['store', 'migrate', '-c', file]);
    assert.match(migrated.stdout, /applied schema version/);
  });

  it('TLS to PostgreSQL: store.ssl.caFile verifies the server; without the CA the start names the reason', async () => {
    // The server gets a certificate: files it can read, then ssl = on.
    const pair = await createSelfSigned({ commonName: 'localhost' });
    const certFile = join(dir, 'pg-cert.pem');
    const keyFile = join(dir, 'pg-key.pem');
    writeFileSync(certFile, pair.cert);
    writeFileSync(keyFile, pair.key, { mode: 0o600 });
    if (process.getuid?.() === 0) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      for (const f of [certFile, keyFile]) chownSync(f, uid, -1);
      chmodSync(dir, 0o755);
    }
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`ALTER SYSTEM SET ssl_cert_file = ${pg.escapeLiteral(certFile)}`);
      await admin.query(`ALTER SYSTEM SET ssl_key_file = ${pg.escapeLiteral(keyFile)}`);
      await admin.query('ALTER SYSTEM SET ssl = on');
      await admin.query('SELECT pg_reload_conf()');
    } finally {
      await admin.end();
    }
    const url = await createDatabase(db.url, 'tls');
    const verified = yaml('tls', `{ engine: postgres, url: '${url}', ssl: { caFile: ${certFile} } }`);
    const ok = await linden(['store', 'migrate', '-c', verified]);
    assert.equal(ok.code, 0, ok.stderr);
    const unverified = yaml(
      'tls-no-ca',
      `{ engine: postgres, url: '${url}', ssl: { rejectUnauthorized: true }, connectTimeout: 1 }`,
    );
    const refused = await linden(['serve', '-c', unverified]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /PostgreSQL at 127\.0\.0\.1:\d+\/tls.*self-signed certificate/);
  });

  it('imports a tree larger than its write buffers into PostgreSQL exactly as into LMDB, and stops at a duplicate DN with its line', async () => {
    // 2,500 people: several buffered entry flushes and posting flushes sent while the import goes on.
    writeFileSync(join(dir, 'big.ldif'), ldif(2500));
    const lmdbFile = yaml('big-lmdb', '{ engine: lmdb }');
    const pgFile = yaml('big-pg', `{ engine: postgres, url: '${await createDatabase(db.url, 'big')}' }`);
    for (const f of [lmdbFile, pgFile]) {
      const r = await linden(['import', '-c', f, join(dir, 'big.ldif')]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /imported 2506 records/);
      assert.doesNotMatch(r.stderr, /warning/i);
    }
    const [fromLmdb, fromPg] = await Promise.all([lmdbFile, pgFile].map((f) => linden(['export', '-c', f])));
    assert.equal(fromPg!.code, 0, fromPg!.stderr);
    // The same entries, values and order; only what each import stamped itself differs.
    const stamped = /^(createTimestamp|modifyTimestamp|entryUUID): .*\n/gm;
    const a = fromLmdb!.stdout.replace(stamped, '');
    const b = fromPg!.stdout.replace(stamped, '');
    assert.equal(b.match(/^dn: /gm)?.length, 2505);
    assert.ok(a === b, 'the PostgreSQL export differs from the LMDB export');
    assert.match(fromPg!.stdout, /memberOf: cn=everyone,ou=groups,dc=example,dc=org/);

    // A DN given twice within one batch: the import stops there, naming the line, with what came before kept.
    const dup = `dn: uid=q1,ou=people,${BASE}\nobjectClass: inetOrgPerson\nuid: q1\ncn: Q\nsn: Q\n`;
    writeFileSync(join(dir, 'dup.ldif'), `${dup}\n${dup}`);
    const refused = await linden(['import', '-c', pgFile, join(dir, 'dup.ldif')]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /dup\.ldif:7: uid=q1,ou=people,dc=example,dc=org: .*already ?exists/i);
    assert.match(refused.stderr, /1 records? went in before it/);
  });

  it('copies LMDB → PostgreSQL → LMDB: the same tree, searchable by index, refusing a non-empty target', async () => {
    const source = yaml('source', '{ engine: lmdb }');
    writeFileSync(join(dir, 'tree.ldif'), ldif(300));
    const imported = await linden(['import', '-c', source, join(dir, 'tree.ldif')]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported 306 records/);

    const pgFile = yaml('pg', `{ engine: postgres, url: '${await createDatabase(db.url, 'copy')}' }`);
    const copied = await linden(['store', 'copy', '--from', source, '--to', pgFile]);
    assert.equal(copied.code, 0, copied.stderr);
    assert.doesNotMatch(copied.stderr, /warning/i);
    assert.match(
      copied.stdout,
      /^copied 305 entries from LMDB at .* to PostgreSQL at 127\.0\.0\.1:\d+\/copy in /,
    );

    const again = await linden(['store', 'copy', '--from', source, '--to', pgFile]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /holds 305 entries; use --force to replace them/);
    const forced = await linden(['store', 'copy', '--force', '--from', source, '--to', pgFile]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /copied 305 entries .* \(replacing 305\)/);

    const back = yaml('back', '{ engine: lmdb }');
    const returned = await linden(['store', 'copy', '--from', pgFile, '--to', back]);
    assert.equal(returned.code, 0, returned.stderr);
    // Entries, their tree and operational attributes are the same in all three.
    const exports = await Promise.all([source, pgFile, back].map((f) => linden(['export', '-c', f])));
    for (const e of exports) assert.equal(e.code, 0, e.stderr);
    assert.equal(exports[1]!.stdout, exports[0]!.stdout);
    assert.equal(exports[2]!.stdout, exports[0]!.stdout);
    assert.match(exports[0]!.stdout, /dn: uid=p0,ou=later,dc=example,dc=org/);

    // The copy's indexes were built by its directory: indexed searches find entries on PostgreSQL.
    const port = await freePort();
    const served = yaml(
      'served',
      `{ engine: postgres, url: '${db.url.replace(/\/postgres$/, '/copy')}' }`,
      `listen: { ldap: '127.0.0.1:${port}', http: '' }\n`,
    );
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'serve', '-c', served], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let text = '';
        child.stderr!.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('Linden is serving')) resolve();
        });
        child.once('exit', () => reject(new Error(text)));
      });
      const args = [
        '-x',
        '-LLL',
        '-H',
        `ldap://127.0.0.1:${port}`,
        '-D',
        `cn=admin,${BASE}`,
        '-w',
        'copy-secret',
      ];
      const bySn = await run('ldapsearch', [...args, '-b', BASE, '(sn=zoë 12*)', '1.1']);
      assert.equal(bySn.code, 0, bySn.stderr);
      assert.equal(bySn.stdout.match(/^dn:/gm)?.length, 11); // 12, 120…129
      const members = await run('ldapsearch', [
        ...args,
        '-b',
        BASE,
        `(memberOf=cn=everyone,ou=groups,${BASE})`,
        '1.1',
      ]);
      assert.equal(members.stdout.match(/^dn:/gm)?.length, 300);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
