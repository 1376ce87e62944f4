import { ChangeLog } from './change-log.ts';
import { Children } from './children.ts';
import { Dn2Id } from './dn2id.ts';
import type { Databases } from './environment.ts';
import { Id2Entry } from './id2entry.ts';
import { IndexKeys } from './index-keys.ts';
import { Meta } from './meta.ts';
import { Sequences } from './sequences.ts';

/** The mappings of one environment, each behind the module named after it. */
export class Tables {
  readonly id2entry: Id2Entry;
  readonly dn2id: Dn2Id;
  readonly children: Children;
  readonly indexKeys: IndexKeys;
  readonly meta: Meta;
  readonly sequences: Sequences;
  readonly changeLog: ChangeLog;

  constructor(readonly dbs: Databases) {
    this.id2entry = new Id2Entry(dbs.id2entry);
    this.dn2id = new Dn2Id(dbs.dn2id);
    this.children = new Children(dbs.children);
    this.indexKeys = new IndexKeys(dbs.indexKeys);
    this.meta = new Meta(dbs.meta);
    this.sequences = new Sequences(dbs.sequences);
    this.changeLog = new ChangeLog(dbs.changes);
  }
}
