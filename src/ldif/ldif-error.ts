const brand = Symbol.for('linden.LdifError');

/**
 * Malformed LDIF. `line` is the 1-based physical line where the problem is;
 * the message starts with it (`line 42: expected 'attr: value', got "…"`), so
 * a command can print the message as it is.
 */
export class LdifError extends Error {
  readonly [brand] = true;
  readonly line: number;
  readonly reason: string;
  /** How many records were read whole before this error. */
  readonly recordsBefore: number;

  constructor(line: number, reason: string, recordsBefore = 0) {
    super(`line ${line}: ${reason}`);
    this.name = 'LdifError';
    this.line = line;
    this.reason = reason;
    this.recordsBefore = recordsBefore;
  }

  static is(value: unknown): value is LdifError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** A short, printable quotation of an offending line for error messages. */
export function quoteLine(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 60)).toString('utf8');
  return JSON.stringify(bytes.length > 60 ? `${text}…` : text);
}
