/** One rule's words with where it starts in the source. */
export interface RuleSource {
  readonly words: readonly string[];
  readonly text: string;
  /** 1-based line of the source text, when the rule came from text. */
  readonly line?: number;
}

/**
 * Splits a rule into words as slapd.conf does: white space separates,
 * double quotes group (and are removed wherever they appear in a word), a
 * backslash before a quote or another backslash inside quotes escapes it;
 * other backslashes stay (regular expressions need them).
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        word += text[i + 1];
        i++;
      } else if (ch === '"') quoted = false;
      else word += ch;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quoted) throw new SyntaxError('unterminated quoted string');
  if (inWord) words.push(word);
  return words;
}

/**
 * Rules from a file in slapd.conf form: each rule starts with `access` (or
 * `to`, as olcAccess values do) at the start of a line, continues on lines
 * that start with white space, and `#` starts a comment line.
 */
export function splitRuleText(text: string): { text: string; line: number }[] {
  const rules: { text: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  let current: { text: string; line: number } | undefined;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    if (/^\s*#/.test(raw) || raw.trim() === '') {
      // A blank line or comment ends nothing: slapd.conf continues rules across comments.
      continue;
    }
    if (/^\s/.test(raw)) {
      if (!current)
        throw Object.assign(new SyntaxError('continuation line without a rule before it'), { line: n + 1 });
      current.text += ` ${raw.trim()}`;
      continue;
    }
    if (current) rules.push(current);
    current = { text: raw.trim(), line: n + 1 };
  }
  if (current) rules.push(current);
  return rules;
}
