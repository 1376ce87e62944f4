import { type BerWriter, Tag } from '../ber/index.ts';
import { type Control, writeControls } from './messages/control.ts';
import { RESPONSE_NAME, RESPONSE_VALUE } from './messages/extended-response.ts';
import type { ResultOp } from './messages/ldap-message.ts';
import { type LdapResultFields, writeLdapResult } from './messages/ldap-result.ts';
import { ProtocolOperation } from './protocol-operation.ts';

/** An LDAPResult plus the extra fields of BindResponse and ExtendedResponse. */
export interface ResultFields extends LdapResultFields {
  /** BindResponse only (RFC 4511 §4.2.2). */
  readonly serverSaslCreds?: Buffer;
  /** ExtendedResponse only (RFC 4511 §4.12). */
  readonly responseName?: string;
  readonly responseValue?: Buffer;
}

const SERVER_SASL_CREDS = 0x87;

/**
 * Writes a whole LDAPMessage holding an LDAPResult-type response (every
 * response but entries, references and intermediate responses) into `w`
 * without building a message object. `matchedDN` and `diagnosticMessage`
 * default to empty.
 */
export function writeResult(
  w: BerWriter,
  messageId: number,
  type: ResultOp['type'],
  result: ResultFields,
  controls?: readonly Control[],
): void {
  w.startSequence(Tag.sequence);
  w.writeInteger(messageId);
  w.startSequence(ProtocolOperation[type]);
  writeLdapResult(w, result);
  if (type === 'bindResponse') {
    if (result.serverSaslCreds !== undefined) w.writeOctetString(result.serverSaslCreds, SERVER_SASL_CREDS);
  } else if (type === 'extendedResponse') {
    if (result.responseName !== undefined) w.writeString(result.responseName, RESPONSE_NAME);
    if (result.responseValue !== undefined) w.writeOctetString(result.responseValue, RESPONSE_VALUE);
  }
  w.endSequence();
  if (controls !== undefined && controls.length > 0) writeControls(w, controls);
  w.endSequence();
}
