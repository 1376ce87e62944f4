/**
 * OpenLDAP rules use POSIX extended regular expressions, matched case-
 * insensitively (REG_EXTENDED | REG_ICASE), and `$n` / `${dn}` / `${vn}`
 * substitution of submatches from the <what> clause. These helpers bring both
 * to JavaScript.
 */

const CLASSES: Readonly<Record<string, string>> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

/** A POSIX ERE as a JavaScript RegExp (case-insensitive). Throws SyntaxError for a bad pattern. */
export function compilePosixRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (ch !== '[') {
      out += ch;
      continue;
    }
    // A bracket expression: `]` first is literal, backslash is literal, [:class:] is expanded.
    let j = i + 1;
    let body = '';
    if (pattern[j] === '^') {
      body += '^';
      j++;
    }
    if (pattern[j] === ']') {
      body += '\\]';
      j++;
    }
    for (; j < pattern.length && pattern[j] !== ']'; j++) {
      const c = pattern[j]!;
      if (c === '[' && pattern[j + 1] === ':') {
        const end = pattern.indexOf(':]', j + 2);
        const name = end < 0 ? undefined : pattern.slice(j + 2, end);
        const cls = name === undefined ? undefined : CLASSES[name];
        if (cls === undefined) throw new SyntaxError(`unknown character class in "${pattern}"`);
        body += cls;
        j = end + 1;
      } else if (c === '\\') body += '\\\\';
      else if (c === '[') body += '\\[';
      else body += c;
    }
    if (j >= pattern.length) throw new SyntaxError(`unterminated bracket expression in "${pattern}"`);
    out += `[${body}]`;
    i = j;
  }
  return new RegExp(out, 'i');
}

/** Submatches available for substitution: `d` from the <what> DN, `v` from the <what> value. */
export interface Submatches {
  readonly dn: readonly (string | undefined)[];
  readonly value: readonly (string | undefined)[];
}

/**
 * Substitutes `$n`, `${n}`, `${dn}`, `${vn}`; `$$` is a literal `$`.
 * Undefined when a reference names a submatch that does not exist (the clause then does not match).
 */
export function expandSubmatches(pattern: string, m: Submatches): string | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const next = pattern[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let source: readonly (string | undefined)[] = m.dn;
    let digits = '';
    if (next === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end < 0) return undefined;
      let ref = pattern.slice(i + 2, end);
      if (ref[0] === 'v' || ref[0] === 'd') {
        if (ref[0] === 'v') source = m.value;
        ref = ref.slice(1);
      }
      digits = ref;
      i = end;
    } else {
      let j = i + 1;
      while (j < pattern.length && /[0-9]/.test(pattern[j]!)) digits += pattern[j++];
      if (!digits) {
        // A `$` that is not a reference stays (a regex end anchor).
        out += '$';
        continue;
      }
      i = j - 1;
    }
    if (!/^[0-9]+$/.test(digits)) return undefined;
    const hit = source[Number(digits)];
    if (hit === undefined) return undefined;
    out += hit;
  }
  return out;
}

/** Whether a pattern contains substitution references (for the `expand` modifier's sanity check). */
export function hasSubmatchReferences(pattern: string): boolean {
  return /\$(\{|[0-9])/.test(pattern.replace(/\$\$/g, ''));
}

const compiled = new Map<string, RegExp>();
const COMPILED_MAX = 1024;

/**
 * A compiled pattern from a small cache: <who> regexes are compiled after
 * substitution, once per distinct text rather than once per check.
 */
export function cachedPosixRegex(pattern: string): RegExp {
  let hit = compiled.get(pattern);
  if (!hit) {
    hit = compilePosixRegex(pattern);
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(pattern, hit);
  }
  return hit;
}
