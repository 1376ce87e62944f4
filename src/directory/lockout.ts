import type { Directory } from './directory.ts';
import { cloneEntry, type Entry } from './entry.ts';
import { generalizedTime } from './operational.ts';
import type { Overlay } from './overlay.ts';

export interface LockoutPolicy {
  /** Failed binds within `windowSeconds` that lock the entry; 0 is off. */
  readonly maxFailures: number;
  readonly windowSeconds: number;
  /** 0: locked until an administrator deletes pwdAccountLockedTime. */
  readonly durationSeconds: number;
}

/** GeneralizedTime with milliseconds, so consecutive failures stay distinct values. */
function preciseTime(date: Date): string {
  const base = generalizedTime(date);
  return `${base.slice(0, -1)}.${String(date.getUTCMilliseconds()).padStart(3, '0')}Z`;
}

export function parseGeneralizedTime(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d{1,3})\d*)?Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +(s ?? 0), ms ? +ms.padEnd(3, '0') : 0);
}

/** Whether `entry` is locked at `now`. */
export function isLocked(policy: LockoutPolicy, entry: Entry, now = Date.now()): boolean {
  const locked = entry.attributes.get('pwdaccountlockedtime')?.values[0]?.toString();
  if (!locked) return false;
  // OpenLDAP's convention: 000001010000Z means locked by an administrator for good.
  if (locked === '000001010000Z') return true;
  const at = parseGeneralizedTime(locked);
  if (at === undefined) return true;
  return policy.durationSeconds === 0 || now < at + policy.durationSeconds * 1000;
}

/** Record a failed bind; lock when the failures within the window reach the limit. */
export async function recordFailure(dir: Directory, policy: LockoutPolicy, ndn: string): Promise<void> {
  if (policy.maxFailures === 0) return;
  await dir.write(async (txn) => {
    const before = await dir.loadByNdn(txn, ndn);
    if (!before) return;
    const now = Date.now();
    const since = now - policy.windowSeconds * 1000;
    const recent = (before.attributes.get('pwdfailuretime')?.values ?? []).filter(
      (v) => (parseGeneralizedTime(v.toString()) ?? 0) >= since,
    );
    recent.push(Buffer.from(preciseTime(new Date(now))));
    const after = cloneEntry(before);
    after.attributes.set('pwdfailuretime', {
      type: 'pwdFailureTime',
      values: recent.slice(-policy.maxFailures),
    });
    if (recent.length >= policy.maxFailures && !isLocked(policy, before, now))
      after.attributes.set('pwdaccountlockedtime', {
        type: 'pwdAccountLockedTime',
        values: [Buffer.from(generalizedTime(new Date(now)))],
      });
    await dir.putEntry(txn, after, before);
  });
}

/** A successful bind clears the failure count and an expired lock. */
export async function recordSuccess(dir: Directory, ndn: string): Promise<void> {
  await dir.write(async (txn) => {
    const before = await dir.loadByNdn(txn, ndn);
    if (
      !before ||
      !(before.attributes.has('pwdfailuretime') || before.attributes.has('pwdaccountlockedtime'))
    )
      return;
    const after = cloneEntry(before);
    after.attributes.delete('pwdfailuretime');
    after.attributes.delete('pwdaccountlockedtime');
    await dir.putEntry(txn, after, before);
  });
}

/** When an administrator unlocks an entry (deletes pwdAccountLockedTime), its failure count goes too. */
export function lockoutOverlay(): Overlay {
  return {
    name: 'lockout',
    async beforeModify(_event, before, after) {
      if (before.attributes.has('pwdaccountlockedtime') && !after.attributes.has('pwdaccountlockedtime'))
        after.attributes.delete('pwdfailuretime');
    },
  };
}
