import { BerError, BerReader, BerWriter } from '../ber/index.ts';
import { LdapError } from './ldap-error.ts';
import { ResultCode } from './result-code.ts';

// Apart from the LDAPMessage reader, so a control or extended value can be
// decoded while a message decode is on the stack.
const reader = new BerReader();
const writer = new BerWriter(256);

/**
 * Decodes a BER value carried inside a message (a controlValue, a
 * requestValue): `read` must consume all of `bytes`. Failures become
 * `LdapError(protocolError)` naming `what` and the byte offset.
 */
export function decodeValue<T>(bytes: Buffer, what: string, read: (r: BerReader) => T): T {
  try {
    reader.setBuffer(bytes);
    const value = read(reader);
    if (reader.offset !== bytes.length) reader.fail('trailing bytes');
    return value;
  } catch (error) {
    if (LdapError.is(error)) throw error;
    const message = BerError.is(error) || error instanceof Error ? error.message : String(error);
    throw new LdapError(ResultCode.protocolError, `malformed ${what}: ${message}`);
  } finally {
    reader.setBuffer(Buffer.alloc(0));
  }
}

/** Encodes a BER value into a Buffer of its own. */
export function encodeValue(write: (w: BerWriter) => void): Buffer {
  try {
    write(writer);
  } catch (error) {
    writer.reset();
    throw error;
  }
  return writer.toBuffer();
}
