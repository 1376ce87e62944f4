import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';

export const ControlOid = {
  pagedResults: '1.2.840.113556.1.4.319',
  manageDsaIT: '2.16.840.1.113730.3.4.2',
  assertion: '1.3.6.1.1.12',
} as const;

/** Controls each operation understands; anything else marked critical is refused (RFC 4511 §4.1.11). */
const understood: Record<string, ReadonlySet<string>> = {
  search: new Set([ControlOid.pagedResults, ControlOid.manageDsaIT, ControlOid.assertion]),
  compare: new Set([ControlOid.manageDsaIT, ControlOid.assertion]),
  add: new Set([ControlOid.manageDsaIT, ControlOid.assertion]),
  modify: new Set([ControlOid.manageDsaIT, ControlOid.assertion]),
  delete: new Set([ControlOid.manageDsaIT, ControlOid.assertion]),
  modifyDN: new Set([ControlOid.manageDsaIT, ControlOid.assertion]),
  bind: new Set(),
  extended: new Set([ControlOid.manageDsaIT]),
};

export const SUPPORTED_CONTROLS = [ControlOid.pagedResults, ControlOid.manageDsaIT, ControlOid.assertion];

export function checkCriticalControls(
  operation: keyof typeof understood,
  controls: readonly { oid: string; critical: boolean }[],
): void {
  const known = understood[operation]!;
  for (const c of controls) {
    if (c.critical && !known.has(c.oid))
      throw new LdapError(
        ResultCode.unavailableCriticalExtension,
        `critical control ${c.oid} is not supported`,
      );
  }
}
