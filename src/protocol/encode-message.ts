import { BerWriter, Tag } from '../ber/index.ts';
import { writeControls } from './messages/control.ts';
import type { LdapMessage } from './messages/ldap-message.ts';
import { writeOp } from './write-op.ts';

/** Writes one LDAPMessage (RFC 4511 §4.1.1) into `w`. */
export function writeMessage(w: BerWriter, msg: LdapMessage): void {
  w.startSequence(Tag.sequence);
  w.writeInteger(msg.messageId);
  writeOp(w, msg.op);
  if (msg.controls.length > 0) writeControls(w, msg.controls);
  w.endSequence();
}

const shared = new BerWriter();

/** Encodes one LDAPMessage into a Buffer of its own. */
export function encodeMessage(msg: LdapMessage): Buffer {
  try {
    writeMessage(shared, msg);
  } catch (error) {
    shared.reset();
    throw error;
  }
  return shared.toBuffer();
}
