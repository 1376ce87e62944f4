import type { AttributeType } from '../schema/types.ts';
import type { Directory } from './directory.ts';
import { decodeEntry } from './entry-codec.ts';
import { diffIndexKeys, entryIndexKeys, IndexConfig, type IndexKind } from './index-keys.ts';

/** The store meta key holding the index configuration the postings were built with. */
export const INDEX_CONFIG_META_KEY = 'directory/index-config';
const META_KEY = INDEX_CONFIG_META_KEY;
const BATCH = 1000;

/** The index configuration as stored: attribute key → sorted kinds, sorted by key. */
function describe(config: IndexConfig): string {
  const out: Record<string, IndexKind[]> = {};
  for (const key of [...config.attributeKeys].sort()) out[key] = [...(config.kinds(key) ?? [])].sort();
  return JSON.stringify(out);
}

/**
 * Bring the index postings in line with the configured indexes. The
 * configuration the postings were built with is kept in the store; when it
 * differs (an index added or removed), every entry's postings are recomputed,
 * a batch of entries per write transaction. Returns how many entries were visited.
 */
export async function syncIndexes(
  dir: Directory,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const current = describe(dir.indexes);
  const stored = await dir.read((txn) => txn.getMeta(META_KEY));
  const storedText = stored ? Buffer.from(stored).toString('utf8') : undefined;
  if (storedText === current) return 0;
  const total = await dir.read((txn) => txn.entryCount());
  if (storedText === undefined && total === 0) {
    await dir.write((txn) => txn.putMeta(META_KEY, Buffer.from(current)));
    return 0;
  }
  const typeOf = (key: string): AttributeType | undefined => dir.schema.attributeType(key);
  const old = storedText === undefined ? dir.indexes : fromDescription(dir, storedText);
  let after = 0;
  let done = 0;
  for (;;) {
    const n = await dir.write(async (txn) => {
      const ids = await txn.scanIds(after, BATCH);
      for (const s of await txn.getEntries(ids)) {
        if (!s) continue;
        const entry = decodeEntry(s.id, s.parentId, s.ndn, s.data);
        // With no record of the old configuration, postings may be anything: remove what the new one would add, then add it.
        const prev = entryIndexKeys(entry, old, typeOf);
        const next = entryIndexKeys(entry, dir.indexes, typeOf);
        const d = storedText === undefined ? { remove: prev, add: next } : diffIndexKeys(prev, next);
        if (d.remove.length) await txn.removeIndexKeys(entry.id, d.remove);
        if (d.add.length) await txn.addIndexKeys(entry.id, d.add);
      }
      if (ids.length) after = ids[ids.length - 1]!;
      return ids.length;
    });
    done += n;
    onProgress?.(done, total);
    if (n < BATCH) break;
  }
  await dir.write((txn) => txn.putMeta(META_KEY, Buffer.from(current)));
  return done;
}

/**
 * Another node sharing the store rebuilt the postings for a different index
 * configuration: take that configuration as this directory's, so that its
 * writes maintain the postings the store has and its searches trust only those.
 * Returns the configuration now in force when it changed, else undefined.
 */
export async function followStoredIndexes(dir: Directory): Promise<string | undefined> {
  const stored = await dir.read((txn) => txn.getMeta(META_KEY));
  if (!stored) return undefined;
  const storedText = Buffer.from(stored).toString('utf8');
  if (storedText === describe(dir.indexes)) return undefined;
  dir.indexes = fromDescription(dir, storedText);
  return storedText;
}

function fromDescription(dir: Directory, text: string): IndexConfig {
  const parsed = JSON.parse(text) as Record<string, IndexKind[]>;
  const specs: { type: AttributeType; kinds: IndexKind[] }[] = [];
  for (const [key, kinds] of Object.entries(parsed)) {
    const type = dir.schema.attributeType(key);
    if (type) specs.push({ type, kinds });
  }
  return new IndexConfig(specs, dir.indexes.objectClassClosure);
}
