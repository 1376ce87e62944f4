import { type Dn, type DnNormalizer, formatDn, makeDn, normalizeDn, parseDn, type Rdn } from '../dn/index.ts';
import { LdapError } from '../protocol/ldap-error.ts';
import { ResultCode } from '../protocol/result-code.ts';
import type { SchemaRegistry } from '../schema/index.ts';

/** How many DN strings `normalize` remembers (cleared when full). */
const RECENT_DNS = 4096;

/**
 * DNs as the directory sees them: parsed once, normalized with each RDN
 * attribute's own equality rule (RFC 4517 §4.2.15), the attribute type
 * spelled as the schema's primary name in lower case.
 */
export class DnService {
  readonly normalizer: DnNormalizer;

  constructor(schema: SchemaRegistry) {
    this.normalizer = {
      type: (name) => {
        const t = schema.attributeType(name);
        if (!t)
          throw new LdapError(ResultCode.invalidDNSyntax, `invalid DN: unknown attribute type '${name}'`);
        return t.key;
      },
      value: (typeKey, value) => {
        const t = schema.attributeType(typeKey);
        const rule = t?.equality;
        if (!rule || Buffer.isBuffer(value)) return value;
        const n = rule.normalize(Buffer.from(value, 'utf8'));
        if (n === undefined)
          throw new LdapError(
            ResultCode.invalidDNSyntax,
            `invalid DN: value of '${typeKey}' is not valid for its syntax`,
          );
        return n;
      },
    };
  }

  parse(dn: string): Dn {
    return parseDn(dn);
  }

  /** The normalized DN; invalidDNSyntax when it does not parse or names unknown types. */
  normalize(dn: string): string {
    // One write normalizes the same DN values several times (a group's members:
    // the duplicate check, the index keys, memberOf); the schema never changes.
    let ndn = this.#recent.get(dn);
    if (ndn === undefined) {
      ndn = normalizeDn(dn, this.normalizer);
      if (this.#recent.size >= RECENT_DNS) this.#recent.clear();
      this.#recent.set(dn, ndn);
    }
    return ndn;
  }

  readonly #recent = new Map<string, string>();

  normalizeParsed(dn: Dn): string {
    return normalizeDn(dn, this.normalizer);
  }

  parent(dn: Dn): Dn {
    return makeDn(dn.rdns.slice(1));
  }

  /** DN text of `rdn` placed under `parent`. */
  child(rdn: Rdn, parent: Dn | string): string {
    const p = typeof parent === 'string' ? (parent === '' ? [] : parseDn(parent).rdns) : parent.rdns;
    return formatDn([rdn, ...p]);
  }

  format(dn: Dn): string {
    return formatDn(dn);
  }

  /** The normalized parent of a normalized DN (normalized RDNs never contain an unescaped comma). */
  static parentNdn(ndn: string): string {
    for (let i = 0; i < ndn.length; i++) {
      const c = ndn.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x2c) return ndn.slice(i + 1);
    }
    return '';
  }
}
