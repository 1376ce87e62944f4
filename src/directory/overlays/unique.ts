import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import type { Directory } from '../directory.ts';
import type { Entry } from '../entry.ts';
import { eqKey } from '../index-keys.ts';
import type { Overlay, WriteEvent } from '../overlay.ts';

export interface UniquenessRule {
  /** The attribute whose values must be unique. */
  readonly attribute: string;
  /** Where: entries under this DN (default: each naming context). */
  readonly base?: string | undefined;
}

/**
 * Attribute uniqueness: a value of a configured attribute may appear in one
 * entry only within the rule's subtree. Checked inside the write transaction,
 * which the store serializes, so two concurrent adds of one uid cannot both pass.
 */
export function uniquenessOverlay(dir: Directory, rules: readonly UniquenessRule[]): Overlay {
  const resolved = rules.map((r) => {
    const type = dir.schema.attributeType(r.attribute);
    if (!type?.equality)
      throw new Error(`unique: ${r.attribute}: no attribute type with an equality rule of that name`);
    if (!dir.indexes.has(type, 'eq')) throw new Error(`unique: ${r.attribute} needs an equality index`);
    return { type, baseNdn: r.base ? dir.dn.normalize(r.base) : undefined };
  });
  const check = async (event: WriteEvent, entry: Entry, before: Entry | undefined): Promise<void> => {
    for (const { type, baseNdn } of resolved) {
      const inScope = (ndn: string): boolean => !baseNdn || ndn === baseNdn || ndn.endsWith(`,${baseNdn}`);
      if (!inScope(entry.ndn)) continue;
      const values = entry.attributes.get(type.key)?.values ?? [];
      const old = new Set(
        (before?.attributes.get(type.key)?.values ?? []).map((v) => type.equality!.normalize(v)),
      );
      for (const v of values) {
        const n = type.equality!.normalize(v);
        if (n === undefined || old.has(n)) continue;
        for (const id of await event.txn.indexLookup(`${type.key}#eq`, eqKey(n).key)) {
          if (id === entry.id) continue;
          const other = await event.directory.loadById(event.txn, id);
          if (!other || !inScope(other.ndn)) continue;
          if (!(other.attributes.get(type.key)?.values ?? []).some((x) => type.equality!.normalize(x) === n))
            continue;
          throw new LdapError(
            ResultCode.constraintViolation,
            `${type.name}: value '${v.toString('utf8')}' is already used by another entry`,
          );
        }
      }
    }
  };
  return {
    name: 'unique',
    beforeAdd: (event, entry) => check(event, entry, undefined),
    beforeModify: (event, before, after) => check(event, after, before),
  };
}
