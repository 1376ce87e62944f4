import type { WriteTxn } from '../../store/contract.ts';
import type { Directory } from '../directory.ts';
import { cloneEntry } from '../entry.ts';
import type { Overlay } from '../overlay.ts';
import { normalizeDnValue } from './dn-values.ts';

/**
 * Referential integrity: when an entry is deleted or renamed, every configured
 * DN-valued attribute that names it (member, uniqueMember, owner, manager,
 * seeAlso, …) is updated in the same transaction. The attributes need an
 * equality index, which the directory adds for them.
 *
 * Unlike OpenLDAP's refint, a group whose last member is deleted is left with
 * no member value rather than a placeholder DN.
 */
export function referentialIntegrityOverlay(attributes: readonly string[]): Overlay {
  return {
    name: 'referentialIntegrity',
    async afterDelete(event, entry) {
      await rewriteReferences(event.directory, event.txn, attributes, [[entry.ndn, undefined]]);
    },
    async afterRename(event, before, after) {
      // The renamed entry and everything below it moved: collect old → new for the whole subtree.
      const { directory: dir, txn } = event;
      const moves: [string, string | undefined][] = [[before.ndn, after.dn]];
      const stack = [after.id];
      while (stack.length) {
        for (const id of await txn.childIds(stack.pop()!)) {
          const child = await dir.loadById(txn, id);
          if (!child) continue;
          const oldNdn = `${child.ndn.slice(0, child.ndn.length - after.ndn.length)}${before.ndn}`;
          moves.push([oldNdn, child.dn]);
          stack.push(id);
        }
      }
      await rewriteReferences(dir, txn, attributes, moves);
    },
  };
}

async function rewriteReferences(
  dir: Directory,
  txn: WriteTxn,
  attributes: readonly string[],
  moves: readonly [string, string | undefined][],
): Promise<void> {
  for (const name of attributes) {
    const type = dir.schema.attributeType(name);
    if (!type || !dir.indexes.has(type, 'eq')) continue;
    for (const [oldNdn, newDn] of moves) {
      for (const id of await txn.indexLookup(`${type.key}#eq`, oldNdn)) {
        const holder = await dir.loadById(txn, id);
        if (!holder) continue;
        const attr = holder.attributes.get(type.key);
        if (!attr) continue;
        const after = cloneEntry(holder);
        const kept = attr.values.filter((v) => normalizeDnValue(dir, v) !== oldNdn);
        if (
          newDn !== undefined &&
          !kept.some((v) => normalizeDnValue(dir, v) === normalizeDnValue(dir, Buffer.from(newDn)))
        )
          kept.push(Buffer.from(newDn));
        if (kept.length) after.attributes.set(type.key, { type: attr.type, values: kept });
        else after.attributes.delete(type.key);
        await dir.putEntry(txn, after, holder);
        // Keep memberOf right on the members of a group whose member list was rewritten.
        if ((type.key === 'member' || type.key === 'uniquemember') && newDn !== undefined) {
          const moved = await dir.loadByNdn(txn, normalizeDnValue(dir, Buffer.from(newDn)) ?? '');
          if (moved) {
            const values = moved.attributes.get('memberof')?.values ?? [];
            const holderNdn = holder.ndn;
            if (!values.some((v) => normalizeDnValue(dir, v) === holderNdn)) {
              const m = cloneEntry(moved);
              m.attributes.set('memberof', { type: 'memberOf', values: [...values, Buffer.from(holder.dn)] });
              await dir.putEntry(txn, m, moved);
            }
          }
        }
      }
    }
  }
}
