import type { PartialAttribute } from './attribute.ts';

/** SearchResultEntry (RFC 4511 §4.5.2). */
export interface SearchResultEntry {
  readonly type: 'searchResultEntry';
  readonly objectName: string;
  readonly attributes: readonly PartialAttribute[];
}
