import type { RequestOp } from '../protocol/index.ts';

/**
 * The request fields written to the access log line of an operation. Bind
 * credentials never appear: a bind is logged by its DN and method only.
 */
export function describeRequest(op: RequestOp): Record<string, unknown> {
  switch (op.type) {
    case 'bindRequest':
      return op.authentication.type === 'simple'
        ? { dn: op.name, method: 'simple' }
        : { dn: op.name, method: 'sasl', mech: op.authentication.mechanism };
    case 'searchRequest':
      return { base: op.baseObject, scope: op.scope, attrs: op.attributes };
    case 'modifyRequest':
      return { dn: op.object, changes: op.changes.length };
    case 'addRequest':
      return { dn: op.entry };
    case 'deleteRequest':
      return { dn: op.entry };
    case 'modifyDNRequest':
      return {
        dn: op.entry,
        newRDN: op.newRDN,
        ...(op.newSuperior !== undefined ? { newSuperior: op.newSuperior } : {}),
      };
    case 'compareRequest':
      return { dn: op.entry, attr: op.attribute };
    case 'extendedRequest':
      return { oid: op.requestName };
    case 'abandonRequest':
      return { idToAbandon: op.idToAbandon };
    case 'unbindRequest':
      return {};
  }
}
