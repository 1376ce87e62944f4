import { isUtf8 } from 'node:buffer';
import { LdifError, quoteLine } from './ldif-error.ts';

// One `name: value` line, RFC 2849:
//   attrval-spec = AttributeDescription value-spec SEP
//   value-spec   = ":" ( FILL 0*1(SAFE-STRING) / ":" FILL (BASE64-STRING) / "<" FILL url )
// The same shape carries `dn:`, `changetype:`, `newrdn:` and the modify
// block heads, so every line of a record goes through here once.

const COLON = 0x3a;
const SPACE = 0x20;
const LESS_THAN = 0x3c;

/** How the value was written. */
export type ValueForm = 'text' | 'base64' | 'url';

export interface AttrValueLine {
  /** The part before the first colon, as written. */
  name: string;
  form: ValueForm;
  /** The value's bytes in the file after FILL: text, base64 text or the URL (a view; copy to keep). */
  raw: Buffer;
  line: number;
}

/** RFC 4512 §2.5 AttributeDescription: a descr or numeric OID, then `;option`s. */
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)(?:;[A-Za-z0-9-]+)*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export function splitAttrValueLine(bytes: Buffer, line: number): AttrValueLine {
  const colon = bytes.indexOf(COLON);
  if (colon <= 0) throw new LdifError(line, `expected 'attr: value', got ${quoteLine(bytes)}`);
  const name = bytes.toString('latin1', 0, colon);
  let at = colon + 1;
  let form: ValueForm = 'text';
  if (bytes[at] === COLON) {
    form = 'base64';
    at++;
  } else if (bytes[at] === LESS_THAN) {
    form = 'url';
    at++;
  }
  while (bytes[at] === SPACE) at++; // FILL
  return { name, form, raw: bytes.subarray(at), line };
}

/** Checks `name` is an attribute description and returns it. */
export function attributeDescription(spec: AttrValueLine): string {
  if (!ATTRIBUTE_DESCRIPTION.test(spec.name)) {
    throw new LdifError(spec.line, `invalid attribute description ${JSON.stringify(spec.name)}`);
  }
  return spec.name;
}

/** Decodes a `::` value; `what` names it in the error message. */
export function decodeBase64(spec: AttrValueLine, what: string): Buffer {
  const text = spec.raw.toString('latin1');
  if (!BASE64.test(text)) {
    throw new LdifError(spec.line, `invalid base64 in ${what}: ${quoteLine(spec.raw)}`);
  }
  return Buffer.from(text, 'base64');
}

/** A value that must be text (DN, RDN, changetype…): text or base64 of UTF-8, never a URL. */
export function textValue(spec: AttrValueLine, what: string): string {
  if (spec.form === 'url') throw new LdifError(spec.line, `${what} cannot be given as a URL`);
  const bytes = spec.form === 'base64' ? decodeBase64(spec, what) : spec.raw;
  if (!isUtf8(bytes)) throw new LdifError(spec.line, `${what} is not valid UTF-8`);
  return bytes.toString('utf8');
}
