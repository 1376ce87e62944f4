import type { PartialAttribute } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { AccessLevel, type AccessView } from '../access-policy.ts';
import { resolveDescription } from '../attribute-description.ts';
import type { Directory } from '../directory.ts';
import type { Entry } from '../entry.ts';

/**
 * The attribute selection of a search (RFC 4511 §4.5.1.8), resolved once per
 * search: `*` all user attributes, `+` all operational ones (RFC 3673), `1.1`
 * none, `@class` the attributes of a class (RFC 4529), names otherwise.
 */
export interface Selection {
  readonly allUser: boolean;
  readonly allOperational: boolean;
  /** Type keys asked for by name (options dropped: values with options are returned too). */
  readonly named: ReadonlySet<string>;
  readonly typesOnly: boolean;
}

export function parseSelection(dir: Directory, attributes: readonly string[], typesOnly: boolean): Selection {
  let allUser = attributes.length === 0;
  let allOperational = false;
  const named = new Set<string>();
  for (const a of attributes) {
    if (a === '*') allUser = true;
    else if (a === '+') allOperational = true;
    else if (a === '1.1') continue;
    else if (a.startsWith('@')) {
      const oc = dir.schema.objectClass(a.slice(1));
      if (!oc) continue;
      for (const t of oc.allMust) named.add(t.key);
      for (const t of oc.allMay) named.add(t.key);
    } else {
      const d = resolveDescription(dir.schema, a);
      // RFC 4511 §4.5.1.8: unknown names are ignored.
      if (d) named.add(d.type.key);
    }
  }
  if (attributes.length > 0 && attributes.every((a) => a === '1.1')) allUser = false;
  return { allUser, allOperational, named, typesOnly };
}

/** Attributes never returned by any read: password values are for bind only. */
const NEVER_RETURNED = new Set(['userpassword']);

export interface ComputedAttributes {
  hasSubordinates?: boolean;
}

/** The attributes of `entry` the requester asked for and may read. */
export function selectAttributes(
  dir: Directory,
  entry: Entry,
  selection: Selection,
  view: AccessView,
  computed: ComputedAttributes,
): PartialAttribute[] {
  const out: PartialAttribute[] = [];
  const readsAll = view.unrestricted || (view.readsEverything?.() ?? false);
  for (const [key, attr] of entry.attributes) {
    const semi = key.indexOf(';');
    const base = semi < 0 ? key : key.slice(0, semi);
    if (NEVER_RETURNED.has(base)) continue;
    const type = dir.schema.attributeType(base);
    const operational = type?.operational ?? false;
    if (
      !(operational
        ? selection.allOperational || selection.named.has(base)
        : selection.allUser || selection.named.has(base))
    )
      continue;
    if (!readsAll) {
      if (!view.can({ entry, attribute: base, level: AccessLevel.read })) continue;
      const values = attr.values.filter((value) =>
        view.can({ entry, attribute: base, level: AccessLevel.read, value }),
      );
      if (values.length === 0) continue;
      out.push({ type: attr.type, values: selection.typesOnly ? [] : values });
      continue;
    }
    out.push({ type: attr.type, values: selection.typesOnly ? [] : attr.values });
  }
  const want = (key: string): boolean => selection.allOperational || selection.named.has(key);
  const push = (type: string, value: string): void => {
    if (!readsAll && !view.can({ entry, attribute: type.toLowerCase(), level: AccessLevel.read })) return;
    out.push({ type, values: selection.typesOnly ? [] : [Buffer.from(value)] });
  };
  if (want('entrydn')) push('entryDN', entry.dn);
  if (want('subschemasubentry')) push('subschemaSubentry', 'cn=Subschema');
  if (want('hassubordinates') && computed.hasSubordinates !== undefined)
    push('hasSubordinates', computed.hasSubordinates ? 'TRUE' : 'FALSE');
  return out;
}

export function wantsHasSubordinates(selection: Selection): boolean {
  return selection.allOperational || selection.named.has('hassubordinates');
}

export function assertNever(x: never): never {
  throw new LdapError(ResultCode.other, `unexpected ${String(x)}`);
}
