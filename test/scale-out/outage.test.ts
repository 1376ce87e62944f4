/**
 * PostgreSQL stops under a running Linden: the node says so in its log and on
 * /readyz, refuses reads and writes with `unavailable` (52) at once instead
 * of hanging, and serves again by itself when the database is back.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { type RunningServer, startServer } from '../../src/service/index.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE, run } from '../support/linden.ts';
import { type PostgresServer, postgresAvailable, startPostgres } from '../support/postgres.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL is not installed';

/** The node's log lines, with an event per line. */
class LogLines extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.lines.push(line);
      this.emit('line', line);
    }
    done();
  }

  /** Resolves with the first line (already written or to come) matching `pattern`. */
  async waitFor(pattern: RegExp): Promise<string> {
    const seen = this.lines.find((l) => pattern.test(l));
    if (seen) return seen;
    for (;;) {
      const [line] = (await once(this, 'line')) as [string];
      if (pattern.test(line)) return line;
    }
  }
}

describe('a Linden node while its PostgreSQL is down', { skip }, () => {
  let db: PostgresServer;
  let node: RunningServer;
  let dir: string;
  const log = new LogLines();

  before(async () => {
    db = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), 'linden-outage-'));
    node = await startServer({
      config: {
        dataDir: dir,
        store: { engine: 'postgres', url: db.url },
        listen: { ldap: '127.0.0.1:0', ldaps: '', http: '127.0.0.1:0' },
        admin: { dn: ADMIN_DN, password: ADMIN_PASSWORD },
        demo: true,
        log: { level: 'info', access: false },
      },
      logger: pino({ level: 'info' }, log),
    });
  });
  after(async () => {
    await node?.stop();
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ldapmodify = (value: string) =>
    run('ldapmodify', ['-x', '-H', node.url!, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD], {
      input: `dn: uid=alice,ou=people,${BASE}\nchangetype: modify\nreplace: description\ndescription: ${value}\n`,
    });
  const ldapsearch = () =>
    run('ldapsearch', [
      '-x',
      '-H',
      node.url!,
      '-D',
      ADMIN_DN,
      '-w',
      ADMIN_PASSWORD,
      '-b',
      BASE,
      '(uid=alice)',
    ]);
  const readyz = async () => (await fetch(`${node.httpUrl}/readyz`)).status;

  it('answers 52 at once, says not ready, and recovers when the database is back', async () => {
    assert.equal((await ldapmodify('before')).code, 0);
    assert.equal(await readyz(), 200);

    await db.halt();
    let started = Date.now();
    const write = await ldapmodify('during');
    assert.equal(write.code, 52, `ldapmodify: ${write.stderr}`);
    assert.match(write.stderr, /unavailable/i);
    assert.ok(Date.now() - started < 5000, `the refusal took ${Date.now() - started} ms`);
    started = Date.now();
    const read = await ldapsearch();
    assert.equal(read.code, 52, `ldapsearch: ${read.stderr}`);
    assert.ok(Date.now() - started < 5000, `the refusal took ${Date.now() - started} ms`);
    assert.equal(await readyz(), 503);
    const line = await log.waitFor(/does not answer/);
    assert.match(line, /PostgreSQL at 127\.0\.0\.1:\d+/);

    await db.restart();
    // The node finds the database again by itself (its health probe); the log says so.
    await log.waitFor(/answers again/);
    assert.equal(await readyz(), 200);
    const again = await ldapmodify('after');
    assert.equal(again.code, 0, again.stderr);
    const back = await ldapsearch();
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /description: after/);
  });
});
