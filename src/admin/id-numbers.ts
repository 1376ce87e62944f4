import type { DirectoryClient } from './directory-client.ts';

/** Where numbering starts when no entry has a number yet (above the system range). */
export const FIRST_NUMBER = 10000;

/**
 * uidNumber/gidNumber allocation: the next free number above the highest in
 * use, found by a search run as the requester. Numbers handed out by this
 * process are remembered, so two consoles creating accounts at once do not
 * get the same number before either entry exists.
 */
export class NumberAllocator {
  readonly #issued = new Map<string, number>();
  #queue: Promise<unknown> = Promise.resolve();

  /** The next free value of `attribute` (uidNumber, gidNumber) across every suffix; `reserve: false` only looks. */
  next(client: DirectoryClient, attribute: string, reserve = true): Promise<number> {
    const run = this.#queue.then(async () => {
      const highest = await highestInUse(client, attribute);
      const key = attribute.toLowerCase();
      const floor = highest === 0 ? FIRST_NUMBER - 1 : highest;
      const n = Math.max(floor, this.#issued.get(key) ?? 0) + 1;
      if (reserve) this.#issued.set(key, n);
      return n;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

async function highestInUse(client: DirectoryClient, attribute: string): Promise<number> {
  let highest = 0;
  for (const suffix of client.dir.suffixes) {
    let cookie: string | undefined;
    do {
      const r = await client
        .search({
          base: suffix.dn,
          scope: 2,
          filter: `(${attribute}=*)`,
          attributes: [attribute],
          pageSize: 1000,
          ...(cookie ? { cookie } : {}),
        })
        .catch((e: unknown) => {
          if ((e as { resultCode?: number }).resultCode === 32) return { entries: [], cookie: undefined };
          throw e;
        });
      for (const e of r.entries)
        for (const a of e.attributes)
          for (const v of a.values) {
            const n = Number(v.toString('utf8'));
            if (Number.isSafeInteger(n) && n > highest) highest = n;
          }
      cookie = r.cookie;
    } while (cookie);
  }
  return highest;
}
