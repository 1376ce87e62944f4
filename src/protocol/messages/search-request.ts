import { type BerReader, type BerWriter, Tag } from '../../ber/index.ts';
import type { Filter } from '../../filter/model.ts';
import { readFilter, writeFilter } from '../filter-codec.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

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

/*
 * SearchRequest ::= [APPLICATION 3] SEQUENCE {
 *      baseObject      LDAPDN,
 *      scope           ENUMERATED {
 *           baseObject              (0),
 *           singleLevel             (1),
 *           wholeSubtree            (2),
 *           ...  },
 *      derefAliases    ENUMERATED {
 *           neverDerefAliases       (0),
 *           derefInSearching        (1),
 *           derefFindingBaseObj     (2),
 *           derefAlways             (3) },
 *      sizeLimit       INTEGER (0 ..  maxInt),
 *      timeLimit       INTEGER (0 ..  maxInt),
 *      typesOnly       BOOLEAN,
 *      filter          Filter,
 *      attributes      AttributeSelection }
 *
 * AttributeSelection ::= SEQUENCE OF selector LDAPString
 */
export function readSearchRequest(r: BerReader): SearchRequest {
  r.enter(ProtocolOperation.searchRequest);
  const baseObject = r.readString();
  let at = r.offset;
  const scope = r.readEnumerated();
  if (scope < 0 || scope > 3) r.fail(`unknown search scope ${scope}`, at);
  at = r.offset;
  const derefAliases = r.readEnumerated();
  if (derefAliases < 0 || derefAliases > 3) r.fail(`unknown derefAliases ${derefAliases}`, at);
  at = r.offset;
  const sizeLimit = r.readInteger();
  if (sizeLimit < 0) r.fail('negative sizeLimit', at);
  at = r.offset;
  const timeLimit = r.readInteger();
  if (timeLimit < 0) r.fail('negative timeLimit', at);
  const typesOnly = r.readBoolean();
  const filter = readFilter(r);
  r.enter(Tag.sequence);
  const attributes: string[] = [];
  while (r.hasMore()) attributes.push(r.readString());
  r.leave();
  r.leave();
  return {
    type: 'searchRequest',
    baseObject,
    scope: scope as SearchScope,
    derefAliases: derefAliases as DerefAliases,
    sizeLimit,
    timeLimit,
    typesOnly,
    filter,
    attributes,
  };
}

export function writeSearchRequest(w: BerWriter, op: SearchRequest): void {
  w.startSequence(ProtocolOperation.searchRequest);
  w.writeString(op.baseObject);
  w.writeEnumerated(op.scope);
  w.writeEnumerated(op.derefAliases);
  w.writeInteger(op.sizeLimit);
  w.writeInteger(op.timeLimit);
  w.writeBoolean(op.typesOnly);
  writeFilter(w, op.filter);
  w.startSequence(Tag.sequence);
  for (const a of op.attributes) w.writeString(a);
  w.endSequence();
  w.endSequence();
}
