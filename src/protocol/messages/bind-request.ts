import { type BerReader, type BerWriter, Tag } from '../../ber/index.ts';
import { LdapError } from '../ldap-error.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { ResultCode } from '../result-code.ts';

/** RFC 4511 §4.2 AuthenticationChoice: `simple [0]` or `sasl [3]` (the [1] and [2] tags are reserved). */
export type BindAuthentication = SimpleAuthentication | SaslAuthentication;

export interface SimpleAuthentication {
  readonly type: 'simple';
  readonly password: Buffer;
}

export interface SaslAuthentication {
  readonly type: 'sasl';
  readonly mechanism: string;
  readonly credentials?: Buffer;
}

/** BindRequest (RFC 4511 §4.2). */
export interface BindRequest {
  readonly type: 'bindRequest';
  /** 3 for LDAPv3; decoded as sent (1..127) so the server can answer protocolError for others. */
  readonly version: number;
  readonly name: string;
  readonly authentication: BindAuthentication;
}

const SIMPLE = 0x80;
const SASL = 0xa3;

/*
 * BindRequest ::= [APPLICATION 0] SEQUENCE {
 *      version                 INTEGER (1 ..  127),
 *      name                    LDAPDN,
 *      authentication          AuthenticationChoice }
 *
 * AuthenticationChoice ::= CHOICE {
 *      simple                  [0] OCTET STRING,
 *                              -- 1 and 2 reserved
 *      sasl                    [3] SaslCredentials,
 *      ...  }
 *
 * SaslCredentials ::= SEQUENCE {
 *      mechanism               LDAPString,
 *      credentials             OCTET STRING OPTIONAL }
 */
export function readBindRequest(r: BerReader): BindRequest {
  r.enter(ProtocolOperation.bindRequest);
  const versionAt = r.offset;
  const version = r.readInteger();
  if (version < 1 || version > 127) r.fail(`bind version ${version} out of range`, versionAt);
  const name = r.readString();
  const tag = r.peekTag();
  let authentication: BindAuthentication;
  if (tag === SIMPLE) {
    authentication = { type: 'simple', password: r.readOctetString(SIMPLE) };
  } else if (tag === SASL) {
    r.enter(SASL);
    const mechanism = r.readString();
    authentication =
      r.peekTag() === Tag.octetString
        ? { type: 'sasl', mechanism, credentials: r.readOctetString() }
        : { type: 'sasl', mechanism };
    r.leave();
  } else if (tag === -1) {
    r.fail('bind request without authentication');
  } else {
    // RFC 4511 §4.2: an unknown authentication choice is answered, not fatal.
    throw new LdapError(
      ResultCode.authMethodNotSupported,
      `authentication choice 0x${tag.toString(16)} is not supported`,
    );
  }
  r.leave();
  return { type: 'bindRequest', version, name, authentication };
}

export function writeBindRequest(w: BerWriter, op: BindRequest): void {
  w.startSequence(ProtocolOperation.bindRequest);
  w.writeInteger(op.version);
  w.writeString(op.name);
  const auth = op.authentication;
  if (auth.type === 'simple') {
    w.writeOctetString(auth.password, SIMPLE);
  } else {
    w.startSequence(SASL);
    w.writeString(auth.mechanism);
    if (auth.credentials !== undefined) w.writeOctetString(auth.credentials);
    w.endSequence();
  }
  w.endSequence();
}
