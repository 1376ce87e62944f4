export { MemoryState } from './memory-state.ts';
export { MemoryStore } from './memory-store.ts';
