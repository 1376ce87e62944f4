// @ts-check
// The directory schema as forms use it, loaded once per login.
import { api } from './api.js';

/**
 * @typedef {{ name: string, names: string[], syntax: string, singleValue: boolean, noUserModification: boolean, operational: boolean, binary: boolean, description?: string }} AttrType
 * @typedef {{ name: string, names: string[], kind: string, must: string[], may: string[] }} ObjClass
 */

/** @type {{ types: Map<string, AttrType>, classes: Map<string, ObjClass> } | undefined} */
let loaded;

export async function loadSchema() {
  if (loaded) return loaded;
  const s = await api('GET', '/api/schema');
  const types = new Map();
  for (const t of s.attributeTypes)
    for (const n of t.names.length ? t.names : [t.name]) types.set(n.toLowerCase(), t);
  const classes = new Map();
  for (const c of s.objectClasses)
    for (const n of c.names.length ? c.names : [c.name]) classes.set(n.toLowerCase(), c);
  loaded = { types, classes };
  return loaded;
}

export function forgetSchema() {
  loaded = undefined;
}

/** @param {string} name @returns {AttrType | undefined} */
export function attributeType(name) {
  return loaded?.types.get(name.split(';')[0].toLowerCase());
}

/**
 * MUST and MAY attribute names of a set of object classes (canonical names).
 * @param {string[]} objectClasses
 */
export function classAttributes(objectClasses) {
  const must = new Set();
  const may = new Set();
  for (const oc of objectClasses) {
    const c = loaded?.classes.get(oc.toLowerCase());
    if (!c) continue;
    for (const a of c.must) must.add(a);
    for (const a of c.may) may.add(a);
  }
  for (const a of must) may.delete(a);
  return { must, may };
}

const SYNTAX = {
  boolean: '1.3.6.1.4.1.1466.115.121.1.7',
  dn: '1.3.6.1.4.1.1466.115.121.1.12',
  directoryString: '1.3.6.1.4.1.1466.115.121.1.15',
  generalizedTime: '1.3.6.1.4.1.1466.115.121.1.24',
  ia5: '1.3.6.1.4.1.1466.115.121.1.26',
  integer: '1.3.6.1.4.1.1466.115.121.1.27',
  numeric: '1.3.6.1.4.1.1466.115.121.1.36',
  oid: '1.3.6.1.4.1.1466.115.121.1.38',
  printable: '1.3.6.1.4.1.1466.115.121.1.44',
  telephone: '1.3.6.1.4.1.1466.115.121.1.50',
};

/**
 * Checks a value against its attribute's syntax before it is sent; returns
 * the problem, or '' when the value looks valid. The server checks again.
 * @param {string} attr @param {string} value
 */
export function syntaxProblem(attr, value) {
  const t = attributeType(attr);
  if (!t) return '';
  switch (t.syntax) {
    case SYNTAX.integer:
      return /^-?(0|[1-9][0-9]*)$/.test(value) ? '' : 'a whole number';
    case SYNTAX.boolean:
      return value === 'TRUE' || value === 'FALSE' ? '' : 'TRUE or FALSE';
    case SYNTAX.ia5:
      return /^[\x00-\x7f]*$/.test(value) ? '' : 'ASCII characters only';
    case SYNTAX.numeric:
      return /^[0-9 ]+$/.test(value) ? '' : 'digits and spaces only';
    case SYNTAX.printable:
      return /^[A-Za-z0-9 '()+,\-./:=?]+$/.test(value) ? '' : "letters, digits, spaces and '()+,-./:=? only";
    case SYNTAX.telephone:
      return /^[ -~]+$/.test(value) && value.trim() !== ''
        ? ''
        : 'a telephone number in printable characters';
    case SYNTAX.generalizedTime:
      return /^\d{10}(\d{2}(\d{2})?)?([.,]\d+)?(Z|[+-]\d{2,4})$/.test(value)
        ? ''
        : 'a time like 20240131235959Z';
    case SYNTAX.dn:
      return /^([A-Za-z0-9][A-Za-z0-9.-]*=(\\.|[^\\])*)?$/.test(value)
        ? ''
        : 'a DN, e.g. uid=alice,ou=people,dc=example,dc=org';
    case SYNTAX.oid:
      return /^([0-9]+(\.[0-9]+)*|[A-Za-z][A-Za-z0-9-]*)$/.test(value) ? '' : 'an OID or a name';
    case SYNTAX.directoryString:
      return value.length > 0 ? '' : 'not empty';
    default:
      return '';
  }
}
