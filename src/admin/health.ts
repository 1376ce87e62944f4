import type { Store } from '../store/index.ts';

/** How long /readyz waits for the store before calling it unavailable. */
const STORE_TIMEOUT_MS = 2000;

export interface Readiness {
  readonly ready: boolean;
  readonly store: string;
  readonly entries?: number;
}

/** Ready when a read transaction on the store completes in time (PostgreSQL up, LMDB open). */
export async function readiness(store: Store): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const entries = await Promise.race([
      store.read((txn) => txn.entryCount()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)),
          STORE_TIMEOUT_MS,
        );
      }),
    ]);
    return { ready: true, store: 'ok', entries };
  } catch (e) {
    return { ready: false, store: e instanceof Error ? e.message : 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}
