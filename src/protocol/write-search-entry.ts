import { type BerWriter, integerSize, lengthSize, Tag } from '../ber/index.ts';
import { writePartialAttribute } from './messages/attribute.ts';
import { type Control, writeControls } from './messages/control.ts';
import { ProtocolOperation } from './protocol-operation.ts';

/** What the search fast path needs of an attribute; `PartialAttribute` and the store's attributes both fit. */
export interface AttributeSource {
  readonly type: string;
  readonly values: readonly Buffer[];
}

/**
 * Writes a whole LDAPMessage holding a SearchResultEntry (RFC 4511 §4.5.2)
 * straight into `w`, with no intermediate message object: the server's
 * hottest output. Call `w.flush()` when enough entries are queued for a socket write.
 */
export function writeSearchResultEntry(
  w: BerWriter,
  messageId: number,
  objectName: string,
  attributes: Iterable<AttributeSource>,
  controls?: readonly Control[],
): void {
  w.startSequence(Tag.sequence);
  w.writeInteger(messageId);
  w.startSequence(ProtocolOperation.searchResultEntry);
  w.writeString(objectName);
  w.startSequence(Tag.sequence);
  for (const a of attributes) writePartialAttribute(w, a.type, a.values);
  w.endSequence();
  w.endSequence();
  if (controls !== undefined && controls.length > 0) writeControls(w, controls);
  w.endSequence();
}

/**
 * Like `writeSearchResultEntry`, for attributes already encoded:
 * `encodedAttributes` holds the contents of a PartialAttributeList, i.e. the
 * PartialAttribute SEQUENCEs back to back without the list's own header (see
 * `encodePartialAttributes`). Every length is known up front, so the bytes are
 * written once and never moved.
 */
export function writeSearchResultEntryEncoded(
  w: BerWriter,
  messageId: number,
  objectName: string,
  encodedAttributes: Uint8Array,
  controls?: readonly Control[],
): void {
  const nameLength = Buffer.byteLength(objectName, 'utf8');
  const listLength = encodedAttributes.length;
  const opLength = 1 + lengthSize(nameLength) + nameLength + 1 + lengthSize(listLength) + listLength;
  const withControls = controls !== undefined && controls.length > 0;
  if (withControls) w.startSequence(Tag.sequence);
  else w.writeHeader(Tag.sequence, 2 + integerSize(messageId) + 1 + lengthSize(opLength) + opLength);
  w.writeInteger(messageId);
  w.writeHeader(ProtocolOperation.searchResultEntry, opLength);
  w.writeString(objectName, Tag.octetString, nameLength);
  w.writeHeader(Tag.sequence, listLength);
  w.writeRaw(encodedAttributes);
  if (withControls) {
    writeControls(w, controls);
    w.endSequence();
  }
}

/** Encodes PartialAttributeList contents for `writeSearchResultEntryEncoded`, e.g. to cache them with an entry. */
export function writePartialAttributes(w: BerWriter, attributes: Iterable<AttributeSource>): void {
  for (const a of attributes) writePartialAttribute(w, a.type, a.values);
}
