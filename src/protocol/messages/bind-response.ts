import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type LdapResult, readLdapResult, writeLdapResult } from './ldap-result.ts';

/** BindResponse (RFC 4511 §4.2.2). */
export interface BindResponse extends LdapResult {
  readonly type: 'bindResponse';
  readonly serverSaslCreds?: Buffer;
}

const SERVER_SASL_CREDS = 0x87;

/*
 * BindResponse ::= [APPLICATION 1] SEQUENCE {
 *      COMPONENTS OF LDAPResult,
 *      serverSaslCreds    [7] OCTET STRING OPTIONAL }
 */
export function readBindResponse(r: BerReader): BindResponse {
  r.enter(ProtocolOperation.bindResponse);
  const result = readLdapResult(r);
  const creds = r.peekTag() === SERVER_SASL_CREDS ? r.readOctetString(SERVER_SASL_CREDS) : undefined;
  r.leave();
  return creds === undefined
    ? { type: 'bindResponse', ...result }
    : { type: 'bindResponse', ...result, serverSaslCreds: creds };
}

export function writeBindResponse(w: BerWriter, op: BindResponse): void {
  w.startSequence(ProtocolOperation.bindResponse);
  writeLdapResult(w, op);
  if (op.serverSaslCreds !== undefined) w.writeOctetString(op.serverSaslCreds, SERVER_SASL_CREDS);
  w.endSequence();
}
