import { AccessLevel } from '../directory/access-policy.ts';

/**
 * Access privileges as independent bits, as OpenLDAP keeps them: `=r` alone
 * grants read without search, so levels are sets of bits, not numbers.
 * Letters are slapd.access(5)'s: d disclose, x auth, c compare, s search,
 * r read, a add, z delete, i increment, m manage (w is a+z+i).
 */
export const Priv = {
  disclose: 1,
  auth: 2,
  compare: 4,
  search: 8,
  read: 16,
  add: 32,
  delete: 64,
  increment: 128,
  manage: 256,
} as const;
export type PrivMask = number;

export const WRITE: PrivMask = Priv.add | Priv.delete | Priv.increment;
const ALL: PrivMask = 511;

const LETTERS: readonly [string, PrivMask][] = [
  ['m', Priv.manage],
  ['w', WRITE],
  ['a', Priv.add],
  ['z', Priv.delete],
  ['i', Priv.increment],
  ['r', Priv.read],
  ['s', Priv.search],
  ['c', Priv.compare],
  ['x', Priv.auth],
  ['d', Priv.disclose],
  ['0', 0],
];

/** How a `by` clause's privileges combine with those granted so far. */
export type MaskMode = 'assign' | 'add' | 'subtract';

export interface AccessSpec {
  readonly mode: MaskMode;
  readonly privs: PrivMask;
  /** The `self` modifier (`selfwrite`): only values equal to the requester's own DN. */
  readonly self: boolean;
  /** The level name when given as a level (`read`), for printing. */
  readonly level?: string;
}

const upTo = (p: PrivMask): PrivMask => (p << 1) - 1;
const READ_LEVEL = upTo(Priv.read);

/** Level names: each level holds every privilege below it (add/delete/increment sit on top of read). */
const LEVELS: Readonly<Record<string, PrivMask>> = {
  none: 0,
  disclose: upTo(Priv.disclose),
  auth: upTo(Priv.auth),
  compare: upTo(Priv.compare),
  search: upTo(Priv.search),
  read: READ_LEVEL,
  add: READ_LEVEL | Priv.add,
  delete: READ_LEVEL | Priv.delete,
  increment: READ_LEVEL | Priv.increment,
  write: READ_LEVEL | WRITE,
  manage: ALL,
};

/** Parses `<access>` ::= [[real]self]{<level>|<priv>}; undefined when it is not one. */
export function parseAccess(word: string): AccessSpec | undefined {
  let rest = word;
  let self = false;
  const lower = rest.toLowerCase();
  if (lower.startsWith('realself')) {
    self = true;
    rest = rest.slice(8);
  } else if (lower.startsWith('self')) {
    self = true;
    rest = rest.slice(4);
  }
  const first = rest[0];
  if (first === '=' || first === '+' || first === '-') {
    let privs = 0;
    if (rest.length === 1) return undefined;
    for (const ch of rest.slice(1).toLowerCase()) {
      const hit = LETTERS.find(([l]) => l === ch);
      if (!hit) return undefined;
      privs |= hit[1];
    }
    return { mode: first === '=' ? 'assign' : first === '+' ? 'add' : 'subtract', privs, self };
  }
  const level = LEVELS[rest.toLowerCase()];
  if (level === undefined) return undefined;
  return { mode: 'assign', privs: level, self, level: rest.toLowerCase() };
}

/** OpenLDAP's slap_acl_mask step: assign, add to or take from the privileges so far. */
export function applySpec(mask: PrivMask, spec: AccessSpec): PrivMask {
  switch (spec.mode) {
    case 'assign':
      return spec.privs;
    case 'add':
      return mask | spec.privs;
    case 'subtract':
      return mask & ~spec.privs;
  }
}

export type WriteOp = 'add' | 'delete' | 'increment';

/** The privileges an access question needs; write without an op is full write (a, z and i), as ACL_WRITE. */
export function required(level: AccessLevel, op?: WriteOp): PrivMask {
  switch (level) {
    case AccessLevel.none:
      return 0;
    case AccessLevel.disclose:
      return Priv.disclose;
    case AccessLevel.auth:
      return Priv.auth;
    case AccessLevel.compare:
      return Priv.compare;
    case AccessLevel.search:
      return Priv.search;
    case AccessLevel.read:
      return Priv.read;
    case AccessLevel.write:
      return op === 'add'
        ? Priv.add
        : op === 'delete'
          ? Priv.delete
          : op === 'increment'
            ? Priv.increment
            : WRITE;
    case AccessLevel.manage:
      return Priv.manage;
  }
}

/** Privileges as slapacl prints them: the level name when it is exactly a level, and `=mwrscxd`-style letters. */
export function formatPrivs(mask: PrivMask): string {
  let letters = '';
  for (const [l, p] of LETTERS) {
    if (l === 'a' || l === 'z' || l === 'i' || l === '0') continue;
    if (l === 'w') {
      if ((mask & WRITE) === WRITE) letters += 'w';
      else for (const [wl, wp] of LETTERS.slice(2, 5)) if (mask & wp) letters += wl;
      continue;
    }
    if (mask & p) letters += l;
  }
  return `=${letters || '0'}`;
}

/** The highest level whose privileges are all in `mask` (slapacl's wording: "read(=rscxd)"). */
export function levelName(mask: PrivMask): string {
  const order = ['manage', 'write', 'read', 'search', 'compare', 'auth', 'disclose'];
  for (const name of order) {
    const privs = LEVELS[name]!;
    if ((mask & privs) === privs) return name;
  }
  return 'none';
}
