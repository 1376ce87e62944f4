import { type BerReader, type BerWriter, Tag } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** CompareRequest (RFC 4511 §4.10): the AttributeValueAssertion is flattened into attribute and value. */
export interface CompareRequest {
  readonly type: 'compareRequest';
  readonly entry: string;
  readonly attribute: string;
  readonly value: Buffer;
}

/*
 * CompareRequest ::= [APPLICATION 14] SEQUENCE {
 *      entry           LDAPDN,
 *      ava             AttributeValueAssertion }
 *
 * AttributeValueAssertion ::= SEQUENCE {
 *      attributeDesc   AttributeDescription,
 *      assertionValue  AssertionValue }
 */
export function readCompareRequest(r: BerReader): CompareRequest {
  r.enter(ProtocolOperation.compareRequest);
  const entry = r.readString();
  r.enter(Tag.sequence);
  const attribute = r.readString();
  const value = r.readOctetString();
  r.leave();
  r.leave();
  return { type: 'compareRequest', entry, attribute, value };
}

export function writeCompareRequest(w: BerWriter, op: CompareRequest): void {
  w.startSequence(ProtocolOperation.compareRequest);
  w.writeString(op.entry);
  w.startSequence(Tag.sequence);
  w.writeString(op.attribute);
  w.writeOctetString(op.value);
  w.endSequence();
  w.endSequence();
}
