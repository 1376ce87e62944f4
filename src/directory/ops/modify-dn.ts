import { parseRdn } from '../../dn/index.ts';
import type { ModifyDNRequest } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { AccessLevel } from '../access-policy.ts';
import { requireDescription } from '../attribute-description.ts';
import type { Directory } from '../directory.ts';
import { cloneEntry, type Entry } from '../entry.ts';
import type { OperationEnv } from '../requester.ts';
import { checkSchema, stampModify } from '../write-support.ts';

/** RFC 4511 §4.9: rename, and move with newSuperior (whole subtrees move with their root). */
export async function modifyDN(dir: Directory, request: ModifyDNRequest, env: OperationEnv): Promise<void> {
  const oldParsed = dir.dn.parse(request.entry);
  if (oldParsed.rdns.length === 0)
    throw new LdapError(ResultCode.unwillingToPerform, 'cannot rename the root DSE');
  const oldNdn = dir.dn.normalizeParsed(oldParsed);
  const newRdn = parseRdn(request.newRDN);
  const superiorDn =
    request.newSuperior !== undefined ? request.newSuperior : dir.dn.format(dir.dn.parent(oldParsed));
  const superiorParsed = dir.dn.parse(superiorDn);
  const newDn = dir.dn.child(newRdn, superiorParsed);
  const newNdn = dir.dn.normalize(newDn);
  if (!dir.suffixOf(newNdn))
    throw new LdapError(ResultCode.noSuchObject, 'new superior is not under a naming context served here');
  if (dir.suffixes.some((s) => s.ndn === oldNdn))
    throw new LdapError(ResultCode.unwillingToPerform, 'cannot rename a naming context');
  if (newNdn === oldNdn || newNdn.endsWith(`,${oldNdn}`)) {
    if (newNdn !== oldNdn)
      throw new LdapError(ResultCode.unwillingToPerform, 'cannot move an entry below itself');
  }
  await dir.write(async (txn) => {
    const before = await dir.requireEntry(txn, oldNdn, request.entry);
    const superiorNdn = dir.dn.normalizeParsed(superiorParsed);
    const superior = await dir.loadByNdn(txn, superiorNdn);
    if (!superior)
      throw new LdapError(
        ResultCode.noSuchObject,
        'new superior does not exist',
        await dir.matchedDn(txn, superiorDn),
      );
    if (newNdn !== oldNdn && (await txn.findId(newNdn)) !== undefined)
      throw new LdapError(ResultCode.entryAlreadyExists, '');
    const oldParent = before.parentId ? await dir.loadById(txn, before.parentId) : undefined;
    if (!dir.isAdmin(env.requester)) {
      const view = await dir.accessView(env.requester, txn);
      await view.prefetch?.(oldParent ? [before, oldParent, superior] : [before, superior]);
      if (!view.can({ entry: before, attribute: 'entry', level: AccessLevel.write }))
        throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to entry');
      if (superior.id === before.parentId) {
        // In place: the parent's children change both ways (OpenLDAP asks for write on them).
        if (!oldParent || !view.can({ entry: oldParent, attribute: 'children', level: AccessLevel.write }))
          throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to parent');
      } else {
        if (
          !oldParent ||
          !view.can({ entry: oldParent, attribute: 'children', level: AccessLevel.write, op: 'delete' })
        )
          throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to old parent');
        if (!view.can({ entry: superior, attribute: 'children', level: AccessLevel.write, op: 'add' }))
          throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to new superior');
      }
    }
    const after = cloneEntry(before);
    after.dn = newDn;
    after.ndn = newNdn;
    after.parentId = superior.id;
    if (request.deleteOldRDN) {
      for (const ava of oldParsed.rdns[0]!) {
        const d = requireDescription(dir.schema, ava.type);
        const raw = Buffer.isBuffer(ava.value) ? ava.value : Buffer.from(ava.value, 'utf8');
        const keepInNew = newRdn.some(
          (n) => requireDescription(dir.schema, n.type).key === d.key && sameValue(d, n.value, raw),
        );
        if (keepInNew) continue;
        const attr = after.attributes.get(d.key);
        if (!attr) continue;
        const want = d.type.equality?.normalize(raw);
        attr.values = attr.values.filter((v) =>
          want === undefined ? !v.equals(raw) : d.type.equality!.normalize(v) !== want,
        );
        if (attr.values.length === 0) after.attributes.delete(d.key);
      }
    }
    for (const ava of newRdn) {
      const d = requireDescription(dir.schema, ava.type);
      const raw = Buffer.isBuffer(ava.value) ? ava.value : Buffer.from(ava.value, 'utf8');
      const attr = after.attributes.get(d.key);
      if (!attr) after.attributes.set(d.key, { type: d.name, values: [raw] });
      else if (!attr.values.some((v) => sameValue(d, v, raw))) {
        if (d.type.singleValue && request.deleteOldRDN === false)
          throw new LdapError(
            ResultCode.constraintViolation,
            `${d.type.name}: single-value attribute would have two values`,
          );
        attr.values.push(raw);
      }
    }
    stampModify(after, env.requester);
    checkSchema(dir, after);
    await dir.putEntry(txn, after, before);
    // Descendants: their DNs end with the old DN; rewrite them in place.
    if (newNdn !== oldNdn) await moveSubtree(dir, txn, before, after);
    const event = { directory: dir, txn, requester: env.requester };
    for (const o of dir.overlays) if (o.afterRename) await o.afterRename(event, before, after);
  });
}

function sameValue(d: ReturnType<typeof requireDescription>, a: string | Buffer, b: Buffer): boolean {
  const ab = Buffer.isBuffer(a) ? a : Buffer.from(a, 'utf8');
  const eq = d.type.equality;
  if (!eq) return ab.equals(b);
  const na = eq.normalize(ab);
  return na !== undefined && na === eq.normalize(b);
}

async function moveSubtree(
  dir: Directory,
  txn: Parameters<Parameters<Directory['write']>[0]>[0],
  before: Entry,
  after: Entry,
): Promise<void> {
  const stack = [before.id];
  while (stack.length) {
    const parentId = stack.pop()!;
    for (const childId of await txn.childIds(parentId)) {
      const child = await dir.loadById(txn, childId);
      if (!child) continue;
      const moved = cloneEntry(child);
      const rdns = dir.dn.parse(child.dn).rdns;
      const own = rdns.slice(0, rdns.length - dir.dn.parse(before.dn).rdns.length);
      moved.dn = [dir.dn.format({ rdns: own, text: '' }), after.dn].filter(Boolean).join(',');
      moved.ndn = `${child.ndn.slice(0, child.ndn.length - before.ndn.length)}${after.ndn}`;
      await dir.putEntry(txn, moved, child);
      stack.push(childId);
    }
  }
}
