import type { CompareRequest } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { AccessLevel } from '../access-policy.ts';
import { requireDescription } from '../attribute-description.ts';
import type { Directory } from '../directory.ts';
import type { OperationEnv } from '../requester.ts';
import { matchFilterSync } from '../search/match.ts';

/** RFC 4511 §4.10: true → compareTrue, false → compareFalse. */
export async function compare(dir: Directory, request: CompareRequest, env: OperationEnv): Promise<boolean> {
  const ndn = dir.dn.normalize(request.entry);
  const d = requireDescription(dir.schema, request.attribute);
  if (!d.type.equality)
    throw new LdapError(ResultCode.inappropriateMatching, `${d.type.name}: no equality matching rule`);
  // Password values are for bind only: never confirmed by compare.
  if (d.type.key === 'userpassword') throw new LdapError(ResultCode.insufficientAccessRights, '');
  return dir.read(async (txn) => {
    const entry = await dir.loadByNdn(txn, ndn);
    const view = await dir.accessView(env.requester, txn);
    if (!entry) throw new LdapError(ResultCode.noSuchObject, '', await dir.matchedDn(txn, request.entry));
    await view.prefetch?.([entry]);
    if (!view.can({ entry, attribute: d.type.key, level: AccessLevel.compare, value: request.value })) {
      const disclose = view.can({ entry, attribute: 'entry', level: AccessLevel.disclose });
      throw disclose
        ? new LdapError(ResultCode.insufficientAccessRights, '')
        : new LdapError(ResultCode.noSuchObject, '');
    }
    const r = matchFilterSync(
      { type: 'equality', attribute: request.attribute, value: request.value },
      entry,
      { schema: dir.schema },
    );
    if (r === undefined) {
      const present = [...entry.attributes.keys()].some((k) => k === d.key || k.startsWith(`${d.type.key};`));
      if (!present) throw new LdapError(ResultCode.noSuchAttribute, '');
      throw new LdapError(ResultCode.invalidAttributeSyntax, 'assertion value is invalid');
    }
    if (
      r === false &&
      ![...entry.attributes.keys()].some((k) => k === d.key || k.startsWith(`${d.type.key};`))
    )
      throw new LdapError(ResultCode.noSuchAttribute, '');
    return r;
  });
}
