import type { Database, Key, Transaction } from 'lmdb';

/** lmdb's per-call options naming the read transaction; built once per snapshot and reused on every get. */
export interface ReadOptions {
  readonly transaction?: Transaction;
}

/** Reads inside a write transaction's callback: lmdb then reads from the write transaction. */
export const IN_WRITE: ReadOptions = {};

/** lmdb's typings leave out `getBinary`'s options argument, which its code takes (read.js). */
export function getBinary<K extends Key>(
  db: Database<unknown, K>,
  key: K,
  options: ReadOptions,
): Buffer | undefined {
  return (db.getBinary as (key: K, options: ReadOptions) => Buffer | undefined).call(db, key, options);
}

/** Like `getBinary`, into lmdb's reused buffer: valid only until the next read of any kind. */
export function getBinaryFast<K extends Key>(
  db: Database<unknown, K>,
  key: K,
  options: ReadOptions,
): Buffer | undefined {
  return (db.getBinaryFast as (key: K, options: ReadOptions) => Buffer | undefined).call(db, key, options);
}
