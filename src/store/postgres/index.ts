/** The PostgreSQL engine's public face. */
export type { Health } from './availability.ts';
export { applyMigrations, LATEST_VERSION, MIGRATIONS, type Migration, migrate } from './migrations.ts';
export { isResync, type ResyncChange } from './notify.ts';
export type { PostgresStoreOptions } from './options.ts';
export { PostgresStore } from './postgres-store.ts';
