import type { Database } from 'lmdb';
import type { EntryId } from '../contract.ts';
import type { ReadOptions } from './read-options.ts';

/** parent id → child ids: a dupsort database, so the children come back ascending and counted by LMDB. */
export class Children {
  constructor(private readonly db: Database<number, number>) {}

  ids(parentId: EntryId, options: ReadOptions): EntryId[] {
    const ids: EntryId[] = [];
    for (const id of this.db.getValues(parentId, options)) ids.push(id);
    return ids;
  }

  count(parentId: EntryId, options: ReadOptions): number {
    // lmdb writes its own fields into the options of a count; it gets a copy.
    return this.db.getValuesCount(parentId, { ...options });
  }

  add(parentId: EntryId, id: EntryId): void {
    this.db.putSync(parentId, id);
  }

  remove(parentId: EntryId, id: EntryId): void {
    this.db.removeSync(parentId, id);
  }
}
