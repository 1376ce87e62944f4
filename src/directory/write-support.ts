import { checkEntry } from '../schema/index.ts';
import type { Directory } from './directory.ts';
import type { Entry } from './entry.ts';
import { generalizedTime, newEntryUUID } from './operational.ts';
import type { Requester } from './requester.ts';

/** Operational attributes every new entry gets (RFC 4512 §3.4, RFC 4530). */
export function stampCreate(entry: Entry, requester: Requester, keepExisting: boolean): void {
  const now = Buffer.from(generalizedTime());
  const who = Buffer.from(requester.dn);
  const set = (type: string, value: Buffer): void => {
    const key = type.toLowerCase();
    if (keepExisting && entry.attributes.has(key)) return;
    entry.attributes.set(key, { type, values: [value] });
  };
  set('createTimestamp', now);
  set('modifyTimestamp', now);
  set('creatorsName', who);
  set('modifiersName', who);
  set('entryUUID', Buffer.from(newEntryUUID()));
}

export function stampModify(entry: Entry, requester: Requester): void {
  entry.attributes.set('modifytimestamp', {
    type: 'modifyTimestamp',
    values: [Buffer.from(generalizedTime())],
  });
  entry.attributes.set('modifiersname', { type: 'modifiersName', values: [Buffer.from(requester.dn)] });
}

/** Schema checks (RFC 4512): classes, MUST/MAY, single-value, syntaxes; records structuralObjectClass. */
export function checkSchema(dir: Directory, entry: Entry): void {
  const view = new Map<string, readonly Buffer[]>();
  for (const [k, a] of entry.attributes) view.set(k, a.values);
  const err = checkEntry(dir.schema, { attributes: view }, { userModification: false });
  if (err) throw err;
  const oc = entry.attributes.get('objectclass')?.values.map((v) => v.toString('utf8')) ?? [];
  const structural = structuralName(dir, oc);
  if (structural)
    entry.attributes.set('structuralobjectclass', {
      type: 'structuralObjectClass',
      values: [Buffer.from(structural)],
    });
}

function structuralName(dir: Directory, classes: readonly string[]): string | undefined {
  let best: ReturnType<Directory['schema']['objectClass']>;
  for (const c of classes) {
    const oc = dir.schema.objectClass(c);
    if (oc?.kind !== 'STRUCTURAL') continue;
    if (!best || oc.isSubclassOf(best)) best = oc;
  }
  return best?.name;
}
