import type { Writable } from 'node:stream';
import type { LdifAttribute, LdifControl, LdifRecord } from './record.ts';

export interface LdifWriteOptions {
  /** Fold lines longer than this many columns (RFC 2849 note 2); 0 never folds. Default 76. */
  foldWidth?: number;
  /** Write content records as `changetype: add` change records, as ldapadd/ldapmodify expect. */
  asChangeRecords?: boolean;
}

export interface LdifStreamOptions extends LdifWriteOptions {
  /** Start with `version: 1` (RFC 2849 version-spec). Default true. */
  version?: boolean;
}

/**
 * Whether `value` may be written as it is after `name: `. RFC 2849 SAFE-STRING
 * (no NUL, CR, LF or 8-bit bytes; not starting with SPACE, ':' or '<'), made
 * stricter the way OpenLDAP's tools are: every byte must be printable ASCII,
 * so tabs and other controls are base64 too and survive editors and
 * terminals, and a value that ends with SPACE is base64 (RFC 2849 note 8).
 * Non-ASCII UTF-8 is therefore base64, as OpenLDAP writes it.
 */
export function isSafeString(value: Uint8Array): boolean {
  const n = value.length;
  if (n === 0) return true;
  const first = value[0]!;
  if (first === 0x20 || first === 0x3a || first === 0x3c || value[n - 1] === 0x20) return false;
  for (let i = 0; i < n; i++) {
    const b = value[i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

function fold(line: string, width: number): string {
  if (width <= 1 || line.length <= width) return `${line}\n`;
  // The first line holds `width` characters; each continuation a SPACE and width - 1.
  let out = `${line.slice(0, width)}\n`;
  for (let at = width; at < line.length; at += width - 1) out += ` ${line.slice(at, at + width - 1)}\n`;
  return out;
}

/** One `name: value` or `name:: base64` line, folded. */
function valueLine(name: string, value: Uint8Array, width: number): string {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.length);
  if (value.length === 0) return fold(`${name}:`, width);
  if (isSafeString(bytes)) return fold(`${name}: ${bytes.toString('latin1')}`, width);
  return fold(`${name}:: ${bytes.toString('base64')}`, width);
}

function textLine(name: string, text: string, width: number): string {
  return valueLine(name, Buffer.from(text, 'utf8'), width);
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9.;-]*$/;

function checkName(name: string): string {
  // A name with ':' or a line end would change the record's meaning: a caller bug, not data.
  if (!NAME.test(name))
    throw new TypeError(`invalid attribute description for LDIF: ${JSON.stringify(name)}`);
  return name;
}

function attributes(list: LdifAttribute[], width: number): string {
  let out = '';
  for (const attribute of list) {
    const name = checkName(attribute.type);
    for (const value of attribute.values) out += valueLine(name, value, width);
  }
  return out;
}

function controls(list: LdifControl[], width: number): string {
  let out = '';
  for (const control of list) {
    const head = `control: ${control.oid} ${control.critical ? 'true' : 'false'}`;
    if (control.value === undefined) out += fold(head, width);
    else if (isSafeString(control.value)) out += fold(`${head}: ${control.value.toString('latin1')}`, width);
    else out += fold(`${head}:: ${control.value.toString('base64')}`, width);
  }
  return out;
}

/** One record as LDIF text, ending with the blank line that separates records. */
export function formatLdifRecord(record: LdifRecord, options: LdifWriteOptions = {}): string {
  const width = options.foldWidth ?? 76;
  let out = textLine('dn', record.dn, width);
  switch (record.kind) {
    case 'content':
      if (options.asChangeRecords) out += fold('changetype: add', width);
      out += attributes(record.attributes, width);
      break;
    case 'add':
      out +=
        controls(record.controls, width) +
        fold('changetype: add', width) +
        attributes(record.attributes, width);
      break;
    case 'delete':
      out += controls(record.controls, width) + fold('changetype: delete', width);
      break;
    case 'modify':
      out += controls(record.controls, width) + fold('changetype: modify', width);
      for (const change of record.changes) {
        const name = checkName(change.type);
        out += fold(`${change.operation}: ${name}`, width);
        for (const value of change.values) out += valueLine(name, value, width);
        out += '-\n';
      }
      break;
    case 'modrdn':
      out += controls(record.controls, width) + fold(`changetype: ${record.changetype}`, width);
      out += textLine('newrdn', record.newRdn, width);
      out += fold(`deleteoldrdn: ${record.deleteOldRdn ? 1 : 0}`, width);
      if (record.newSuperior !== undefined) out += textLine('newsuperior', record.newSuperior, width);
      break;
    default: {
      const never: never = record;
      throw new TypeError(`unknown LDIF record kind ${JSON.stringify(never)}`);
    }
  }
  return `${out}\n`;
}

/** Writes to `out`, waiting for 'drain' when it asks us to (back-pressure), failing if it errors or closes. */
function writeChunk(out: Writable, text: string): Promise<void> | undefined {
  if (out.write(text)) return undefined;
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('LDIF output closed before all records were written'));
    };
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

/** Records are gathered into writes of about this many characters: fewer, larger writes. */
const BATCH = 64 * 1024;

/**
 * Writes records to `out` as LDIF and resolves with how many were written. The
 * records may come from a generator (a search, a store scan); the writer pulls
 * the next one only when `out` has room, so memory stays bounded. `out` is not ended.
 */
export async function writeLdif(
  records: Iterable<LdifRecord> | AsyncIterable<LdifRecord>,
  out: Writable,
  options: LdifStreamOptions = {},
): Promise<number> {
  let batch = options.version === false ? '' : `${fold('version: 1', options.foldWidth ?? 76)}\n`;
  let count = 0;
  for await (const record of records) {
    batch += formatLdifRecord(record, options);
    count++;
    if (batch.length >= BATCH) {
      const wait = writeChunk(out, batch);
      batch = '';
      if (wait) await wait;
    }
  }
  if (batch.length > 0) await writeChunk(out, batch);
  return count;
}
