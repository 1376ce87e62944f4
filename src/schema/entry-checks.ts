/**
 * The schema checks the directory runs on every add and modify (RFC 4512 §2.4,
 * §2.5, §3.3), as pure functions. Codes and messages follow slapd (its
 * slap_mods_check and entry_schema_check) so clients see what they would see
 * from OpenLDAP, e.g. `object class 'inetOrgPerson' requires attribute 'sn'`.
 *
 * Order, as in slapd: each attribute on its own first (defined? writable?
 * values valid, not repeated, single when SINGLE-VALUE?), then the entry as a
 * whole against its object classes.
 */
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
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

/**
 * The type of an attribute description (`cn`, `CN;lang-en`, `2.5.4.3`).
 * Throws undefinedAttributeType, as slapd: `foo: attribute type undefined`.
 */
export function attributeTypeOf(registry: SchemaRegistry, description: string): AttributeType {
  const type = registry.attributeType(description);
  if (type === undefined) {
    throw new LdapError(ResultCode.undefinedAttributeType, `${description}: attribute type undefined`);
  }
  return type;
}

/** RFC 4512 §4.1.2 NO-USER-MODIFICATION: constraintViolation when a client writes such an attribute. */
export function checkUserModification(
  type: AttributeType,
  description: string = type.name,
): LdapError | undefined {
  if (!type.noUserModification) return undefined;
  return new LdapError(ResultCode.constraintViolation, `${description}: no user modification allowed`);
}

/**
 * The values of one attribute on their own: each valid for the syntax
 * (invalidAttributeSyntax), none repeated under the equality rule
 * (attributeOrValueExists, RFC 4511 §4.7), at most one for SINGLE-VALUE
 * (constraintViolation).
 */
export function checkAttributeValues(
  type: AttributeType,
  values: readonly Buffer[],
  description: string = type.name,
): LdapError | undefined {
  if (type.singleValue && values.length > 1) {
    return new LdapError(ResultCode.constraintViolation, `${description}: multiple values provided`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!type.syntax.validate(values[i]!)) {
      return new LdapError(
        ResultCode.invalidAttributeSyntax,
        `${description}: value #${i} invalid per syntax`,
      );
    }
  }
  const equality = type.equality;
  if (values.length > 1) {
    const seen = new Set<string>();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const key = equality?.implemented ? equality.normalize(v) : v.toString('hex');
      if (key === undefined) {
        return new LdapError(
          ResultCode.invalidAttributeSyntax,
          `${description}: value #${i} invalid per syntax`,
        );
      }
      if (seen.has(key)) {
        return new LdapError(
          ResultCode.attributeOrValueExists,
          `${description}: value #${i} provided more than once`,
        );
      }
      seen.add(key);
    }
  }
  return undefined;
}

function violation(message: string): LdapError {
  return new LdapError(ResultCode.objectClassViolation, message);
}

/**
 * The entry's structural object class (RFC 4512 §2.4.2): of the structural
 * classes listed, the one all others are superclasses of. Throws
 * objectClassViolation when a value names no class, when there is no
 * structural class, or when two structural classes are not in one chain.
 */
export function structuralObjectClass(
  registry: SchemaRegistry,
  objectClasses: readonly string[],
): ObjectClass {
  if (objectClasses.length === 0) throw violation('no objectClass attribute');
  let structural: ObjectClass | undefined;
  let structuralValue = '';
  for (const value of objectClasses) {
    const oc = registry.objectClass(value);
    if (oc === undefined) throw violation(`unrecognized objectClass '${value}'`);
    if (oc.kind !== 'STRUCTURAL') continue;
    if (structural === undefined || oc.isSubclassOf(structural)) {
      structural = oc;
      structuralValue = value;
    } else if (!structural.isSubclassOf(oc)) {
      throw violation(`invalid structural object class chain (${structuralValue}/${value})`);
    }
  }
  if (structural === undefined) throw violation('no structural object class provided');
  return structural;
}

function valuesOf(
  entry: SchemaEntry,
  type: AttributeType,
  registry: SchemaRegistry,
): readonly Buffer[] | undefined {
  const direct = entry.attributes.get(type.key);
  if (direct !== undefined) return direct;
  for (const [key, values] of entry.attributes) if (registry.attributeType(key) === type) return values;
  return undefined;
}

/**
 * Every check an entry must pass to be stored: the attribute checks above,
 * then object classes known, exactly one structural chain, every MUST of
 * every class present, every user attribute allowed by some class (all are
 * with extensibleObject; operational ones always are). Returns the first
 * violation, or undefined.
 */
export function checkEntry(
  registry: SchemaRegistry,
  entry: SchemaEntry,
  options: CheckEntryOptions = {},
): LdapError | undefined {
  const userModification = options.userModification ?? true;
  const present = new Map<AttributeType, string>();
  try {
    for (const [key, values] of entry.attributes) {
      const type = attributeTypeOf(registry, key);
      // Messages name the attribute as the schema spells it (`uidNumber`), options kept.
      const semi = key.indexOf(';');
      const description = semi < 0 ? type.name : `${type.name}${key.slice(semi)}`;
      if (userModification) {
        const err = checkUserModification(type, description);
        if (err) return err;
      }
      const err = checkAttributeValues(type, values, description);
      if (err) return err;
      if (values.length > 0) present.set(type, description);
    }

    const objectClassValues = (valuesOf(entry, registry.objectClassAttribute, registry) ?? []).map((v) =>
      v.toString('utf8'),
    );
    structuralObjectClass(registry, objectClassValues);

    const classes = new Set<ObjectClass>();
    for (const value of objectClassValues) {
      const oc = registry.objectClass(value)!;
      for (const sup of oc.superclasses) classes.add(sup);
      for (const must of oc.allMust) {
        if (!present.has(must)) return violation(`object class '${value}' requires attribute '${must.name}'`);
      }
    }
    if (registry.extensibleObject && classes.has(registry.extensibleObject)) return undefined;
    for (const [type, description] of present) {
      if (type.operational || isAllowed(type, classes)) continue;
      return violation(`attribute '${description}' not allowed`);
    }
    return undefined;
  } catch (e) {
    if (LdapError.is(e)) return e;
    throw e;
  }
}

/** RFC 4512 §2.4: allowed when some class lists the type, or a supertype of it, in MUST or MAY. */
function isAllowed(type: AttributeType, classes: ReadonlySet<ObjectClass>): boolean {
  for (const oc of classes) {
    for (let t: AttributeType | undefined = type; t !== undefined; t = t.sup) {
      if (oc.allMust.has(t) || oc.allMay.has(t)) return true;
    }
  }
  return false;
}
