import type { Directory, OperationEnv } from '../directory/index.ts';
import * as ops from '../directory/index.ts';
import type { LdifRecord } from '../ldif/record.ts';

const MODIFY_OPS = { add: 0, delete: 1, replace: 2, increment: 3 } as const;

/** Apply one LDIF record (content or change record) through the directory's operations. */
export async function applyRecord(
  dir: Directory,
  record: LdifRecord,
  env: OperationEnv,
  options: { keepOperational?: boolean } = {},
): Promise<void> {
  switch (record.kind) {
    case 'content':
    case 'add':
      await ops.add(
        dir,
        { type: 'addRequest', entry: record.dn, attributes: record.attributes },
        env,
        options,
      );
      return;
    case 'delete':
      await ops.del(dir, { type: 'deleteRequest', entry: record.dn }, env);
      return;
    case 'modify':
      await ops.modify(
        dir,
        {
          type: 'modifyRequest',
          object: record.dn,
          changes: record.changes.map((c) => ({
            operation: MODIFY_OPS[c.operation],
            modification: { type: c.type, values: c.values },
          })),
        },
        env,
      );
      return;
    case 'modrdn':
      await ops.modifyDN(
        dir,
        {
          type: 'modifyDNRequest',
          entry: record.dn,
          newRDN: record.newRdn,
          deleteOldRDN: record.deleteOldRdn,
          ...(record.newSuperior !== undefined ? { newSuperior: record.newSuperior } : {}),
        },
        env,
      );
      return;
  }
}
