import type { AddRequest } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { NO_PARENT } from '../../store/contract.ts';
import { AccessLevel } from '../access-policy.ts';
import { requireDescription } from '../attribute-description.ts';
import type { Directory } from '../directory.ts';
import { DnService } from '../dn-service.ts';
import type { Attribute, Entry } from '../entry.ts';
import type { OperationEnv } from '../requester.ts';
import { checkSchema, stampCreate } from '../write-support.ts';

/** Options for writes that come from trusted tooling (LDIF import) rather than a client. */
export interface AddOptions {
  /** Keep operational attributes from the input (createTimestamp, entryUUID…), as `slapadd` does. */
  readonly keepOperational?: boolean;
}

/** RFC 4511 §4.7. */
export async function add(
  dir: Directory,
  request: AddRequest,
  env: OperationEnv,
  options: AddOptions = {},
): Promise<void> {
  const parsed = dir.dn.parse(request.entry);
  if (parsed.rdns.length === 0) throw new LdapError(ResultCode.unwillingToPerform, 'cannot add the root DSE');
  const ndn = dir.dn.normalizeParsed(parsed);
  const suffix = dir.suffixOf(ndn);
  if (!suffix) throw new LdapError(ResultCode.noSuchObject, 'no global superior knowledge');
  const entry: Entry = { id: 0, parentId: NO_PARENT, dn: dir.dn.format(parsed), ndn, attributes: new Map() };
  const admin = dir.isAdmin(env.requester);
  // OpenLDAP's answer to an empty AttributeList: the request itself is malformed.
  if (request.attributes.length === 0)
    throw new LdapError(ResultCode.protocolError, 'no attributes provided');
  for (const attr of request.attributes) {
    const d = requireDescription(dir.schema, attr.type);
    if (attr.values.length === 0)
      throw new LdapError(ResultCode.protocolError, `${attr.type}: no values for attribute type`);
    if (d.type.noUserModification && !options.keepOperational)
      throw new LdapError(ResultCode.constraintViolation, `${d.type.name}: no user modification allowed`);
    const existing = entry.attributes.get(d.key);
    const target: Attribute = existing ?? { type: d.name, values: [] };
    const seen = new Set(target.values.map((v) => d.type.equality?.normalize(v) ?? v.toString('hex')));
    for (const v of attr.values) {
      const n = d.type.equality?.normalize(v) ?? v.toString('hex');
      if (seen.has(n))
        throw new LdapError(
          ResultCode.attributeOrValueExists,
          `${d.type.name}: value #${target.values.length} provided more than once`,
        );
      seen.add(n);
      target.values.push(Buffer.from(v));
    }
    entry.attributes.set(d.key, target);
  }
  // RFC 4511 §4.7 leaves it open; like OpenLDAP, the RDN's values must be in the entry.
  for (const ava of parsed.rdns[0]!) {
    const d = requireDescription(dir.schema, ava.type);
    const values = entry.attributes.get(d.key)?.values ?? [];
    const raw = Buffer.isBuffer(ava.value) ? ava.value : Buffer.from(ava.value, 'utf8');
    const want = d.type.equality?.normalize(raw);
    if (!values.some((v) => (want === undefined ? v.equals(raw) : d.type.equality!.normalize(v) === want)))
      throw new LdapError(
        ResultCode.namingViolation,
        `value of naming attribute '${d.type.name}' is not present in entry`,
      );
  }
  const password = entry.attributes.get('userpassword');
  if (password)
    password.values = await Promise.all(password.values.map((v) => dir.passwords.prepareForStore(v)));
  if (!options.keepOperational || !entry.attributes.has('entryuuid'))
    stampCreate(entry, env.requester, options.keepOperational ?? false);
  checkSchema(dir, entry);

  await dir.write(async (txn) => {
    const isSuffix = ndn === suffix.ndn;
    let parent: Entry | undefined;
    let parentId = NO_PARENT;
    if (!isSuffix) {
      const parentNdn = DnService.parentNdn(ndn);
      // The administrator's add needs only the parent's id; access checks need the entry.
      if (admin) parentId = (await txn.findId(parentNdn)) ?? NO_PARENT;
      else {
        parent = await dir.loadByNdn(txn, parentNdn);
        if (parent) parentId = parent.id;
      }
      if (parentId === NO_PARENT)
        throw new LdapError(ResultCode.noSuchObject, '', await dir.matchedDn(txn, entry.dn));
    }
    if ((await txn.findId(ndn)) !== undefined) throw new LdapError(ResultCode.entryAlreadyExists, '');
    if (!admin) {
      const view = await dir.accessView(env.requester, txn);
      await view.prefetch?.(parent ? [parent, entry] : [entry]);
      // OpenLDAP: `add` on the parent's children and on the new entry.
      if (!parent || !view.can({ entry: parent, attribute: 'children', level: AccessLevel.write, op: 'add' }))
        throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to parent');
      if (!view.can({ entry, attribute: 'entry', level: AccessLevel.write, op: 'add' }))
        throw new LdapError(ResultCode.insufficientAccessRights, 'no write access to entry');
      for (const [key, attr] of entry.attributes) {
        const t = dir.schema.attributeType(key.split(';')[0]!);
        if (t?.operational) continue;
        for (const value of attr.values)
          if (!view.can({ entry, attribute: key.split(';')[0]!, level: AccessLevel.write, value, op: 'add' }))
            throw new LdapError(
              ResultCode.insufficientAccessRights,
              `no write access to attribute ${attr.type}`,
            );
      }
    }
    entry.id = await txn.allocateId();
    entry.parentId = parentId;
    const event = { directory: dir, txn, requester: env.requester };
    for (const o of dir.overlays) if (o.beforeAdd) await o.beforeAdd(event, entry);
    await dir.putEntry(txn, entry, undefined);
    for (const o of dir.overlays) if (o.afterAdd) await o.afterAdd(event, entry);
  });
}
