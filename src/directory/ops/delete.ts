import type { DeleteRequest } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { AccessLevel } from '../access-policy.ts';
import type { Directory } from '../directory.ts';
import type { OperationEnv } from '../requester.ts';

/** RFC 4511 §4.8: only leaf entries. */
export async function del(dir: Directory, request: DeleteRequest, env: OperationEnv): Promise<void> {
  const ndn = dir.dn.normalize(request.entry);
  await dir.write(async (txn) => {
    const entry = await dir.requireEntry(txn, ndn, request.entry);
    if (await txn.hasChildren(entry.id))
      throw new LdapError(ResultCode.notAllowedOnNonLeaf, 'subordinate objects must be deleted first');
    if (!dir.isAdmin(env.requester)) {
      const view = await dir.accessView(env.requester, txn);
      const parent = entry.parentId ? await dir.loadById(txn, entry.parentId) : undefined;
      await view.prefetch?.(parent ? [entry, parent] : [entry]);
      if (!view.can({ entry, attribute: 'entry', level: AccessLevel.write, op: 'delete' }))
        throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to entry');
      if (
        !parent ||
        !view.can({ entry: parent, attribute: 'children', level: AccessLevel.write, op: 'delete' })
      )
        throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to parent');
    }
    const event = { directory: dir, txn, requester: env.requester };
    for (const o of dir.overlays) if (o.beforeDelete) await o.beforeDelete(event, entry);
    await dir.removeEntry(txn, entry);
    for (const o of dir.overlays) if (o.afterDelete) await o.afterDelete(event, entry);
  });
}
