/**
 * The schema checks the directory runs on every add and modify (RFC 4512 §2.4,
 * §2.5, §3.3), as pure functions. Codes and messages follow slapd's
 * schema_check.c so clients see what they would see from OpenLDAP.
 */
import type { LdapError } from '../protocol/ldap-error.ts';
import type { SchemaEntry } from './entry.ts';
import type { SchemaRegistry } from './registry.ts';
import type { AttributeType, ObjectClass } from './types.ts';

export interface CheckEntryOptions {
  /**
   * Reject NO-USER-MODIFICATION attributes (RFC 4512 §4.1.2): true for writes
   * from clients, false when the directory itself stamps operational attributes.
   * Default true.
   */
  readonly userModification?: boolean;
}

export function structuralObjectClass(
  _registry: SchemaRegistry,
  _objectClasses: readonly string[],
): ObjectClass {
  throw new Error('not implemented yet');
}

export function checkEntry(
  _registry: SchemaRegistry,
  _entry: SchemaEntry,
  _options: CheckEntryOptions = {},
): LdapError | undefined {
  throw new Error('not implemented yet');
}

export function checkAttributeValues(
  _type: AttributeType,
  _values: readonly Buffer[],
  _description: string = _type.name,
): LdapError | undefined {
  throw new Error('not implemented yet');
}
