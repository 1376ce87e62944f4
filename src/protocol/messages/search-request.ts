import type { Filter } from '../../filter/model.ts';

/** RFC 4511 §4.5.1.2 scope, plus subordinateSubtree (draft-sermersheim-ldap-subordinate-scope, used by OpenLDAP). */
export const SearchScope = {
  baseObject: 0,
  singleLevel: 1,
  wholeSubtree: 2,
  subordinateSubtree: 3,
} as const;
export type SearchScope = (typeof SearchScope)[keyof typeof SearchScope];

/** RFC 4511 §4.5.1.3 derefAliases. */
export const DerefAliases = {
  neverDerefAliases: 0,
  derefInSearching: 1,
  derefFindingBaseObj: 2,
  derefAlways: 3,
} as const;
export type DerefAliases = (typeof DerefAliases)[keyof typeof DerefAliases];

/** SearchRequest (RFC 4511 §4.5.1). */
export interface SearchRequest {
  readonly type: 'searchRequest';
  readonly baseObject: string;
  readonly scope: SearchScope;
  readonly derefAliases: DerefAliases;
  /** 0 means no client-requested limit (§4.5.1.4). */
  readonly sizeLimit: number;
  /** Seconds; 0 means no client-requested limit (§4.5.1.5). */
  readonly timeLimit: number;
  readonly typesOnly: boolean;
  readonly filter: Filter;
  /** AttributeSelection (§4.5.1.8), as sent: may hold `*`, `+`, `1.1`, `@objectClass`. */
  readonly attributes: readonly string[];
}
