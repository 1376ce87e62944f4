/** The storage layer's public face: the contract, and the factory that opens an engine behind it. */
export * from './contract.ts';
export { openStore, type StoreConfig } from './open-store.ts';
