import { Tag } from '../../ber/index.ts';
import type { ExtendedRequest } from '../messages/extended-request.ts';
import { decodeValue, encodeValue } from '../value-codec.ts';

/** LDAP Password Modify Extended Operation (RFC 3062). */
export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

export interface PasswordModifyRequest {
  /** Whose password: a DN or an authzId; absent means the bound user. */
  readonly userIdentity?: string;
  readonly oldPasswd?: Buffer;
  /** Absent asks the server to generate one (returned as genPasswd). */
  readonly newPasswd?: Buffer;
}

export interface PasswordModifyResponse {
  readonly genPasswd?: Buffer;
}

const USER_IDENTITY = 0x80;
const OLD_PASSWD = 0x81;
const NEW_PASSWD = 0x82;
const GEN_PASSWD = 0x80;

/*
 * PasswdModifyRequestValue ::= SEQUENCE {
 *   userIdentity    [0]  OCTET STRING OPTIONAL
 *   oldPasswd       [1]  OCTET STRING OPTIONAL
 *   newPasswd       [2]  OCTET STRING OPTIONAL }
 */
export function decodePasswordModifyRequest(value: Buffer): PasswordModifyRequest {
  return decodeValue(value, 'password modify request value', (r) => {
    r.enter(Tag.sequence);
    const userIdentity = r.peekTag() === USER_IDENTITY ? r.readString(USER_IDENTITY) : undefined;
    const oldPasswd = r.peekTag() === OLD_PASSWD ? r.readOctetString(OLD_PASSWD) : undefined;
    const newPasswd = r.peekTag() === NEW_PASSWD ? r.readOctetString(NEW_PASSWD) : undefined;
    r.leave();
    return {
      ...(userIdentity !== undefined && { userIdentity }),
      ...(oldPasswd !== undefined && { oldPasswd }),
      ...(newPasswd !== undefined && { newPasswd }),
    };
  });
}

export function encodePasswordModifyRequest(request: PasswordModifyRequest): Buffer {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (request.userIdentity !== undefined) w.writeString(request.userIdentity, USER_IDENTITY);
    if (request.oldPasswd !== undefined) w.writeOctetString(request.oldPasswd, OLD_PASSWD);
    if (request.newPasswd !== undefined) w.writeOctetString(request.newPasswd, NEW_PASSWD);
    w.endSequence();
  });
}

/** RFC 3062 §2: the requestValue may be absent altogether, meaning all fields absent. */
export function passwordModifyRequest(request: PasswordModifyRequest): ExtendedRequest {
  const empty =
    request.userIdentity === undefined && request.oldPasswd === undefined && request.newPasswd === undefined;
  return empty
    ? { type: 'extendedRequest', requestName: PASSWORD_MODIFY_OID }
    : {
        type: 'extendedRequest',
        requestName: PASSWORD_MODIFY_OID,
        requestValue: encodePasswordModifyRequest(request),
      };
}

/*
 * PasswdModifyResponseValue ::= SEQUENCE {
 *   genPasswd       [0]     OCTET STRING OPTIONAL }
 */
export function decodePasswordModifyResponse(value: Buffer): PasswordModifyResponse {
  return decodeValue(value, 'password modify response value', (r) => {
    r.enter(Tag.sequence);
    const genPasswd = r.peekTag() === GEN_PASSWD ? r.readOctetString(GEN_PASSWD) : undefined;
    r.leave();
    return genPasswd === undefined ? {} : { genPasswd };
  });
}

export function encodePasswordModifyResponse(response: PasswordModifyResponse): Buffer {
  return encodeValue((w) => {
    w.startSequence(Tag.sequence);
    if (response.genPasswd !== undefined) w.writeOctetString(response.genPasswd, GEN_PASSWD);
    w.endSequence();
  });
}
