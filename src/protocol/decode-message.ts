import { BerError, BerReader, Tag } from '../ber/index.ts';
import { MessageDecodeError } from './decode-error.ts';
import { LdapError } from './ldap-error.ts';
import { CONTROLS, NO_CONTROLS, readControls } from './messages/control.ts';
import type { LdapMessage } from './messages/ldap-message.ts';
import type { ProtocolOpType } from './protocol-operation.ts';
import { opTypeOfTag, readOp } from './read-op.ts';
import { ResultCode } from './result-code.ts';

const EMPTY = Buffer.alloc(0);

// One reader for every PDU: decoding is synchronous, so it is never shared
// between two decodes in flight.
const reader = new BerReader();

/**
 * Decodes one complete LDAPMessage (RFC 4511 §4.1.1):
 *
 *   LDAPMessage ::= SEQUENCE {
 *        messageID       MessageID,
 *        protocolOp      CHOICE { … },
 *        controls       [0] Controls OPTIONAL }
 *
 *   MessageID ::= INTEGER (0 ..  maxInt)
 *
 * Octet strings in the result (values, credentials, control values) are
 * views into `pdu`: they stay valid as long as `pdu` is left unchanged.
 *
 * Throws only `MessageDecodeError` (an `LdapError`, protocolError unless the
 * RFC names another code), with the byte offset in its message and, once
 * read, the messageId and operation type.
 */
export function decodeMessage(pdu: Buffer): LdapMessage {
  const r = reader;
  let messageId: number | undefined;
  let opType: ProtocolOpType | undefined;
  try {
    r.setBuffer(pdu);
    r.enter(Tag.sequence);
    const idAt = r.offset;
    const id = r.readInteger();
    if (id < 0) r.fail('negative messageID', idAt);
    messageId = id;
    opType = opTypeOfTag(r.peekTag());
    const op = readOp(r);
    const controls = r.peekTag() === CONTROLS ? readControls(r) : NO_CONTROLS;
    // Anything after the controls is not an LDAPMessage field; leave() would skip
    // it unread, so a request with garbage appended would be performed.
    if (r.hasMore()) r.fail('unexpected data after the protocolOp and controls');
    r.leave();
    if (r.offset !== pdu.length) r.fail('trailing bytes after LDAPMessage');
    return { messageId: id, op, controls };
  } catch (error) {
    throw toDecodeError(error, messageId, opType);
  } finally {
    r.setBuffer(EMPTY);
  }
}

function toDecodeError(
  error: unknown,
  messageId: number | undefined,
  opType: ProtocolOpType | undefined,
): MessageDecodeError {
  if (BerError.is(error)) {
    return new MessageDecodeError(ResultCode.protocolError, error.message, error.offset, messageId, opType);
  }
  if (LdapError.is(error)) {
    return new MessageDecodeError(error.resultCode, error.message, -1, messageId, opType);
  }
  // Not reachable on any input the tests know of; kept so that a decoder bug
  // still reaches the client as protocolError rather than a crash.
  const message = error instanceof Error ? error.message : String(error);
  return new MessageDecodeError(
    ResultCode.protocolError,
    `malformed LDAPMessage (${message})`,
    -1,
    messageId,
    opType,
  );
}
