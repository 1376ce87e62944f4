/**
 * Parser for one RFC 4512 §4.1 description: AttributeTypeDescription,
 * ObjectClassDescription, MatchingRuleDescription, MatchingRuleUseDescription
 * and SyntaxDescription. Like slapd, fields are accepted in any order and OIDs
 * may be quoted (`SYNTAX '1.3.6.1.4.1.1466.115.121.1.12'` occurs in the wild).
 */
import type {
  AttributeUsage,
  DefinitionKind,
  ObjectClassKind,
  SchemaDefinition,
  SourceLocation,
} from './definitions.ts';
import { SchemaError } from './schema-error.ts';
import { type Token, tokenizeDefinition } from './tokenize-definition.ts';

export interface ParseContext {
  /** File name for error messages. Default `<input>`. */
  readonly file?: string;
  /** Line of the first character of `text`. Default 1. */
  readonly line?: number;
  /** Expands OpenLDAP `objectIdentifier` macros (`MyArc:1.2`) in OID positions. */
  readonly expandOid?: (oid: string) => string;
}

type DefinitionOf<K extends DefinitionKind> = Extract<SchemaDefinition, { kind: K }>;

const KIND_LABEL: Record<DefinitionKind, string> = {
  attributeType: 'attributetype',
  objectClass: 'objectclass',
  matchingRule: 'matchingrule',
  matchingRuleUse: 'matchingruleuse',
  ldapSyntax: 'ldapsyntax',
};

const USAGES: ReadonlySet<string> = new Set([
  'userApplications',
  'directoryOperation',
  'distributedOperation',
  'dSAOperation',
]);

/** RFC 4512 §1.4 numericoid. */
export const NUMERIC_OID = /^[0-2](?:\.(?:0|[1-9][0-9]*))+$/;
/** RFC 4512 §1.4 descr (slapd also allows `_` in names; so do we, and `;`-free). */
export const DESCR = /^[A-Za-z][A-Za-z0-9_-]*$/;

class Cursor {
  #i = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly file: string,
    readonly label: string,
    readonly lastLine: number,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.#i];
  }

  next(what: string): Token {
    const t = this.tokens[this.#i++];
    if (t === undefined) throw this.error(`unexpected end of definition, expecting ${what}`, this.lastLine);
    return t;
  }

  error(reason: string, line: number): SchemaError {
    return new SchemaError(`${this.label}: ${reason}`, this.file, line);
  }
}

function oidToken(cur: Cursor, t: Token, what: string, expand?: (oid: string) => string): string {
  if (t.type !== 'word' && t.type !== 'quoted')
    throw cur.error(`expecting ${what}, found '${t.text}'`, t.line);
  const value = expand ? expand(t.text) : t.text;
  if (!NUMERIC_OID.test(value) && !DESCR.test(value)) {
    throw cur.error(`'${t.text}' is not a valid ${what}`, t.line);
  }
  return value;
}

function numericOid(cur: Cursor, t: Token, what: string, expand?: (oid: string) => string): string {
  const value = oidToken(cur, t, what, expand);
  if (!NUMERIC_OID.test(value)) throw cur.error(`${what} '${t.text}' is not a numeric OID`, t.line);
  return value;
}

/** `oids = oid / ( LPAREN WSP oidlist WSP RPAREN )` (RFC 4512 §4.1). */
function oidList(cur: Cursor, what: string): string[] {
  const first = cur.next(what);
  if (first.type !== 'open') return [oidToken(cur, first, what)];
  const out: string[] = [];
  for (;;) {
    const t = cur.next(`${what} or ')'`);
    if (t.type === 'close') break;
    if (out.length > 0) {
      if (t.type !== 'dollar') throw cur.error(`expecting '$' between ${what}s, found '${t.text}'`, t.line);
      out.push(oidToken(cur, cur.next(what), what));
    } else {
      out.push(oidToken(cur, t, what));
    }
  }
  if (out.length === 0) throw cur.error(`empty list of ${what}s`, first.line);
  return out;
}

/** `qdescrs = qdescr / ( LPAREN WSP qdescrlist WSP RPAREN )`. */
function nameList(cur: Cursor): string[] {
  const first = cur.next('NAME');
  const one = (t: Token): string => {
    if ((t.type !== 'quoted' && t.type !== 'word') || !DESCR.test(t.text)) {
      throw cur.error(`'${t.text}' is not a valid NAME`, t.line);
    }
    return t.text;
  };
  if (first.type !== 'open') return [one(first)];
  const out: string[] = [];
  for (;;) {
    const t = cur.next("a NAME or ')'");
    if (t.type === 'close') break;
    out.push(one(t));
  }
  if (out.length === 0) throw cur.error('empty NAME list', first.line);
  return out;
}

/** `qdstrings = qdstring / ( LPAREN WSP qdstringlist WSP RPAREN )`, the values of an extension. */
function stringList(cur: Cursor, keyword: string): string[] {
  const first = cur.next(`the value of ${keyword}`);
  if (first.type === 'quoted') return [first.text];
  if (first.type !== 'open')
    throw cur.error(`${keyword} needs a quoted string, found '${first.text}'`, first.line);
  const out: string[] = [];
  for (;;) {
    const t = cur.next(`a quoted string or ')'`);
    if (t.type === 'close') return out;
    if (t.type !== 'quoted') throw cur.error(`${keyword} needs quoted strings, found '${t.text}'`, t.line);
    out.push(t.text);
  }
}

function quoted(cur: Cursor, keyword: string): string {
  const t = cur.next(`the value of ${keyword}`);
  if (t.type !== 'quoted') throw cur.error(`${keyword} needs a quoted string, found '${t.text}'`, t.line);
  return t.text;
}

/**
 * Parses one description of the given kind. Throws SchemaError naming the
 * file, the line and what is wrong.
 */
export function parseDefinition<K extends DefinitionKind>(
  kind: K,
  text: string,
  context: ParseContext = {},
): DefinitionOf<K> {
  const file = context.file ?? '<input>';
  const firstLine = context.line ?? 1;
  const label = KIND_LABEL[kind];
  const tokens = tokenizeDefinition(text, file, firstLine);
  let lastLine = firstLine;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) lastLine++;
  const cur = new Cursor(tokens, file, label, lastLine);
  const expand = context.expandOid;

  const open = cur.next("'('");
  if (open.type !== 'open')
    throw cur.error(`definition must start with '(', found '${open.text}'`, open.line);
  const oidTok = cur.next('the OID');
  const oid = numericOid(cur, oidTok, 'OID', expand);
  const source: SourceLocation = { file, line: firstLine };

  const seen = new Set<string>();
  const fields: Record<string, unknown> = {};
  const extensions = new Map<string, string[]>();
  let names: string[] = [];
  let description: string | undefined;
  let obsolete = false;

  for (;;) {
    const t = cur.next("a keyword or ')'");
    if (t.type === 'close') break;
    if (t.type !== 'word') throw cur.error(`expecting a keyword, found '${t.text}'`, t.line);
    const keyword = t.text.toUpperCase();
    if (seen.has(keyword)) throw cur.error(`${keyword} given twice`, t.line);
    seen.add(keyword);
    if (keyword.startsWith('X-')) {
      extensions.set(keyword, stringList(cur, keyword));
      continue;
    }
    const bad = (): SchemaError => cur.error(`unknown keyword '${t.text}'`, t.line);
    switch (keyword) {
      case 'NAME':
        if (kind === 'ldapSyntax') throw bad();
        names = nameList(cur);
        continue;
      case 'DESC':
        description = quoted(cur, 'DESC');
        continue;
      case 'OBSOLETE':
        if (kind === 'ldapSyntax') throw bad();
        obsolete = true;
        continue;
    }
    if (kind === 'attributeType') {
      switch (keyword) {
        case 'SUP':
          fields.sup = oidToken(cur, cur.next('SUP'), 'attribute type');
          continue;
        case 'EQUALITY':
        case 'ORDERING':
        case 'SUBSTR':
          fields[keyword.toLowerCase()] = oidToken(cur, cur.next(keyword), 'matching rule');
          continue;
        case 'SYNTAX': {
          const st = cur.next('SYNTAX');
          if (st.type !== 'word' && st.type !== 'quoted') throw cur.error(`bad SYNTAX '${st.text}'`, st.line);
          const m = /^(.*?)(?:\{([0-9]+)\})?$/.exec(st.text);
          const syntaxOid = m?.[1] ?? '';
          fields.syntax = numericOid(cur, { ...st, text: syntaxOid }, 'SYNTAX', expand);
          if (m?.[2] !== undefined) fields.syntaxLength = Number(m[2]);
          continue;
        }
        case 'SINGLE-VALUE':
          fields.singleValue = true;
          continue;
        case 'COLLECTIVE':
          fields.collective = true;
          continue;
        case 'NO-USER-MODIFICATION':
          fields.noUserModification = true;
          continue;
        case 'USAGE': {
          const u = cur.next('USAGE');
          const usage = [...USAGES].find((x) => x.toLowerCase() === u.text.toLowerCase());
          if (u.type !== 'word' || usage === undefined) throw cur.error(`unknown USAGE '${u.text}'`, u.line);
          fields.usage = usage;
          continue;
        }
      }
    } else if (kind === 'objectClass') {
      switch (keyword) {
        case 'SUP':
          fields.sup = oidList(cur, 'object class');
          continue;
        case 'ABSTRACT':
        case 'STRUCTURAL':
        case 'AUXILIARY':
          if (fields.classKind !== undefined)
            throw cur.error(`${keyword} conflicts with ${fields.classKind}`, t.line);
          fields.classKind = keyword;
          continue;
        case 'MUST':
        case 'MAY':
          fields[keyword.toLowerCase()] = oidList(cur, 'attribute type');
          continue;
      }
    } else if (kind === 'matchingRule') {
      if (keyword === 'SYNTAX') {
        fields.syntax = numericOid(cur, cur.next('SYNTAX'), 'SYNTAX', expand);
        continue;
      }
    } else if (kind === 'matchingRuleUse') {
      if (keyword === 'APPLIES') {
        fields.applies = oidList(cur, 'attribute type');
        continue;
      }
    }
    throw bad();
  }
  const extra = cur.peek();
  if (extra !== undefined) throw cur.error(`unexpected '${extra.text}' after the closing ')'`, extra.line);

  const base = {
    oid,
    names,
    obsolete,
    extensions: extensions as ReadonlyMap<string, readonly string[]>,
    source,
    ...(description === undefined ? {} : { description }),
  };
  const result = ((): SchemaDefinition => {
    switch (kind as DefinitionKind) {
      case 'attributeType': {
        if (fields.sup === undefined && fields.syntax === undefined) {
          throw cur.error(`'${names[0] ?? oid}' needs SYNTAX or SUP (RFC 4512 §4.1.2)`, firstLine);
        }
        if (fields.collective === true && fields.usage !== undefined && fields.usage !== 'userApplications') {
          throw cur.error(
            `'${names[0] ?? oid}' is COLLECTIVE, so its USAGE must be userApplications`,
            firstLine,
          );
        }
        if (
          fields.noUserModification === true &&
          (fields.usage ?? 'userApplications') === 'userApplications'
        ) {
          throw cur.error(
            `'${names[0] ?? oid}' is NO-USER-MODIFICATION, so it must be operational`,
            firstLine,
          );
        }
        return {
          kind: 'attributeType',
          ...base,
          ...(fields.sup === undefined ? {} : { sup: fields.sup as string }),
          ...(fields.equality === undefined ? {} : { equality: fields.equality as string }),
          ...(fields.ordering === undefined ? {} : { ordering: fields.ordering as string }),
          ...(fields.substr === undefined ? {} : { substr: fields.substr as string }),
          ...(fields.syntax === undefined ? {} : { syntax: fields.syntax as string }),
          ...(fields.syntaxLength === undefined ? {} : { syntaxLength: fields.syntaxLength as number }),
          singleValue: fields.singleValue === true,
          collective: fields.collective === true,
          noUserModification: fields.noUserModification === true,
          usage: (fields.usage as AttributeUsage | undefined) ?? 'userApplications',
        };
      }
      case 'objectClass':
        return {
          kind: 'objectClass',
          ...base,
          sup: (fields.sup as string[] | undefined) ?? [],
          classKind: (fields.classKind as ObjectClassKind | undefined) ?? 'STRUCTURAL',
          must: (fields.must as string[] | undefined) ?? [],
          may: (fields.may as string[] | undefined) ?? [],
        };
      case 'matchingRule':
        if (fields.syntax === undefined) throw cur.error(`'${names[0] ?? oid}' needs SYNTAX`, firstLine);
        return { kind: 'matchingRule', ...base, syntax: fields.syntax as string };
      case 'matchingRuleUse':
        if (fields.applies === undefined) throw cur.error(`'${names[0] ?? oid}' needs APPLIES`, firstLine);
        return { kind: 'matchingRuleUse', ...base, applies: fields.applies as string[] };
      default:
        return { kind: 'ldapSyntax', ...base };
    }
  })();
  return result as DefinitionOf<K>;
}
