import { AccessLevel, type Directory, type Entry, type Requester } from '../directory/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { ReadTxn } from '../store/index.ts';

export type AttributeRight = 'write' | 'read' | 'none';

/** What one identity may do with one entry: what the console enables, never what it enforces. */
export interface EntryRights {
  readonly dn: string;
  /** May delete the entry (and rename it: both need write on `entry`). */
  readonly delete: boolean;
  readonly rename: boolean;
  /** May add entries below it. */
  readonly addChildren: boolean;
  /** Each attribute its object classes allow or it holds, by its schema name. */
  readonly attributes: Record<string, AttributeRight>;
}

function parseNdn(dir: Directory, dn: string): string {
  try {
    return dir.dn.normalize(dn);
  } catch {
    throw new LdapError(ResultCode.invalidDNSyntax, 'invalid DN');
  }
}

/**
 * Asks the access layer, as `requester`, what it grants on the entry at `dn`.
 * The console uses the answer to decide which fields are editable; the write
 * itself still goes through the operations, which check the same rules again.
 */
export async function entryRights(dir: Directory, requester: Requester, dn: string): Promise<EntryRights> {
  const ndn = parseNdn(dir, dn);
  return dir.read(async (txn) => {
    const view = await dir.accessView(requester, txn);
    const entry = await dir.loadByNdn(txn, ndn);
    if (
      !entry ||
      (!view.unrestricted && !view.can({ entry, attribute: 'entry', level: AccessLevel.disclose }))
    )
      throw new LdapError(ResultCode.noSuchObject, '');
    await view.prefetch?.([entry]);
    const parent = await parentOf(dir, txn, entry);
    if (parent) await view.prefetch?.([parent]);
    const attributes: Record<string, AttributeRight> = {};
    for (const type of allowedTypes(dir, entry)) {
      if (type.noUserModification || type.key === 'userpassword') continue;
      const canWrite = view.can({ entry, attribute: type.key, level: AccessLevel.write });
      const canRead = canWrite || view.can({ entry, attribute: type.key, level: AccessLevel.read });
      attributes[type.name] = canWrite ? 'write' : canRead ? 'read' : 'none';
    }
    const entryWrite = view.can({ entry, attribute: 'entry', level: AccessLevel.write });
    const parentChildren = parent
      ? view.can({ entry: parent, attribute: 'children', level: AccessLevel.write })
      : view.unrestricted;
    return {
      dn: entry.dn,
      delete: entryWrite && parentChildren,
      rename: entryWrite && parentChildren,
      addChildren: view.can({ entry, attribute: 'children', level: AccessLevel.write }),
      attributes,
    };
  });
}

async function parentOf(dir: Directory, txn: ReadTxn, entry: Entry): Promise<Entry | undefined> {
  const parsed = dir.dn.parse(entry.dn);
  if (parsed.rdns.length <= 1) return undefined;
  return dir.loadByNdn(txn, dir.dn.normalizeParsed(dir.dn.parent(parsed)));
}

function allowedTypes(dir: Directory, entry: Entry) {
  const out = new Map<string, NonNullable<ReturnType<Directory['schema']['attributeType']>>>();
  const classes = entry.attributes.get('objectclass')?.values ?? [];
  for (const v of classes) {
    const oc = dir.schema.objectClass(v.toString('utf8'));
    if (!oc) continue;
    for (const t of oc.allMust) out.set(t.key, t);
    for (const t of oc.allMay) out.set(t.key, t);
  }
  for (const key of entry.attributes.keys()) {
    const t = dir.schema.attributeType(key.split(';')[0]!);
    if (t && !t.operational) out.set(t.key, t);
  }
  return out.values();
}

/**
 * Of the entries at `dns`, those where `requester` may add `value` to
 * `attribute` — the groups a person may join (an open group grants `selfwrite`
 * on member), checked as the access layer checks the write itself.
 */
export async function mayAddValue(
  dir: Directory,
  requester: Requester,
  dns: readonly string[],
  attribute: string,
  value: Buffer,
): Promise<string[]> {
  const type = dir.schema.attributeType(attribute);
  if (!type) return [];
  return dir.read(async (txn) => {
    const view = await dir.accessView(requester, txn);
    const entries: Entry[] = [];
    for (const dn of dns) {
      const e = await dir.loadByNdn(txn, parseNdn(dir, dn));
      if (e) entries.push(e);
    }
    await view.prefetch?.(entries);
    return entries
      .filter((entry) => view.can({ entry, attribute: type.key, level: AccessLevel.write, value, op: 'add' }))
      .map((e) => e.dn);
  });
}
