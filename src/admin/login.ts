import type { Directory, Requester } from '../directory/index.ts';
import * as ops from '../directory/index.ts';
import { escapeFilterValue } from '../filter/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import { DirectoryClient } from './directory-client.ts';

export interface LoginIdentity {
  readonly dn: string;
  readonly ndn: string;
  readonly admin: boolean;
}

/** Whether the login name is a DN (`uid=alice,ou=people,…`) rather than a uid. */
function looksLikeDn(user: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]*\s*=|^[0-9.]+\s*=/.test(user);
}

/**
 * Log in as the SDK's search-then-bind login does: a uid is looked up
 * anonymously under each suffix and must name exactly one entry; a DN is used
 * as it is. Then a simple bind with the password. Every failure — unknown
 * user, several matches, wrong password — is the same invalidCredentials, so
 * the answer never tells whether an account exists. The password lives only
 * in the bind request and is wiped afterwards.
 */
export async function login(
  dir: Directory,
  user: string,
  password: string,
  transport: { ssf: number; remoteAddress: string },
): Promise<LoginIdentity> {
  const anonymous: Requester = {
    dn: '',
    ndn: '',
    ssf: transport.ssf,
    remoteAddress: transport.remoteAddress,
  };
  let dn = user.trim();
  if (!looksLikeDn(dn)) dn = await findByUid(dir, anonymous, dn);
  if (password === '') throw new LdapError(ResultCode.invalidCredentials, '');
  const secret = Buffer.from(password, 'utf8');
  try {
    const outcome = await ops.bind(
      dir,
      { type: 'bindRequest', version: 3, name: dn, authentication: { type: 'simple', password: secret } },
      anonymous,
    );
    return {
      dn: outcome.dn,
      ndn: outcome.ndn,
      admin: dir.isAdmin({ dn: outcome.dn, ndn: outcome.ndn, ssf: transport.ssf }),
    };
  } catch (e) {
    if (LdapError.is(e) && e.resultCode === ResultCode.invalidDNSyntax)
      throw new LdapError(ResultCode.invalidCredentials, '');
    throw e;
  } finally {
    secret.fill(0);
  }
}

async function findByUid(dir: Directory, anonymous: Requester, uid: string): Promise<string> {
  const client = new DirectoryClient(dir, anonymous);
  const found: string[] = [];
  for (const suffix of dir.suffixes) {
    const r = await client
      .search({
        base: suffix.dn,
        scope: 2,
        filter: `(uid=${escapeFilterValue(uid)})`,
        attributes: ['1.1'],
        sizeLimit: 2,
      })
      .catch(() => ({ entries: [] }));
    for (const e of r.entries) found.push(e.dn);
  }
  if (found.length !== 1) throw new LdapError(ResultCode.invalidCredentials, '');
  return found[0]!;
}
