/** A rule that does not parse: names the rule (and its line) and what is wrong. */
export class AccessRuleError extends Error {
  readonly rule: number;
  readonly line: number | undefined;
  readonly detail: string;

  constructor(rule: number, line: number | undefined, detail: string) {
    super(`access rule ${rule}${line === undefined ? '' : ` (line ${line})`}: ${detail}`);
    this.name = 'AccessRuleError';
    this.rule = rule;
    this.line = line;
    this.detail = detail;
  }
}

/** Thrown inside the parser; the rule number and line are added where the rule is known. */
export class RuleSyntaxError extends Error {}
