import type { EntryId, StoreChange } from '../contract.ts';

/** The channel every node LISTENs on and every write transaction NOTIFYs. */
export const CHANNEL = 'linden_changes';

/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; stay clear of it. */
const MAX_PAYLOAD_BYTES = 7_900;

/**
 * A change a node did not see in full: its notification connection dropped (so
 * notifications may have been missed), or a commit changed too much to list.
 * `ids` is empty and `metaKeys` names every meta value in the store, so a
 * listener unaware of `resync` still reloads every meta-keyed cache; one that
 * knows should drop its entry caches too.
 */
export interface ResyncChange extends StoreChange {
  readonly resync: true;
}

export function isResync(change: StoreChange): change is ResyncChange {
  return (change as Partial<ResyncChange>).resync === true;
}

/**
 * The payload: `{"n": node, "i": ids, "m": metaKeys}`, where runs of
 * consecutive ids (a subtree import, a batch of adds) are written `[first, last]`,
 * or `{"n": node, "r": 1}` ("reload everything") when that would not fit.
 * `n` lets a node skip its own commits.
 */
export function encodeChange(node: string, ids: readonly EntryId[], metaKeys: readonly string[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const runs: (EntryId | [EntryId, EntryId])[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j === i ? sorted[i]! : [sorted[i]!, sorted[j]!]);
    i = j + 1;
  }
  const payload = JSON.stringify({ n: node, i: runs, m: metaKeys });
  // JSON of ASCII-only keys has as many bytes as characters; others need counting.
  if (payload.length * 3 < MAX_PAYLOAD_BYTES || Buffer.byteLength(payload) < MAX_PAYLOAD_BYTES)
    return payload;
  return JSON.stringify({ n: node, r: 1 });
}

export type DecodedChange =
  | { readonly node: string; readonly resync: false; readonly change: StoreChange }
  | { readonly node: string; readonly resync: true };

/** Undefined for a payload not written by `encodeChange`. */
export function decodeChange(payload: string): DecodedChange | undefined {
  let parsed: { n?: unknown; i?: unknown; m?: unknown; r?: unknown };
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const { n: node, i: runs, m: metaKeys, r } = parsed;
  if (typeof node !== 'string') return undefined;
  if (r === 1) return { node, resync: true };
  if (!Array.isArray(runs) || !Array.isArray(metaKeys)) return undefined;
  const ids: EntryId[] = [];
  for (const run of runs) {
    if (typeof run === 'number') ids.push(run);
    else if (Array.isArray(run) && typeof run[0] === 'number' && typeof run[1] === 'number') {
      for (let id = run[0]; id <= run[1]; id++) ids.push(id);
    } else return undefined;
  }
  return { node, resync: false, change: { ids, metaKeys: metaKeys.map(String) } };
}
