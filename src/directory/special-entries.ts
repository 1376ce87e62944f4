import type { PartialAttribute } from '../protocol/index.ts';
import { SUPPORTED_CONTROLS } from './controls.ts';
import type { Directory } from './directory.ts';
import type { Attribute, Entry } from './entry.ts';
import { SUBSCHEMA_DN, SUBSCHEMA_NDN } from './operational.ts';
import type { Selection } from './search/select.ts';

export const SUPPORTED_EXTENSIONS = [
  '1.3.6.1.4.1.1466.20037', // StartTLS (RFC 4511 §4.14)
  '1.3.6.1.4.1.4203.1.11.1', // Password Modify (RFC 3062)
  '1.3.6.1.4.1.4203.1.11.3', // WhoAmI (RFC 4532)
];

export const SUPPORTED_FEATURES = [
  '1.3.6.1.1.14', // Modify-Increment (RFC 4525)
  '1.3.6.1.4.1.4203.1.5.1', // all operational attributes, `+` (RFC 3673)
  '1.3.6.1.4.1.4203.1.5.2', // attributes by object class, `@class` (RFC 4529)
  '1.3.6.1.4.1.4203.1.5.3', // absolute true and false filters (RFC 4526)
];

function attrs(list: Record<string, readonly string[]>): Map<string, Attribute> {
  const m = new Map<string, Attribute>();
  for (const [type, values] of Object.entries(list))
    if (values.length) m.set(type.toLowerCase(), { type, values: values.map((v) => Buffer.from(v)) });
  return m;
}

/** The root DSE (RFC 4512 §5.1): what this server is and what it supports. */
export async function rootDse(dir: Directory): Promise<Entry> {
  return {
    id: 0,
    parentId: 0,
    dn: '',
    ndn: '',
    attributes: attrs({
      objectClass: ['top', 'extensibleObject'],
      namingContexts: dir.suffixes.map((s) => s.dn),
      subschemaSubentry: [SUBSCHEMA_DN],
      supportedLDAPVersion: ['3'],
      supportedControl: SUPPORTED_CONTROLS,
      supportedExtension: SUPPORTED_EXTENSIONS,
      supportedFeatures: SUPPORTED_FEATURES,
      supportedSASLMechanisms: [],
      vendorName: ['Linden'],
      vendorVersion: [dir.version],
      entryDN: [''],
    }),
  };
}

/** The subschema subentry (RFC 4512 §4.2), published at `cn=Subschema`. */
export function subschemaEntry(dir: Directory): Entry {
  const s = dir.schema.subschema();
  return {
    id: 0,
    parentId: 0,
    dn: SUBSCHEMA_DN,
    ndn: SUBSCHEMA_NDN,
    attributes: attrs({
      objectClass: ['top', 'subentry', 'subschema', 'extensibleObject'],
      cn: ['Subschema'],
      structuralObjectClass: ['subentry'],
      ldapSyntaxes: s.ldapSyntaxes,
      matchingRules: s.matchingRules,
      matchingRuleUse: s.matchingRuleUse,
      attributeTypes: s.attributeTypes,
      objectClasses: s.objectClasses,
      entryDN: [SUBSCHEMA_DN],
      subschemaSubentry: [SUBSCHEMA_DN],
      createTimestamp: ['20260101000000Z'],
      modifyTimestamp: ['20260101000000Z'],
    }),
  };
}

/**
 * Attribute selection for the root DSE and subschema entry: as with OpenLDAP,
 * `*` gives only objectClass (and cn); the rest are operational and come with
 * `+` or by name. Both entries are readable by anyone.
 */
export function selectSpecial(dir: Directory, entry: Entry, selection: Selection): PartialAttribute[] {
  const out: PartialAttribute[] = [];
  for (const [key, attr] of entry.attributes) {
    const type = dir.schema.attributeType(key);
    const userAttr =
      key === 'objectclass' || key === 'cn' || (type !== undefined && !type.operational && key !== 'entrydn');
    const keyOf = type?.key ?? key;
    if (
      userAttr
        ? selection.allUser || selection.named.has(keyOf)
        : selection.allOperational || selection.named.has(keyOf)
    )
      out.push({ type: attr.type, values: selection.typesOnly ? [] : attr.values });
  }
  return out;
}
