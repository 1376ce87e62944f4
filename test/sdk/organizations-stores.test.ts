import { after } from 'node:test';
import { type PostgresServer, startPostgres } from '../support/postgres.ts';
import { freshStore } from './organizations.fixtures.ts';
import { organizationStoreConformance } from './organizations-store.conformance.ts';

organizationStoreConformance('lmdb', () => freshStore('lmdb'));

let postgres: Promise<PostgresServer> | undefined;
after(async () => {
  await (await postgres)?.stop();
});
organizationStoreConformance('postgres', async () => {
  postgres ??= startPostgres();
  return freshStore('postgres', await postgres);
});
