import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbAccountStore, PostgresAccountStore } from '../../src/sdk/index.ts';
import { startPostgres } from '../support/postgres.ts';
import { accountStoreConformance } from './account-store.conformance.ts';

accountStoreConformance('lmdb', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'linden-accounts-'));
  return { store: new LmdbAccountStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

accountStoreConformance('postgres', async () => {
  const server = await startPostgres();
  const store = await PostgresAccountStore.open(server.url);
  // Opening twice must find the migrations applied and change nothing.
  await (await PostgresAccountStore.open(server.url)).close();
  return { store, cleanup: () => server.stop() };
});
