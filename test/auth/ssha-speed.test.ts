import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hashPassword, verifyPassword } from '../../src/auth/index.ts';
import { ssha } from '../../src/auth/schemes/ssha.ts';

// {SSHA} verify sits on the bind path of the benchmark. This measures it and
// fails only on a gross regression (the bound is ~20× the expected cost).
it('verifies {SSHA} in a few microseconds', async (t) => {
  const stored = await hashPassword('secret', 'SSHA');
  const value = stored.slice('{SSHA}'.length);
  const password = Buffer.from('secret');
  const n = 100_000;
  for (let i = 0; i < 10_000; i++) ssha.verify(password, value);

  let start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (!ssha.verify(password, value)) assert.fail('mismatch');
  const schemeNs = Number(process.hrtime.bigint() - start) / n;

  start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (!(await verifyPassword(password, stored))) assert.fail('mismatch');
  const fullNs = Number(process.hrtime.bigint() - start) / n;

  t.diagnostic(
    `{SSHA} scheme verify: ${schemeNs.toFixed(0)} ns; verifyPassword (SASLprep + dispatch): ${fullNs.toFixed(0)} ns`,
  );
  assert.ok(fullNs < 50_000, `${fullNs} ns per verify`);
});
