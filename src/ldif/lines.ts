import { LdifError } from './ldif-error.ts';

/**
 * Receives the logical lines of an LDIF stream: `line` is unfolded (RFC 2849
 * note 2: a line that starts with one SPACE continues the previous line, and
 * the SPACE is dropped) and has its line end removed; `number` is the 1-based
 * physical line it started on. An empty `line` is a record separator.
 */
export type LogicalLineSink = (line: Buffer, number: number) => void;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * Splits byte chunks into logical lines without holding more than the line
 * being read. Complete physical lines are views into the chunk they came in
 * (stream chunks are never rewritten, so views stay valid); only a line that
 * spans chunks, or a folded line, is copied into one buffer.
 */
export class LineSplitter {
  private lineNumber = 0;
  /** Pieces of the physical line cut off at the end of the last chunk. */
  private partial: Buffer[] = [];
  private partialLength = 0;
  /** Pieces of the logical line being unfolded, and the line it started on. */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private pendingNumber = 0;
  private readonly maxLineLength: number;
  private readonly sink: LogicalLineSink;

  constructor(sink: LogicalLineSink, maxLineLength: number) {
    this.sink = sink;
    this.maxLineLength = maxLineLength;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.partialLength > 0 || this.partial.length > 0) {
      const nl = chunk.indexOf(LF);
      if (nl === -1) {
        this.keepPartial(chunk);
        return;
      }
      this.partial.push(chunk.subarray(0, nl));
      const line = Buffer.concat(this.partial, this.partialLength + nl);
      this.partial = [];
      this.partialLength = 0;
      this.physical(line);
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(LF, start); nl !== -1; nl = chunk.indexOf(LF, start)) {
      this.physical(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) this.keepPartial(chunk.subarray(start));
  }

  /** Flushes the last line (a file need not end with a line end). */
  end(): void {
    if (this.partial.length > 0) {
      const line = Buffer.concat(this.partial, this.partialLength);
      this.partial = [];
      this.partialLength = 0;
      this.physical(line);
    }
    this.flush();
    this.sink(Buffer.alloc(0), this.lineNumber + 1);
  }

  private keepPartial(piece: Buffer): void {
    this.partial.push(piece);
    this.partialLength += piece.length;
    if (this.partialLength > this.maxLineLength) {
      throw new LdifError(this.lineNumber + 1, `line longer than ${this.maxLineLength} bytes`);
    }
  }

  private physical(raw: Buffer): void {
    this.lineNumber++;
    // RFC 2849 SEP is CRLF or LF.
    const line = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, raw.length - 1) : raw;
    if (line.length > 0 && line[0] === SPACE) {
      if (this.pending.length === 0) {
        throw new LdifError(this.lineNumber, 'continuation line (leading space) with no line to continue');
      }
      this.pending.push(line.subarray(1));
      this.pendingLength += line.length - 1;
      if (this.pendingLength > this.maxLineLength) {
        throw new LdifError(this.pendingNumber, `line longer than ${this.maxLineLength} bytes`);
      }
      return;
    }
    this.flush();
    if (line.length === 0) {
      this.sink(line, this.lineNumber);
      return;
    }
    this.pending.push(line);
    this.pendingLength = line.length;
    this.pendingNumber = this.lineNumber;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const line =
      this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    this.sink(line, this.pendingNumber);
  }
}
