import { type BerReader, type BerWriter, Tag } from '../../ber/index.ts';

/**
 * PartialAttribute / Attribute (RFC 4511 §4.1.7). An Attribute is a
 * PartialAttribute with at least one value; the decoder enforces that where the
 * RFC asks for Attribute (AddRequest).
 */
export interface PartialAttribute {
  /** The AttributeDescription as the peer wrote it (`cn;lang-en`). */
  readonly type: string;
  readonly values: readonly Buffer[];
}

export type Attribute = PartialAttribute;

/*
 * PartialAttribute ::= SEQUENCE {
 *      type       AttributeDescription,
 *      vals       SET OF value AttributeValue }
 *
 * Attribute ::= PartialAttribute(WITH COMPONENTS {
 *      ...,
 *      vals (SIZE(1..MAX))})
 */
export function readPartialAttribute(r: BerReader, requireValues: boolean): PartialAttribute {
  const at = r.offset;
  r.enter(Tag.sequence);
  const type = r.readString();
  r.enter(Tag.set);
  const values: Buffer[] = [];
  while (r.hasMore()) values.push(r.readOctetString());
  r.leave();
  r.leave();
  if (requireValues && values.length === 0) r.fail(`attribute ${type} has no values`, at);
  return { type, values };
}

/** PartialAttributeList / AttributeList: SEQUENCE OF PartialAttribute. */
export function readAttributeList(r: BerReader, requireValues: boolean): PartialAttribute[] {
  r.enter(Tag.sequence);
  const list: PartialAttribute[] = [];
  while (r.hasMore()) list.push(readPartialAttribute(r, requireValues));
  r.leave();
  return list;
}

export function writePartialAttribute(w: BerWriter, type: string, values: readonly Buffer[]): void {
  w.startSequence(Tag.sequence);
  w.writeString(type);
  w.startSequence(Tag.set);
  for (const value of values) w.writeOctetString(value);
  w.endSequence();
  w.endSequence();
}

export function writeAttributeList(w: BerWriter, attributes: Iterable<PartialAttribute>): void {
  w.startSequence(Tag.sequence);
  for (const a of attributes) writePartialAttribute(w, a.type, a.values);
  w.endSequence();
}
