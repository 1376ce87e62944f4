/**
 * Just enough RFC 4514 DN parsing for the SDK's group rules: split a DN string
 * into its RDNs and unescape their values. Multi-valued RDNs (`a=1+b=2`) keep
 * each attribute-value pair.
 */
export interface Ava {
  readonly attribute: string;
  readonly value: string;
}
export type Rdn = readonly Ava[];

export function parseDn(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  let avas: Ava[] = [];
  let attr = '';
  let value: number[] = [];
  let inValue = false;
  const bytes = Buffer.from(dn, 'utf8');
  const flushAva = () => {
    const attribute = attr.trim();
    if (attribute) avas.push({ attribute, value: Buffer.from(value).toString('utf8').trim() });
    attr = '';
    value = [];
    inValue = false;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (!inValue) {
      if (b === 0x3d) inValue = true;
      else attr += String.fromCharCode(b);
      continue;
    }
    if (b === 0x5c) {
      const next = bytes[i + 1];
      const hex = bytes.subarray(i + 1, i + 3).toString('latin1');
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        value.push(Number.parseInt(hex, 16));
        i += 2;
      } else if (next !== undefined) {
        value.push(next);
        i += 1;
      }
    } else if (b === 0x2b) {
      flushAva();
    } else if (b === 0x2c || b === 0x3b) {
      flushAva();
      rdns.push(avas);
      avas = [];
    } else {
      value.push(b);
    }
  }
  flushAva();
  if (avas.length) rdns.push(avas);
  return rdns;
}

/** The value of the first (leftmost, most specific) RDN component with this attribute. */
export function dnValue(dn: string, attribute: string): string | undefined {
  const wanted = attribute.toLowerCase();
  for (const rdn of parseDn(dn)) {
    for (const ava of rdn) if (ava.attribute.toLowerCase() === wanted) return ava.value;
  }
  return undefined;
}

/** A DN compared case-insensitively and without insignificant spaces; good enough for membership checks. */
export function looseDnKey(dn: string): string {
  return parseDn(dn)
    .map((rdn) => rdn.map((a) => `${a.attribute.toLowerCase()}=${a.value.toLowerCase()}`).join('+'))
    .join(',');
}
