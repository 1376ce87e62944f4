import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type Attribute, readAttributeList, writeAttributeList } from './attribute.ts';

/** AddRequest (RFC 4511 §4.7). Every attribute has at least one value. */
export interface AddRequest {
  readonly type: 'addRequest';
  readonly entry: string;
  readonly attributes: readonly Attribute[];
}

/*
 * AddRequest ::= [APPLICATION 8] SEQUENCE {
 *      entry           LDAPDN,
 *      attributes      AttributeList }
 *
 * AttributeList ::= SEQUENCE OF attribute Attribute
 */
export function readAddRequest(r: BerReader): AddRequest {
  r.enter(ProtocolOperation.addRequest);
  const entry = r.readString();
  const attributes = readAttributeList(r, true);
  r.leave();
  return { type: 'addRequest', entry, attributes };
}

export function writeAddRequest(w: BerWriter, op: AddRequest): void {
  w.startSequence(ProtocolOperation.addRequest);
  w.writeString(op.entry);
  writeAttributeList(w, op.attributes);
  w.endSequence();
}
