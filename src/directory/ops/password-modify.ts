import * as protocol from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { AccessLevel } from '../access-policy.ts';
import type { Directory } from '../directory.ts';
import { cloneEntry } from '../entry.ts';
import type { OperationEnv } from '../requester.ts';
import { stampModify } from '../write-support.ts';

export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

/**
 * RFC 3062 Password Modify. Without userIdentity it changes the bound
 * user's own password; without newPasswd it generates one and returns it in
 * genPasswd. oldPasswd, when given, must verify. Access follows the rules on
 * userPassword (write), so users change their own and an administrator anyone's.
 */
export async function passwordModify(
  dir: Directory,
  value: Buffer | undefined,
  env: OperationEnv,
): Promise<Buffer | undefined> {
  const req = value ? protocol.decodePasswordModifyRequest(value) : {};
  let targetDn: string;
  if (req.userIdentity !== undefined) {
    // RFC 3062 §2: the identity may be a DN, or `dn:<DN>` as authzId (RFC 4513 §5.2.1.8).
    targetDn = req.userIdentity.startsWith('dn:') ? req.userIdentity.slice(3) : req.userIdentity;
  } else {
    if (!env.requester.ndn)
      throw new LdapError(ResultCode.unwillingToPerform, 'only authenticated users may change passwords');
    targetDn = env.requester.dn;
  }
  const ndn = dir.dn.normalize(targetDn);
  if (dir.adminNdn && ndn === dir.adminNdn)
    throw new LdapError(
      ResultCode.unwillingToPerform,
      "the administrator's password is set in the configuration",
    );
  const generated = req.newPasswd === undefined ? dir.passwords.generate() : undefined;
  const newValue = req.newPasswd ?? Buffer.from(generated!);
  if (newValue.length === 0) throw new LdapError(ResultCode.unwillingToPerform, 'the new password is empty');
  const stored = await dir.passwords.prepareForStore(newValue);
  await dir.write(async (txn) => {
    const before = await dir.loadByNdn(txn, ndn);
    if (!before) throw new LdapError(ResultCode.noSuchObject, '', await dir.matchedDn(txn, targetDn));
    if (!dir.isAdmin(env.requester)) {
      const view = await dir.accessView(env.requester, txn);
      await view.prefetch?.([before]);
      if (!view.can({ entry: before, attribute: 'userpassword', level: AccessLevel.write }))
        throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to userPassword');
    }
    if (req.oldPasswd !== undefined) {
      let ok = false;
      for (const s of before.attributes.get('userpassword')?.values ?? [])
        if (await dir.passwords.verify(req.oldPasswd, s)) ok = true;
      if (!ok) throw new LdapError(ResultCode.unwillingToPerform, 'the old password does not match');
    }
    const after = cloneEntry(before);
    after.attributes.set('userpassword', { type: 'userPassword', values: [stored] });
    stampModify(after, env.requester);
    await dir.putEntry(txn, after, before);
  });
  return generated === undefined
    ? undefined
    : protocol.encodePasswordModifyResponse({ genPasswd: Buffer.from(generated) });
}
