import type { Store } from './contract.ts';
import { MemoryStore } from './memory/memory-store.ts';
import type { PostgresStoreOptions } from './postgres/options.ts';

export type StoreConfig =
  | { readonly engine: 'memory' }
  | {
      readonly engine: 'lmdb';
      /** The folder of the LMDB environment; created if missing. */
      readonly path: string;
      /** Bytes of address space to map; the environment grows up to it. */
      readonly mapSize?: number;
      /**
       * Skip the flush to disk at commit. Writes get much faster, but a crash of
       * the machine (not just the process) may lose recent commits or corrupt
       * the environment. For tests and throwaway data only.
       */
      readonly noSync?: boolean;
    }
  | ({ readonly engine: 'postgres' } & PostgresStoreOptions);

/** Builds and opens the store a configuration names. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = await createStore(config);
  await store.open();
  return store;
}

async function createStore(config: StoreConfig): Promise<Store> {
  switch (config.engine) {
    case 'memory':
      return new MemoryStore();
    case 'lmdb': {
      // Loaded on demand so that memory-only users never load the native module.
      const { LmdbStore } = await import('./lmdb/lmdb-store.ts');
      return new LmdbStore(config);
    }
    case 'postgres': {
      // Loaded on demand, like LMDB: only PostgreSQL users load the driver.
      const { PostgresStore } = await import('./postgres/postgres-store.ts');
      return new PostgresStore(config);
    }
    default: {
      const unknown: never = config;
      throw new TypeError(`unknown store engine ${(unknown as { engine: string }).engine}`);
    }
  }
}
