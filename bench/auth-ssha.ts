// {SSHA} verify sits on the bind path of the benchmark: how long one check takes,
// in the scheme alone and through verifyPassword (SASLprep and dispatch).
// Run: node --import tsx bench/auth-ssha.ts
import { hashPassword, verifyPassword } from '../src/auth/index.ts';
import { ssha } from '../src/auth/schemes/ssha.ts';

const stored = await hashPassword('secret', 'SSHA');
const value = stored.slice('{SSHA}'.length);
const password = Buffer.from('secret');
const n = 200_000;
for (let i = 0; i < 20_000; i++) ssha.verify(password, value);
let start = process.hrtime.bigint();
for (let i = 0; i < n; i++) if (!ssha.verify(password, value)) throw new Error('mismatch');
const schemeNs = Number(process.hrtime.bigint() - start) / n;
start = process.hrtime.bigint();
for (let i = 0; i < n; i++) if (!(await verifyPassword(password, stored))) throw new Error('mismatch');
const fullNs = Number(process.hrtime.bigint() - start) / n;
console.log(`{SSHA} scheme verify: ${schemeNs.toFixed(0)} ns; verifyPassword: ${fullNs.toFixed(0)} ns`);
