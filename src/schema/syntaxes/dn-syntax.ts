/**
 * A self-contained RFC 4514 reader, enough to validate the DN syntax (RFC 4517
 * §3.3.9) and to give distinguishedNameMatch a default normalizer. The
 * directory installs the DN layer's normalizer through `SchemaBuildOptions`.
 *
 *   distinguishedName = [ relativeDistinguishedName *( COMMA relativeDistinguishedName ) ]
 *   relativeDistinguishedName = attributeTypeAndValue *( PLUS attributeTypeAndValue )
 *   attributeTypeAndValue = attributeType EQUALS attributeValue
 *   attributeValue = string / hexstring
 */
import { prepareString } from '../matching-rules/prepare-string.ts';

export interface SimpleAva {
  readonly type: string;
  /** The value with escapes resolved; `#hex` values stay as written (lower-cased). */
  readonly value: string;
}

const TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-2](?:\.(?:0|[1-9][0-9]*))+)$/;
const HEXPAIR = /^[0-9A-Fa-f]{2}$/;

/** The RDNs of `dn`, or undefined when it is not a DN. The empty DN has no RDNs. */
export function readDn(dn: string): SimpleAva[][] | undefined {
  if (dn.trim() === '') return dn === '' ? [] : undefined;
  const rdns: SimpleAva[][] = [];
  let rdn: SimpleAva[] = [];
  let i = 0;
  while (i <= dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return undefined;
    const type = dn.slice(i, eq).trim();
    if (!TYPE.test(type)) return undefined;
    i = eq + 1;
    while (dn[i] === ' ') i++;
    let value = '';
    if (dn[i] === '#') {
      let j = i + 1;
      while (j < dn.length && /[0-9A-Fa-f]/.test(dn[j]!)) j++;
      if ((j - i - 1) % 2 !== 0 || j === i + 1) return undefined;
      value = dn.slice(i, j).toLowerCase();
      i = j;
    } else {
      const bytes: number[] = [];
      let lastSignificant = 0;
      while (i < dn.length && dn[i] !== ',' && dn[i] !== '+' && dn[i] !== ';') {
        const c = dn[i]!;
        if (c === '\\') {
          const pair = dn.slice(i + 1, i + 3);
          if (HEXPAIR.test(pair)) {
            bytes.push(Number.parseInt(pair, 16));
            i += 3;
          } else if (i + 1 < dn.length && ' "#+,;<=>\\'.includes(dn[i + 1]!)) {
            bytes.push(dn.charCodeAt(i + 1));
            i += 2;
          } else {
            return undefined;
          }
          lastSignificant = bytes.length;
        } else if (c === '"' || c === '=' || c === '<' || c === '>') {
          return undefined;
        } else {
          const code = dn.charCodeAt(i);
          // ASCII is its own UTF-8 byte; only other characters need encoding.
          if (code < 0x80) bytes.push(code);
          else for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
          if (c !== ' ') lastSignificant = bytes.length;
          i++;
        }
      }
      // Trailing unescaped spaces are not part of the value (RFC 4514 §3).
      value = Buffer.from(bytes.slice(0, lastSignificant)).toString('utf8');
    }
    while (dn[i] === ' ') i++;
    rdn.push({ type, value });
    if (i >= dn.length) break;
    const sep = dn[i];
    i++;
    if (sep === ',' || sep === ';') {
      rdns.push(rdn);
      rdn = [];
    } else if (sep !== '+') {
      return undefined;
    }
    if (i >= dn.length) return undefined; // trailing separator
  }
  rdns.push(rdn);
  return rdns;
}

export function isDn(dn: string): boolean {
  return readDn(dn) !== undefined;
}

function escapeValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/**
 * The default DN normalizer: attribute types lower-cased, values prepared
 * with caseIgnoreMatch's RFC 4518 preparation, AVAs of a multi-valued RDN
 * sorted, no spaces around separators. `resolveType` maps type names to one
 * form (so `CN=x` and `commonName=x` agree) when the schema knows the type.
 */
export function simpleNormalizeDn(
  dn: string,
  resolveType?: (type: string) => string | undefined,
): string | undefined {
  const rdns = readDn(dn);
  if (rdns === undefined) return undefined;
  const out: string[] = [];
  for (const rdn of rdns) {
    const avas: string[] = [];
    for (const ava of rdn) {
      const type = resolveType?.(ava.type) ?? ava.type.toLowerCase();
      const value = ava.value.startsWith('#')
        ? ava.value
        : prepareString(Buffer.from(ava.value, 'utf8'), true);
      if (value === undefined) return undefined;
      avas.push(`${type}=${ava.value.startsWith('#') ? value : escapeValue(value)}`);
    }
    avas.sort();
    out.push(avas.join('+'));
  }
  return out.join(',');
}
