/**
 * Imported first by the test files that run an existing suite over PostgreSQL:
 * every `startLinden()` of the suite then puts its Linden on a fresh database
 * of a private PostgreSQL server (`test/support/linden.ts`).
 */
import { postgresAvailable } from '../support/postgres.ts';

export const postgresSkip = postgresAvailable() ? false : 'PostgreSQL is not installed';
if (!postgresSkip) process.env.LINDEN_TEST_ENGINE = 'postgres';
