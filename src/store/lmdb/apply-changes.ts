import type { WriteChanges } from '../txn/write-changes.ts';
import { IN_WRITE } from './read-options.ts';
import { COMMIT_SEQUENCE, ENTRY_COUNT } from './sequences.ts';
import type { Tables } from './tables.ts';

/**
 * Writes one transaction's changes; runs inside an LMDB write transaction, so
 * its reads see the latest commit of any process. Returns false, writing
 * nothing, if a commit happened after `expectedCommit`, the commit number of
 * the snapshot the changes were computed on: they would then rest on a stale
 * state.
 */
export function applyChanges(
  tables: Tables,
  changes: WriteChanges,
  expectedCommit: number,
  writer: string,
): boolean {
  const { sequences } = tables;
  const commit = sequences.get(COMMIT_SEQUENCE, IN_WRITE) ?? 0;
  if (commit !== expectedCommit) return false;
  for (const [id, entry] of changes.entries) {
    if (entry === null) tables.id2entry.remove(id);
    else tables.id2entry.put(entry);
  }
  for (const [ndn, id] of changes.dn2id) {
    if (id === null) tables.dn2id.remove(ndn);
    else tables.dn2id.put(ndn, id);
  }
  for (const [parentId, delta] of changes.children) {
    for (const id of delta.removed) tables.children.remove(parentId, id);
    for (const id of delta.added) tables.children.add(parentId, id);
  }
  // In key order: consecutive writes then land on the same B-tree pages (a
  // bulk load's batch touches thousands of keys).
  for (const index of [...changes.postings.keys()].sort()) {
    const keys = changes.postings.get(index)!;
    for (const key of [...keys.keys()].sort()) {
      const delta = keys.get(key)!;
      tables.indexKeys.apply(index, key, delta.removed, delta.added);
    }
  }
  for (const [key, value] of changes.meta) tables.meta.put(key, value);
  for (const [name, value] of changes.sequences) sequences.put(name, value);
  if (changes.entryDelta !== 0) {
    sequences.put(ENTRY_COUNT, (sequences.get(ENTRY_COUNT, IN_WRITE) ?? 0) + changes.entryDelta);
  }
  sequences.put(COMMIT_SEQUENCE, commit + 1);
  tables.changeLog.record(commit + 1, writer, changes.toStoreChange());
  return true;
}
