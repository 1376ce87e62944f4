import { type MemoryState, MemoryStore } from '../../src/store/memory/index.ts';
import { runConformance } from './conformance.ts';

async function opened(state?: MemoryState): Promise<MemoryStore> {
  const store = new MemoryStore(state);
  await store.open();
  return store;
}

runConformance('memory', {
  create: () => opened(),
  async reopen(store) {
    await store.close();
    return opened((store as MemoryStore).state);
  },
  openSibling: (store) => opened((store as MemoryStore).state),
});
