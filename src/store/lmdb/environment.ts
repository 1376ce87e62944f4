import { mkdirSync } from 'node:fs';
import { type Database, open, type RootDatabase } from 'lmdb';

/** The named sub-databases of one Linden environment. */
export interface Databases {
  readonly root: RootDatabase;
  /** id → entry record (`id2entry.ts`) */
  readonly id2entry: Database<Buffer, number>;
  /** normalized DN → id (`dn2id.ts`) */
  readonly dn2id: Database<number, string>;
  /** parent id → child ids, dupsort (`children.ts`) */
  readonly children: Database<number, number>;
  /** `index NUL key` → ids, dupsort (`index-keys.ts`) */
  readonly indexKeys: Database<number, Buffer>;
  /** meta key → bytes (`meta.ts`) */
  readonly meta: Database<Buffer, string>;
  /** counter name → value (`sequences.ts`) */
  readonly sequences: Database<number, string>;
  /** commit number → what it changed, for other processes (`change-log.ts`) */
  readonly changes: Database<ChangeRecord, number>;
}

export interface ChangeRecord {
  /** The writing store instance, so a store skips its own commits. */
  readonly w: string;
  readonly i: number[];
  readonly m: string[];
}

export interface EnvironmentOptions {
  readonly mapSize?: number;
  readonly noSync?: boolean;
}

/**
 * One LMDB environment in one folder, its sub-databases named after the
 * mapping each holds. Ids are stored as numbers in lmdb's ordered-binary
 * encoding (keys and dupsort values), which sorts them numerically up to 2^53.
 */
export function openEnvironment(path: string, options: EnvironmentOptions): Databases {
  mkdirSync(path, { recursive: true });
  const root = open({
    path,
    maxDbs: 12,
    // Reads in one event turn share a read transaction, but a search that
    // spans commits pins its own; LMDB's default of 126 slots per environment
    // (all processes together) is too few for many concurrent searches on N
    // workers. A slot costs 64 bytes of the lock file.
    maxReaders: 1024,
    ...(options.mapSize === undefined ? {} : { mapSize: options.mapSize }),
    ...(options.noSync ? { noSync: true } : {}),
  });
  return {
    root,
    id2entry: root.openDB<Buffer, number>({ name: 'id2entry', encoding: 'binary' }),
    dn2id: root.openDB<number, string>({ name: 'dn2id', encoding: 'ordered-binary' }),
    children: root.openDB<number, number>({ name: 'children', dupSort: true, encoding: 'ordered-binary' }),
    indexKeys: root.openDB<number, Buffer>({
      name: 'index-keys',
      dupSort: true,
      encoding: 'ordered-binary',
      keyEncoding: 'binary',
    }),
    meta: root.openDB<Buffer, string>({ name: 'meta', encoding: 'binary' }),
    sequences: root.openDB<number, string>({ name: 'sequences', encoding: 'ordered-binary' }),
    changes: root.openDB<ChangeRecord, number>({ name: 'changes' }),
  };
}
