/**
 * The storage layer's public face: the contract, and the factory that opens an
 * engine behind it.
 *
 * Two rules for callers beyond the contract's text:
 * - A `write` callback may run more than once. The LMDB engine runs it
 *   optimistically and, if another process sharing the environment committed
 *   meanwhile, runs it again on the new state (`txn/run-write.ts`). Keep its
 *   effects inside the transaction (no sends, no counters outside the store).
 * - Do not call `store.write` from inside a write callback of the same store:
 *   writes queue one after another, so the inner one would wait for the outer.
 */
export * from './contract.ts';
export { openStore, type StoreConfig } from './open-store.ts';
