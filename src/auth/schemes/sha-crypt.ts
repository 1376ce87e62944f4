import { createHash } from 'node:crypto';

// SHA-crypt ("Unix crypt using SHA-256 and SHA-512", U. Drepper, 2007–2008):
// the `$5$` and `$6$` formats of glibc's crypt(3), written here from the
// published algorithm. Step numbers in the comments are the specification's.

export type ShaCryptVariant = '5' | '6';

const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
const ROUNDS_MAX = 999_999_999;
const SALT_MAX = 16;
const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Step 22: the order in which digest bytes are taken, three at a time, for the
// final crypt-base64 encoding; the last group carries 2 (SHA-256) or 1 (SHA-512) bytes.
const ORDER_256 = [
  [0, 10, 20],
  [21, 1, 11],
  [12, 22, 2],
  [3, 13, 23],
  [24, 4, 14],
  [15, 25, 5],
  [6, 16, 26],
  [27, 7, 17],
  [18, 28, 8],
  [9, 19, 29],
] as const;
const ORDER_512 = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
] as const;

/** Parsed `$5$[rounds=N$]salt[$hash]`; `rounds` is undefined when the value leaves it implicit. */
export interface ShaCryptSetting {
  variant: ShaCryptVariant;
  rounds: number | undefined;
  salt: Buffer;
  hash: string | undefined;
}

export function parseShaCrypt(value: string): ShaCryptSetting | undefined {
  const match = /^\$([56])\$(?:rounds=([0-9]{1,10})\$)?([^$]*)(?:\$([./0-9A-Za-z]*))?$/.exec(value);
  if (!match) return undefined;
  const rounds = match[2] === undefined ? undefined : Number(match[2]);
  return {
    variant: match[1] as ShaCryptVariant,
    // Step 3 of the rounds rule: out-of-range values are clamped, not refused.
    rounds: rounds === undefined ? undefined : Math.min(ROUNDS_MAX, Math.max(ROUNDS_MIN, rounds)),
    salt: Buffer.from(match[3]!, 'utf8').subarray(0, SALT_MAX),
    hash: match[4],
  };
}

function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let at = 0; at < length; at += block.length)
    block.copy(out, at, 0, Math.min(block.length, length - at));
  return out;
}

function encode(digest: Buffer, variant: ShaCryptVariant): string {
  let out = '';
  const put = (b2: number, b1: number, b0: number, n: number) => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    for (let i = 0; i < n; i++, w >>= 6) out += ITOA64[w & 0x3f];
  };
  for (const [a, b, c] of variant === '5' ? ORDER_256 : ORDER_512) put(digest[a]!, digest[b]!, digest[c]!, 4);
  if (variant === '5') put(0, digest[31]!, digest[30]!, 3);
  else put(0, 0, digest[63]!, 2);
  return out;
}

/** The complete `$5$…`/`$6$…` string for `password` under `setting` (its `hash` is ignored). */
export function shaCrypt(password: Buffer, setting: Omit<ShaCryptSetting, 'hash'>): string {
  const algorithm = setting.variant === '5' ? 'sha256' : 'sha512';
  const size = setting.variant === '5' ? 32 : 64;
  const rounds = setting.rounds ?? ROUNDS_DEFAULT;
  const { salt } = setting;
  const P = password;

  // Steps 4–8: digest B = H(P ‖ S ‖ P).
  const B = createHash(algorithm).update(P).update(salt).update(P).digest();
  // Steps 1–3, 9–12: digest A = H(P ‖ S ‖ B repeated to |P| ‖ B or P for each bit of |P|).
  const a = createHash(algorithm).update(P).update(salt).update(repeatTo(B, P.length));
  for (let n = P.length; n > 0; n >>= 1) a.update(n & 1 ? B : P);
  const A = a.digest();
  // Steps 13–16: P-sequence from DP = H(P repeated |P| times).
  const dp = createHash(algorithm);
  for (let i = 0; i < P.length; i++) dp.update(P);
  const pSeq = repeatTo(dp.digest(), P.length);
  // Steps 17–20: S-sequence from DS = H(S repeated 16 + A[0] times).
  const ds = createHash(algorithm);
  for (let i = 0; i < 16 + A[0]!; i++) ds.update(salt);
  const sSeq = ds.digest().subarray(0, salt.length);
  // Step 21: the rounds.
  let C = A;
  for (let i = 0; i < rounds; i++) {
    const h = createHash(algorithm);
    h.update(i & 1 ? pSeq : C);
    if (i % 3 !== 0) h.update(sSeq);
    if (i % 7 !== 0) h.update(pSeq);
    h.update(i & 1 ? C : pSeq);
    C = h.digest();
  }
  if (C.length !== size) throw new Error('unexpected digest length');
  const roundsPart = setting.rounds === undefined ? '' : `rounds=${setting.rounds}$`;
  return `$${setting.variant}$${roundsPart}${salt.toString('latin1')}$${encode(C, setting.variant)}`;
}
