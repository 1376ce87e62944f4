// RFC 4515 §3: in an assertion value, `*` `(` `)` `\` and NUL must be written
// as `\XX`; so must any octet that is not part of valid UTF-8 (valueencoding
// only admits UTF-8 characters), which is how binary values travel.

const hex = '0123456789abcdef';
const mustEscapeAll = /[*()\\\0]/g;

function escapeByte(b: number): string {
  return `\\${hex[b >> 4]}${hex[b & 15]}`;
}

/**
 * Escapes a value for use inside a filter string (RFC 4515 §3). Applications
 * building filters from user input must pass every value through this (or use
 * the `filter` template tag), or `*)(uid=*` becomes part of the filter.
 */
export function escapeFilterValue(value: string | Buffer): string {
  if (typeof value === 'string') return value.replace(mustEscapeAll, (c) => escapeByte(c.charCodeAt(0)));
  return escapeOctets(value);
}

function escapeOctets(value: Buffer): string {
  let out = '';
  let run = 0; // start of the pending stretch written as is
  let i = 0;
  while (i < value.length) {
    const b = value[i]!;
    if (b < 0x80) {
      if (b === 0x2a || b === 0x28 || b === 0x29 || b === 0x5c || b === 0x00) {
        out += value.toString('utf8', run, i) + escapeByte(b);
        run = i + 1;
      }
      i++;
      continue;
    }
    const n = utf8SequenceLength(value, i);
    if (n === 0) {
      out += value.toString('utf8', run, i) + escapeByte(b);
      run = i + 1;
      i++;
    } else {
      i += n;
    }
  }
  return run === 0 ? value.toString('utf8') : out + value.toString('utf8', run, value.length);
}

/** Length of the well-formed UTF-8 sequence (RFC 3629 §4) starting at a non-ASCII byte, or 0. */
function utf8SequenceLength(buf: Buffer, i: number): number {
  const b0 = buf[i]!;
  const b1 = buf[i + 1] ?? 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) return isContinuation(b1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // E0 excludes overlongs, ED excludes surrogates
    const ok =
      b0 === 0xe0 ? b1 >= 0xa0 && b1 <= 0xbf : b0 === 0xed ? b1 >= 0x80 && b1 <= 0x9f : isContinuation(b1);
    return ok && isContinuation(buf[i + 2] ?? 0) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    // F0 excludes overlongs, F4 excludes code points past U+10FFFF
    const ok =
      b0 === 0xf0 ? b1 >= 0x90 && b1 <= 0xbf : b0 === 0xf4 ? b1 >= 0x80 && b1 <= 0x8f : isContinuation(b1);
    return ok && isContinuation(buf[i + 2] ?? 0) && isContinuation(buf[i + 3] ?? 0) ? 4 : 0;
  }
  return 0;
}

function isContinuation(b: number): boolean {
  return (b & 0xc0) === 0x80;
}
