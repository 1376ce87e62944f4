/**
 * The Password Modify extended operation (RFC 3062): the server hashes the new
 * password with its own scheme, which writing `userPassword` directly would not
 * guarantee.
 *
 *   PasswdModifyRequestValue ::= SEQUENCE {
 *     userIdentity [0] OCTET STRING OPTIONAL,
 *     oldPasswd    [1] OCTET STRING OPTIONAL,
 *     newPasswd    [2] OCTET STRING OPTIONAL }
 */
export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : n < 0x10000
          ? Buffer.from([0x82, n >> 8, n & 0xff])
          : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

export function encodePasswordModifyRequest(
  userDn: string,
  newPassword: string,
  oldPassword?: string,
): Buffer {
  const parts = [tlv(0x80, Buffer.from(userDn, 'utf8'))];
  if (oldPassword !== undefined) parts.push(tlv(0x81, Buffer.from(oldPassword, 'utf8')));
  parts.push(tlv(0x82, Buffer.from(newPassword, 'utf8')));
  return tlv(0x30, Buffer.concat(parts));
}
