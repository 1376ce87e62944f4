import {
  type AttrValueLine,
  attributeDescription,
  decodeBase64,
  splitAttrValueLine,
  textValue,
} from './attr-value-line.ts';
import { LdifError, quoteLine } from './ldif-error.ts';
import type { LdifAttribute, LdifControl, LdifModification, LdifRecord } from './record.ts';

/** A logical line of a record. */
export interface RecordLine {
  bytes: Buffer;
  number: number;
}

/** An `attr:< url` value still to be fetched into `values[index]`. */
export interface UrlValue {
  url: string;
  line: number;
  values: Buffer[];
  index: number;
}

export interface ParseContext {
  allowUrls: boolean;
  urls: UrlValue[];
}

const EMPTY = Buffer.alloc(0);
const MODIFY_OPERATIONS = new Set(['add', 'delete', 'replace', 'increment']);

function isDash(bytes: Buffer): boolean {
  // RFC 2849 `"-" SEP` ends a modify block; trailing spaces are tolerated.
  if (bytes[0] !== 0x2d) return false;
  for (let i = 1; i < bytes.length; i++) if (bytes[i] !== 0x20) return false;
  return true;
}

function pushValue(spec: AttrValueLine, type: string, values: Buffer[], ctx: ParseContext): void {
  switch (spec.form) {
    case 'text':
      values.push(Buffer.from(spec.raw)); // a copy: `raw` is a view into a stream chunk
      return;
    case 'base64':
      values.push(decodeBase64(spec, `value of ${type}`));
      return;
    case 'url':
      if (!ctx.allowUrls) {
        throw new LdifError(
          spec.line,
          `URL values are not allowed here (${type}:< ${spec.raw.toString('utf8')})`,
        );
      }
      ctx.urls.push({ url: spec.raw.toString('utf8'), line: spec.line, values, index: values.length });
      values.push(EMPTY);
      return;
  }
}

/** RFC 2849: `"control:" FILL ldap-oid 0*1(1*SPACE ("true" / "false")) 0*1(value-spec)`. */
function parseControl(spec: AttrValueLine, ctx: ParseContext): LdifControl {
  const text = spec.raw.toString('latin1');
  const match = /^([0-9]+(?:\.[0-9]+)*)(?: +(true|false))? *(?=:|$)/.exec(text);
  if (spec.form !== 'text' || !match) {
    throw new LdifError(
      spec.line,
      `expected 'control: oid [true|false] [value]', got ${quoteLine(spec.raw)}`,
    );
  }
  const control: LdifControl = { oid: match[1]!, critical: match[2] === 'true' };
  const rest = spec.raw.subarray(match[0].length);
  if (rest.length > 0) {
    // The value-spec reuses the attribute line grammar: `: text`, `:: base64`, `:< url`.
    const valueSpec = splitAttrValueLine(Buffer.concat([Buffer.from('control'), rest]), spec.line);
    const values: Buffer[] = [];
    pushValue(valueSpec, 'control', values, ctx);
    control.value = values[0]!;
  }
  return control;
}

/** Attribute lines from `from` on, grouped by attribute description (case-insensitive), in file order. */
function parseAttributes(lines: RecordLine[], from: number, ctx: ParseContext): LdifAttribute[] {
  const attributes: LdifAttribute[] = [];
  const byName = new Map<string, LdifAttribute>();
  for (let i = from; i < lines.length; i++) {
    const { bytes, number } = lines[i]!;
    const spec = splitAttrValueLine(bytes, number);
    const type = attributeDescription(spec);
    const key = type.toLowerCase();
    let attribute = byName.get(key);
    if (!attribute) {
      attribute = { type, values: [] };
      byName.set(key, attribute);
      attributes.push(attribute);
    }
    pushValue(spec, type, attribute.values, ctx);
  }
  return attributes;
}

function parseModify(lines: RecordLine[], from: number, ctx: ParseContext): LdifModification[] {
  const changes: LdifModification[] = [];
  let i = from;
  while (i < lines.length) {
    const head = splitAttrValueLine(lines[i]!.bytes, lines[i]!.number);
    const operation = head.name.toLowerCase();
    if (!MODIFY_OPERATIONS.has(operation)) {
      throw new LdifError(
        head.line,
        `expected 'add:', 'delete:', 'replace:' or 'increment:' in a modify record, got ${quoteLine(lines[i]!.bytes)}`,
      );
    }
    const type = textValue(head, `${operation}:`);
    attributeDescription({ ...head, name: type });
    const change: LdifModification = {
      operation: operation as LdifModification['operation'],
      type,
      values: [],
    };
    changes.push(change);
    for (i++; i < lines.length; i++) {
      const { bytes, number } = lines[i]!;
      if (isDash(bytes)) {
        i++;
        break;
      }
      const spec = splitAttrValueLine(bytes, number);
      if (spec.name.toLowerCase() !== type.toLowerCase()) {
        throw new LdifError(
          number,
          `expected '${type}: value' or '-' in the ${operation}: block, got ${quoteLine(bytes)}`,
        );
      }
      pushValue(spec, type, change.values, ctx);
    }
  }
  return changes;
}

function expectName(lines: RecordLine[], i: number, name: string, after: string): AttrValueLine {
  const line = lines[i];
  if (!line) throw new LdifError(lines[i - 1]!.number, `missing '${name}:' after '${after}'`);
  const spec = splitAttrValueLine(line.bytes, line.number);
  if (spec.name.toLowerCase() !== name) {
    throw new LdifError(line.number, `expected '${name}:', got ${quoteLine(line.bytes)}`);
  }
  return spec;
}

/** One record from its logical lines (comments already removed; at least one line). */
export function parseRecord(lines: RecordLine[], ctx: ParseContext): LdifRecord {
  const first = splitAttrValueLine(lines[0]!.bytes, lines[0]!.number);
  if (first.name.toLowerCase() !== 'dn') {
    throw new LdifError(first.line, `expected 'dn:' to start a record, got ${quoteLine(lines[0]!.bytes)}`);
  }
  const dn = textValue(first, 'dn');
  const line = first.line;
  let i = 1;
  const controls: LdifControl[] = [];
  let spec = lines[i] && splitAttrValueLine(lines[i]!.bytes, lines[i]!.number);
  while (spec?.name.toLowerCase() === 'control') {
    controls.push(parseControl(spec, ctx));
    i++;
    spec = lines[i] && splitAttrValueLine(lines[i]!.bytes, lines[i]!.number);
  }
  if (spec?.name.toLowerCase() !== 'changetype') {
    if (controls.length > 0) {
      throw new LdifError(lines[i - 1]!.number, "expected 'changetype:' after 'control:' lines");
    }
    if (!spec) throw new LdifError(line, 'record has a dn but no attributes');
    return { kind: 'content', dn, attributes: parseAttributes(lines, i, ctx), line };
  }
  const changetype = textValue(spec, 'changetype').toLowerCase();
  i++;
  switch (changetype) {
    case 'add': {
      if (i >= lines.length) throw new LdifError(spec.line, "'changetype: add' with no attributes");
      return { kind: 'add', dn, attributes: parseAttributes(lines, i, ctx), controls, line };
    }
    case 'delete':
      if (i < lines.length) {
        throw new LdifError(
          lines[i]!.number,
          `unexpected line after 'changetype: delete': ${quoteLine(lines[i]!.bytes)}`,
        );
      }
      return { kind: 'delete', dn, controls, line };
    case 'modify':
      return { kind: 'modify', dn, changes: parseModify(lines, i, ctx), controls, line };
    case 'modrdn':
    case 'moddn': {
      const newRdn = textValue(expectName(lines, i, 'newrdn', `changetype: ${changetype}`), 'newrdn');
      const delSpec = expectName(lines, i + 1, 'deleteoldrdn', 'newrdn:');
      const del = textValue(delSpec, 'deleteoldrdn');
      if (del !== '0' && del !== '1')
        throw new LdifError(delSpec.line, `deleteoldrdn must be 0 or 1, got ${JSON.stringify(del)}`);
      const record: LdifRecord = {
        kind: 'modrdn',
        changetype,
        dn,
        newRdn,
        deleteOldRdn: del === '1',
        controls,
        line,
      };
      i += 2;
      if (i < lines.length) {
        record.newSuperior = textValue(expectName(lines, i, 'newsuperior', 'deleteoldrdn:'), 'newsuperior');
        i++;
      }
      if (i < lines.length) {
        throw new LdifError(
          lines[i]!.number,
          `unexpected line in a ${changetype} record: ${quoteLine(lines[i]!.bytes)}`,
        );
      }
      return record;
    }
    default:
      throw new LdifError(spec.line, `unknown changetype ${JSON.stringify(changetype)}`);
  }
}
