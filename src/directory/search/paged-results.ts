import type { Control } from '../../protocol/index.ts';
import * as protocol from '../../protocol/index.ts';
import { LdapError } from '../../protocol/ldap-error.ts';
import { ResultCode } from '../../protocol/result-code.ts';
import { ControlOid } from '../controls.ts';

/** RFC 2696: realSearchControlValue ::= SEQUENCE { size INTEGER, cookie OCTET STRING } */
export function decodePagedResults(value: Buffer | undefined): { size: number; cookie: Buffer | undefined } {
  if (!value) throw new LdapError(ResultCode.protocolError, 'paged results control without a value');
  const decoded = protocol.decodePagedResultsValue(value);
  if (decoded.cookie.length !== 0 && decoded.cookie.length !== 4)
    throw new LdapError(ResultCode.unwillingToPerform, 'paged results cookie is invalid');
  return { size: decoded.size, cookie: decoded.cookie.length ? decoded.cookie : undefined };
}

export function encodePagedResults(size: number, cookie: Buffer): Control {
  return {
    oid: ControlOid.pagedResults,
    critical: false,
    value: protocol.encodePagedResultsValue({ size, cookie }),
  };
}
