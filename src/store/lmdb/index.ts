export { LmdbStore, type LmdbStoreConfig } from './lmdb-store.ts';
