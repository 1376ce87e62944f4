import type { WriteTxn } from '../store/contract.ts';
import type { Directory } from './directory.ts';
import type { Entry } from './entry.ts';
import type { Requester } from './requester.ts';

/**
 * An integrity feature stacked on the operations (memberOf, referential
 * integrity, uniqueness): each hook runs inside the operation's write
 * transaction, after the schema and access checks, so what it changes
 * commits or rolls back with the operation.
 */
export interface WriteEvent {
  readonly directory: Directory;
  readonly txn: WriteTxn;
  readonly requester: Requester;
}

export interface Overlay {
  readonly name: string;
  /** Before an entry is added: may adjust `entry` or throw an LdapError. */
  beforeAdd?(event: WriteEvent, entry: Entry): Promise<void>;
  afterAdd?(event: WriteEvent, entry: Entry): Promise<void>;
  beforeModify?(event: WriteEvent, before: Entry, after: Entry): Promise<void>;
  afterModify?(event: WriteEvent, before: Entry, after: Entry): Promise<void>;
  beforeDelete?(event: WriteEvent, entry: Entry): Promise<void>;
  afterDelete?(event: WriteEvent, entry: Entry): Promise<void>;
  /** After an entry (and its subtree) moved from `before.dn` to `after.dn`. */
  afterRename?(event: WriteEvent, before: Entry, after: Entry): Promise<void>;
}
