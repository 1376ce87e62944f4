import type { Entry } from './entry.ts';
import type { Requester } from './requester.ts';

/**
 * Access levels in OpenLDAP's order: each includes the ones before it
 * (`read` implies `search`, `compare`, `auth` and `disclose`).
 */
export const AccessLevel = {
  none: 0,
  disclose: 1,
  auth: 2,
  compare: 3,
  search: 4,
  read: 5,
  write: 6,
  manage: 7,
} as const;
export type AccessLevel = (typeof AccessLevel)[keyof typeof AccessLevel];

/**
 * What an access check asks. `attribute` is an attribute key (`cn`), or the
 * pseudo-attributes `entry` (the entry itself) and `children` (adding or
 * removing entries below it). Write privileges are split as OpenLDAP splits
 * them: `add`/`delete` of a value are `write` with `value` and `op`.
 */
export interface AccessQuestion {
  readonly entry: Entry;
  readonly attribute: string;
  readonly level: AccessLevel;
  readonly value?: Buffer;
  /** For write: whether the value is added, deleted or incremented (selfwrite, `=a`, `=z`, `=i`); absent means all three. */
  readonly op?: 'add' | 'delete' | 'increment';
}

/**
 * The rules as seen by one requester for the length of one operation. Checks
 * are synchronous so that filter matching stays on the fast path; anything a
 * rule needs from the store (group membership) is loaded by `prepare`.
 */
export interface AccessView {
  /** Whether this requester bypasses every rule (the administrator). */
  readonly unrestricted: boolean;
  can(question: AccessQuestion): boolean;
  /** Fast path: `true` when every user attribute of every entry in scope is readable (no per-attribute checks needed). */
  readsEverything?(): boolean;
  /**
   * Loads what the rules need to decide about `entries` beyond the entries
   * themselves (groups named by their attributes, as `set="this/manager/member & user"`
   * and `group.expand` clauses read), before `can` is asked about them.
   * Operations call it on the entries they are about to check: each search
   * batch, the target of compare/modify/delete/modifyDN, the parent and the
   * new entry of add. Without the call such clauses do not match.
   */
  prefetch?(entries: readonly Entry[]): Promise<void>;
}

export interface AccessPolicy {
  /** Build the view of the rules for `requester`; `loadEntry` resolves group DNs and the like. */
  prepare(requester: Requester, loadEntry: (ndn: string) => Promise<Entry | undefined>): Promise<AccessView>;
}

/** The view for the administrator: everything allowed. */
export const UNRESTRICTED: AccessView = Object.freeze({
  unrestricted: true,
  can: () => true,
  readsEverything: () => true,
});
