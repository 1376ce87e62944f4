import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LdifError } from './ldif-error.ts';
import { LineSplitter } from './lines.ts';
import { type ParseContext, parseRecord, type RecordLine, type UrlValue } from './parse-record.ts';
import type { LdifRecord } from './record.ts';

export interface LdifReadOptions {
  /**
   * Allow `attr:< file:///path` values (RFC 2849 note 6), read from the local
   * file system. Off by default: LDIF from an untrusted source must not read
   * the server's files. Only the `file` scheme is ever supported.
   */
  allowFileUrls?: boolean;
  /** Longest logical line (after unfolding) accepted, in bytes; default 64 MiB. */
  maxLineLength?: number;
}

/** Anything LDIF can be read from: text, bytes, a Readable (file, stdin) or any (async) iterable of chunks. */
export type LdifSource = string | Buffer | AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

const DEFAULT_MAX_LINE = 64 * 1024 * 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface PendingRecord {
  record: LdifRecord;
  urls: UrlValue[];
}

/** The push parser both readers share: bytes in, whole records out, in order. */
class LdifParser {
  readonly ready: PendingRecord[] = [];
  private readonly splitter: LineSplitter;
  private lines: RecordLine[] = [];
  private count = 0;
  private first = true;
  private started = false;
  private readonly allowUrls: boolean;

  constructor(options: LdifReadOptions) {
    this.allowUrls = options.allowFileUrls ?? false;
    this.splitter = new LineSplitter(
      (bytes, number) => this.logical(bytes, number),
      options.maxLineLength ?? DEFAULT_MAX_LINE,
    );
  }

  /** Records parsed so far, for `LdifError.recordsBefore`. */
  get recordCount(): number {
    return this.count;
  }

  push(chunk: Buffer): void {
    if (!this.started) {
      this.started = true;
      if (chunk.subarray(0, 3).equals(UTF8_BOM)) chunk = chunk.subarray(3);
    }
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
  }

  private logical(bytes: Buffer, number: number): void {
    if (bytes.length === 0) {
      if (this.lines.length > 0) this.record();
      return;
    }
    if (bytes[0] === 0x23 /* # */) return; // RFC 2849 comment line (unfolded with its continuations)
    if (this.first) {
      this.first = false;
      // RFC 2849 version-spec: `version: 1`, only as the file's first line.
      if (/^version:/i.test(bytes.toString('latin1', 0, 8))) {
        const value = bytes.toString('latin1', 8).trim();
        if (value !== '1') throw new LdifError(number, `unsupported LDIF version ${JSON.stringify(value)}`);
        return;
      }
    }
    this.lines.push({ bytes, number });
  }

  private record(): void {
    const ctx: ParseContext = { allowUrls: this.allowUrls, urls: [] };
    const lines = this.lines;
    this.lines = [];
    this.ready.push({ record: parseRecord(lines, ctx), urls: ctx.urls });
    this.count++;
  }
}

function urlPath(value: UrlValue): string {
  let url: URL;
  try {
    url = new URL(value.url);
  } catch {
    throw new LdifError(value.line, `invalid URL ${JSON.stringify(value.url)}`);
  }
  if (url.protocol !== 'file:') {
    throw new LdifError(
      value.line,
      `unsupported URL scheme ${JSON.stringify(url.protocol)}: only file:// is supported`,
    );
  }
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new LdifError(
      value.line,
      `invalid file URL ${JSON.stringify(value.url)}: ${(error as Error).message}`,
    );
  }
}

function readFailed(value: UrlValue, error: unknown): LdifError {
  return new LdifError(
    value.line,
    `cannot read ${value.url}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
  );
}

async function* chunksOf(source: LdifSource): AsyncGenerator<Buffer> {
  if (typeof source === 'string') yield Buffer.from(source, 'utf8');
  else if (Buffer.isBuffer(source)) yield source;
  else for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

function withCount(error: unknown, count: number): unknown {
  return LdifError.is(error) && error.recordsBefore !== count
    ? new LdifError(error.line, error.reason, count)
    : error;
}

/**
 * Reads LDIF (RFC 2849) as a stream of records. Memory holds one input chunk
 * and the record being read, whatever the size of the input, so a dump of a
 * million entries streams. Malformed input throws an `LdifError` naming the
 * line, with `recordsBefore` telling how many records were read whole before it.
 */
export async function* readLdif(
  source: LdifSource,
  options: LdifReadOptions = {},
): AsyncGenerator<LdifRecord> {
  const parser = new LdifParser(options);
  let yielded = 0;
  async function* drain(): AsyncGenerator<LdifRecord> {
    for (let i = 0; i < parser.ready.length; i++) {
      const { record, urls } = parser.ready[i]!;
      for (const url of urls) {
        const path = urlPath(url);
        try {
          url.values[url.index] = await readFile(path);
        } catch (error) {
          throw readFailed(url, error);
        }
      }
      yielded++;
      yield record;
    }
    parser.ready.length = 0;
  }
  // Records completed before a syntax error are still handed out, so a
  // consumer has applied exactly `recordsBefore` records when the error arrives.
  let failure: unknown;
  const step = (work: () => void) => {
    try {
      work();
    } catch (error) {
      failure = error;
    }
  };
  try {
    for await (const chunk of chunksOf(source)) {
      step(() => parser.push(chunk));
      yield* drain();
      if (failure) throw failure;
    }
    step(() => parser.end());
    yield* drain();
    if (failure) throw failure;
  } catch (error) {
    throw withCount(error, yielded);
  }
}

/** Reads a whole LDIF text at once; for small inputs such as schema files and tests. */
export function parseLdif(source: string | Buffer, options: LdifReadOptions = {}): LdifRecord[] {
  const parser = new LdifParser(options);
  try {
    parser.push(typeof source === 'string' ? Buffer.from(source, 'utf8') : source);
    parser.end();
  } catch (error) {
    throw withCount(error, parser.recordCount);
  }
  return parser.ready.map(({ record, urls }) => {
    for (const url of urls) {
      const path = urlPath(url);
      try {
        url.values[url.index] = readFileSync(path);
      } catch (error) {
        throw readFailed(url, error);
      }
    }
    return record;
  });
}
