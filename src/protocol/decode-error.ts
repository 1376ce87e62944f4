import { LdapError } from './ldap-error.ts';
import type { ProtocolOpType } from './protocol-operation.ts';
import type { ResultCode } from './result-code.ts';

/**
 * A PDU that could not be decoded. `messageId` (and `opType`) are set when the
 * decoder got that far, so the server can answer the failed request by its id
 * (RFC 4511 §4.1.1 otherwise asks for a Notice of Disconnection).
 * `offset` is the byte in the PDU where decoding failed, or -1.
 */
export class MessageDecodeError extends LdapError {
  readonly offset: number;
  readonly messageId: number | undefined;
  readonly opType: ProtocolOpType | undefined;

  constructor(
    resultCode: ResultCode,
    message: string,
    offset: number,
    messageId: number | undefined,
    opType: ProtocolOpType | undefined,
  ) {
    super(resultCode, message);
    this.name = 'MessageDecodeError';
    this.offset = offset;
    this.messageId = messageId;
    this.opType = opType;
  }
}
