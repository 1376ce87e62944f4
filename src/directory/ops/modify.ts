import type { ModifyRequest } from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { AccessLevel } from '../access-policy.ts';
import { requireDescription } from '../attribute-description.ts';
import type { Directory } from '../directory.ts';
import { cloneEntry } from '../entry.ts';
import type { OperationEnv } from '../requester.ts';
import { checkSchema, stampModify } from '../write-support.ts';

/** RFC 4511 §4.6, with increment (RFC 4525). Changes apply in order; any failure leaves the entry as it was. */
export async function modify(dir: Directory, request: ModifyRequest, env: OperationEnv): Promise<void> {
  const parsed = dir.dn.parse(request.object);
  const ndn = dir.dn.normalizeParsed(parsed);
  const admin = dir.isAdmin(env.requester);
  // Resolve and hash outside the transaction: hashing is slow and must not hold the writer.
  const changes = await Promise.all(
    request.changes.map(async (c) => {
      const d = requireDescription(dir.schema, c.modification.type);
      if (d.type.noUserModification)
        throw new LdapError(ResultCode.constraintViolation, `${d.type.name}: no user modification allowed`);
      let values: Buffer[] = c.modification.values.map((v) => Buffer.from(v));
      if (d.type.key === 'userpassword' && c.operation !== 1)
        values = await Promise.all(values.map((v) => dir.passwords.prepareForStore(v)));
      return { op: c.operation, d, values };
    }),
  );
  await dir.write(async (txn) => {
    const before = await dir.requireEntry(txn, ndn, request.object);
    const after = cloneEntry(before);
    const view = admin ? undefined : await dir.accessView(env.requester, txn);
    await view?.prefetch?.([before]);
    const rdnKeys = new Map<string, Buffer[]>();
    for (const ava of parsed.rdns[0] ?? []) {
      const d = requireDescription(dir.schema, ava.type);
      const raw = Buffer.isBuffer(ava.value) ? ava.value : Buffer.from(ava.value, 'utf8');
      rdnKeys.set(d.key, [...(rdnKeys.get(d.key) ?? []), raw]);
    }
    for (const { op, d, values } of changes) {
      const eq = d.type.equality;
      const norm = (v: Buffer): string =>
        eq ? (eq.normalize(v) ?? `\u0000${v.toString('hex')}`) : v.toString('hex');
      const current = after.attributes.get(d.key);
      const check = (value: Buffer | undefined, o: 'add' | 'delete' | 'increment'): void => {
        if (!view) return;
        const q = value
          ? { entry: before, attribute: d.type.key, level: AccessLevel.write, value, op: o }
          : { entry: before, attribute: d.type.key, level: AccessLevel.write, op: o };
        if (!view.can(q))
          throw new LdapError(
            ResultCode.insufficientAccessRights,
            `no write access to attribute ${d.type.name}`,
          );
      };
      switch (op) {
        case 0: {
          // add
          if (values.length === 0)
            throw new LdapError(ResultCode.protocolError, `${d.type.name}: no values for add`);
          const have = new Set((current?.values ?? []).map(norm));
          const next = current ? current.values.slice() : [];
          for (const v of values) {
            check(v, 'add');
            const n = norm(v);
            if (have.has(n))
              throw new LdapError(
                ResultCode.attributeOrValueExists,
                `modify/add: ${d.type.name}: value #0 already exists`,
              );
            have.add(n);
            next.push(v);
          }
          after.attributes.set(d.key, { type: current?.type ?? d.name, values: next });
          break;
        }
        case 1: {
          // delete
          if (!current)
            throw new LdapError(
              ResultCode.noSuchAttribute,
              `modify/delete: ${d.type.name}: no such attribute`,
            );
          if (values.length === 0) {
            // Deleting the whole attribute is one delete on it, not one per value (as OpenLDAP checks it).
            check(undefined, 'delete');
            after.attributes.delete(d.key);
          } else {
            const remove = new Set<string>();
            for (const v of values) {
              check(v, 'delete');
              remove.add(norm(v));
            }
            const next = current.values.filter((v) => !remove.has(norm(v)));
            if (current.values.length - next.length !== remove.size)
              throw new LdapError(ResultCode.noSuchAttribute, `modify/delete: ${d.type.name}: no such value`);
            if (next.length) after.attributes.set(d.key, { type: current.type, values: next });
            else after.attributes.delete(d.key);
          }
          break;
        }
        case 2: {
          // replace: a delete of the whole attribute, then an add of each new value
          check(undefined, 'delete');
          const seen = new Set<string>();
          for (const v of values) {
            check(v, 'add');
            const n = norm(v);
            if (seen.has(n))
              throw new LdapError(
                ResultCode.attributeOrValueExists,
                `modify/replace: ${d.type.name}: duplicate value`,
              );
            seen.add(n);
          }
          if (values.length) after.attributes.set(d.key, { type: current?.type ?? d.name, values });
          else after.attributes.delete(d.key);
          break;
        }
        case 3: {
          // increment (RFC 4525)
          if (!current)
            throw new LdapError(
              ResultCode.noSuchAttribute,
              `modify/increment: ${d.type.name}: no such attribute`,
            );
          if (d.type.equality?.name.toLowerCase() !== 'integermatch')
            throw new LdapError(
              ResultCode.constraintViolation,
              `modify/increment: ${d.type.name}: not an integer attribute`,
            );
          const by = values.length === 1 ? values[0]!.toString('utf8') : '';
          if (!/^-?\d+$/.test(by))
            throw new LdapError(
              ResultCode.invalidAttributeSyntax,
              'modify/increment: invalid increment value',
            );
          for (const v of values) check(v, 'increment');
          const next = current.values.map((v) =>
            Buffer.from((BigInt(v.toString('utf8')) + BigInt(by)).toString()),
          );
          after.attributes.set(d.key, { type: current.type, values: next });
          break;
        }
        default:
          throw new LdapError(ResultCode.protocolError, 'unknown modify operation');
      }
    }
    // RFC 4511 §4.6: the RDN's values cannot be removed by modify.
    for (const [key, raws] of rdnKeys) {
      const t = dir.schema.attributeType(key);
      const values = after.attributes.get(key)?.values ?? [];
      for (const raw of raws) {
        const want = t?.equality?.normalize(raw);
        if (!values.some((v) => (want === undefined ? v.equals(raw) : t!.equality!.normalize(v) === want)))
          throw new LdapError(
            ResultCode.notAllowedOnRDN,
            `value of naming attribute '${t?.name ?? key}' cannot be removed`,
          );
      }
    }
    const oldStructural = before.attributes.get('structuralobjectclass')?.values[0]?.toString();
    stampModify(after, env.requester);
    checkSchema(dir, after);
    const newStructural = after.attributes.get('structuralobjectclass')?.values[0]?.toString();
    if (oldStructural && newStructural && oldStructural.toLowerCase() !== newStructural.toLowerCase())
      throw new LdapError(
        ResultCode.objectClassModsProhibited,
        'structural object class modification not allowed',
      );
    const event = { directory: dir, txn, requester: env.requester };
    for (const o of dir.overlays) if (o.beforeModify) await o.beforeModify(event, before, after);
    await dir.putEntry(txn, after, before);
    for (const o of dir.overlays) if (o.afterModify) await o.afterModify(event, before, after);
  });
}
