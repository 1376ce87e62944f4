import type { BindRequest } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { AccessLevel } from '../access-policy.ts';
import type { Directory } from '../directory.ts';
import { isLocked, recordFailure, recordSuccess } from '../lockout.ts';
import type { Requester } from '../requester.ts';

export interface BindOutcome {
  readonly dn: string;
  readonly ndn: string;
}

/**
 * RFC 4511 §4.2 and RFC 4513 §5.1: simple bind. Anonymous (empty name and
 * password) succeeds; a name with an empty password is an unauthenticated bind,
 * refused with unwillingToPerform as OpenLDAP does. A wrong password and an
 * unknown DN give the same invalidCredentials, so a bind never tells whether
 * the entry exists.
 */
export async function bind(dir: Directory, request: BindRequest, requester: Requester): Promise<BindOutcome> {
  if (request.version !== 3)
    throw new LdapError(ResultCode.protocolError, 'requested protocol version not allowed');
  if (request.authentication.type === 'sasl')
    throw new LdapError(
      ResultCode.authMethodNotSupported,
      `SASL mechanism ${request.authentication.mechanism} not supported`,
    );
  const password = request.authentication.password;
  if (request.name === '') {
    if (password.length > 0)
      throw new LdapError(
        ResultCode.unwillingToPerform,
        'unauthenticated bind (DN with no password) disallowed',
      );
    return { dn: '', ndn: '' };
  }
  if (password.length === 0)
    throw new LdapError(
      ResultCode.unwillingToPerform,
      'unauthenticated bind (DN with no password) disallowed',
    );
  if (dir.requireTlsForBind && requester.ssf === 0)
    throw new LdapError(ResultCode.confidentialityRequired, 'TLS is required for a bind with a password');
  let ndn: string;
  try {
    ndn = dir.dn.normalize(request.name);
  } catch {
    throw new LdapError(ResultCode.invalidDNSyntax, 'invalid DN');
  }
  if (dir.adminNdn && ndn === dir.adminNdn && dir.adminPasswordHash) {
    if (await dir.passwords.verify(password, Buffer.from(dir.adminPasswordHash)))
      return { dn: request.name, ndn };
    throw new LdapError(ResultCode.invalidCredentials, '');
  }
  const outcome = await dir.read(async (txn) => {
    const entry = await dir.loadByNdn(txn, ndn);
    if (!entry) return 'unknown' as const;
    const stored = entry.attributes.get('userpassword')?.values;
    if (!stored?.length) return 'unknown' as const;
    // Bind is decided as anonymous (OpenLDAP's rule), from where the client connects.
    const view = await dir.accessView(
      {
        dn: '',
        ndn: '',
        ssf: requester.ssf,
        ...(requester.remoteAddress ? { remoteAddress: requester.remoteAddress } : {}),
      },
      txn,
    );
    await view.prefetch?.([entry]);
    if (!view.can({ entry, attribute: 'userpassword', level: AccessLevel.auth })) return 'unknown' as const;
    // A locked entry is refused without looking at the password (draft-behera-ldap-password-policy §7.1).
    if (dir.lockout && isLocked(dir.lockout, entry)) return 'locked' as const;
    for (const s of stored) {
      if (await dir.passwords.verify(password, s)) {
        const dirty = entry.attributes.has('pwdfailuretime') || entry.attributes.has('pwdaccountlockedtime');
        return dirty ? ('ok-dirty' as const) : ('ok' as const);
      }
    }
    return 'wrong' as const;
  });
  if (outcome === 'wrong' && dir.lockout) await recordFailure(dir, dir.lockout, ndn);
  if (outcome === 'ok-dirty') await recordSuccess(dir, ndn);
  if (outcome !== 'ok' && outcome !== 'ok-dirty') throw new LdapError(ResultCode.invalidCredentials, '');
  return { dn: request.name, ndn };
}
