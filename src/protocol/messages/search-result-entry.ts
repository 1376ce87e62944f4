import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type PartialAttribute, readAttributeList, writeAttributeList } from './attribute.ts';

/** SearchResultEntry (RFC 4511 §4.5.2). */
export interface SearchResultEntry {
  readonly type: 'searchResultEntry';
  readonly objectName: string;
  readonly attributes: readonly PartialAttribute[];
}

/*
 * SearchResultEntry ::= [APPLICATION 4] SEQUENCE {
 *      objectName      LDAPDN,
 *      attributes      PartialAttributeList }
 *
 * PartialAttributeList ::= SEQUENCE OF partialAttribute PartialAttribute
 */
export function readSearchResultEntry(r: BerReader): SearchResultEntry {
  r.enter(ProtocolOperation.searchResultEntry);
  const objectName = r.readString();
  const attributes = readAttributeList(r, false);
  r.leave();
  return { type: 'searchResultEntry', objectName, attributes };
}

export function writeSearchResultEntry(w: BerWriter, op: SearchResultEntry): void {
  w.startSequence(ProtocolOperation.searchResultEntry);
  w.writeString(op.objectName);
  writeAttributeList(w, op.attributes);
  w.endSequence();
}
