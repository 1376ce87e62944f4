import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import type { WriteTxn } from '../../store/contract.ts';
import type { Directory } from '../directory.ts';
import { cloneEntry, type Entry } from '../entry.ts';
import type { Overlay, WriteEvent } from '../overlay.ts';
import { dnSet, normalizeDnValue } from './dn-values.ts';

/** The attributes that make an entry a member of a group: groupOfNames and groupOfUniqueNames. */
export const MEMBER_ATTRIBUTES = ['member', 'uniquemember'] as const;

/**
 * memberOf: an operational attribute on each member entry naming the groups
 * that list it in `member` or `uniqueMember`, kept right in the operation's
 * own write transaction, so it is never stale and never half-written.
 */
export function memberOfOverlay(): Overlay {
  return {
    name: 'memberOf',
    async afterAdd(event, entry) {
      const { directory: dir, txn } = event;
      // A new group: its members gain memberOf.
      const members = groupMembers(dir, entry);
      if (members.size) {
        const groupNdn = normalizeDnValue(dir, Buffer.from(entry.dn));
        for (const ndn of members.keys()) await setMemberOf(dir, txn, ndn, entry.dn, 'add', groupNdn);
      }
      // A new entry that groups already name (added after the group): it gets memberOf now.
      const groups = await groupsNaming(dir, txn, entry.ndn);
      if (groups.length) {
        const values = groups.map((g) => Buffer.from(g.dn));
        entry.attributes.set('memberof', { type: 'memberOf', values });
        await dir.putEntry(txn, entry, {
          ...entry,
          attributes: new Map([...entry.attributes].filter(([k]) => k !== 'memberof')),
        });
      }
    },
    async afterModify(event, before, after) {
      const { directory: dir, txn } = event;
      const was = groupMembers(dir, before);
      const now = groupMembers(dir, after);
      for (const ndn of now.keys()) if (!was.has(ndn)) await setMemberOf(dir, txn, ndn, after.dn, 'add');
      for (const ndn of was.keys()) if (!now.has(ndn)) await setMemberOf(dir, txn, ndn, before.dn, 'delete');
    },
    async afterDelete(event, entry) {
      const { directory: dir, txn } = event;
      for (const ndn of groupMembers(dir, entry).keys()) await setMemberOf(dir, txn, ndn, entry.dn, 'delete');
    },
    async afterRename(event, before, after) {
      const { directory: dir, txn } = event;
      // A renamed group: its members' memberOf follows. (Members that are
      // renamed keep their memberOf; the groups' values follow through
      // referential integrity.)
      for (const ndn of groupMembers(dir, after).keys()) {
        await setMemberOf(dir, txn, ndn, before.dn, 'delete');
        await setMemberOf(dir, txn, ndn, after.dn, 'add');
      }
    },
  };
}

function groupMembers(dir: Directory, entry: Entry): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const key of MEMBER_ATTRIBUTES)
    for (const [n, v] of dnSet(dir, entry.attributes.get(key)?.values)) out.set(n, v);
  return out;
}

/** Groups whose member or uniqueMember names `ndn` (through the equality indexes). */
export async function groupsNaming(
  dir: Directory,
  txn: WriteTxn | Parameters<Directory['loadById']>[0],
  ndn: string,
): Promise<Entry[]> {
  const ids = new Set<number>();
  for (const key of MEMBER_ATTRIBUTES) {
    const type = dir.schema.attributeType(key);
    if (!type || !dir.indexes.has(type, 'eq')) continue;
    for (const id of await txn.indexLookup(`${type.key}#eq`, ndn)) ids.add(id);
  }
  const out: Entry[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const e = await dir.loadById(txn, id);
    if (e) out.push(e);
  }
  return out;
}

async function setMemberOf(
  dir: Directory,
  txn: WriteTxn,
  memberNdn: string,
  groupDn: string,
  op: 'add' | 'delete',
  groupNdn = normalizeDnValue(dir, Buffer.from(groupDn)),
): Promise<void> {
  const member = await dir.loadByNdn(txn, memberNdn);
  if (!member) return; // a member DN outside the directory, or not yet added
  const current = member.attributes.get('memberof')?.values ?? [];
  const has = current.some((v) => normalizeDnValue(dir, v) === groupNdn);
  if ((op === 'add') === has) return;
  const after = cloneEntry(member);
  const values =
    op === 'add'
      ? [...current, Buffer.from(groupDn)]
      : current.filter((v) => normalizeDnValue(dir, v) !== groupNdn);
  if (values.length) after.attributes.set('memberof', { type: 'memberOf', values });
  else after.attributes.delete('memberof');
  await dir.putEntry(txn, after, member);
}

export function assertNotWritingMemberOf(key: string): void {
  if (key === 'memberof')
    throw new LdapError(ResultCode.constraintViolation, 'memberOf: no user modification allowed');
}

export type { WriteEvent };
