/**
 * The load script on a small scale: 500 idle connections stay open while
 * 50 clients log users in by search-then-bind for 5 seconds, with no error.
 * (`scripts/load.ts` runs the full 5,000 + 500 for 60 s; see docs/operations.md.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runLoad } from '../../scripts/load.ts';
import { BASE, startLinden, type TestLinden } from '../support/linden.ts';

let s: TestLinden;
before(async () => {
  s = await startLinden({
    engine: 'lmdb',
    config: {
      passwords: { scheme: 'SSHA512' },
      lockout: { maxFailures: 0 },
      limits: { bindRatePerMinute: 0, idleTimeout: 0 },
    },
  });
});
after(() => s.stop());

test('500 idle connections and 50 active search-then-bind clients for 5 s: no errors, no idle connection lost', async (t) => {
  const result = await runLoad({
    url: s.url,
    idle: 500,
    active: 50,
    seconds: 5,
    base: BASE,
    users: ['alice', 'bob', 'chloe', 'darius'].map((uid) => ({ uid, password: 'linden-demo' })),
  });
  t.diagnostic(
    `${result.logins} logins (${result.loginsPerSecond}/s), p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
  );
  assert.deepEqual(result.firstErrors, []);
  assert.equal(result.errors, 0);
  assert.equal(result.idleLost, 0);
  assert.equal(result.idleOpen, 500);
  assert.ok(result.logins > 50, `only ${result.logins} logins`);
});
