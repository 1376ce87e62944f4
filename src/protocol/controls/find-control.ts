import type { Control } from '../messages/control.ts';

/** The first control with `oid`, or undefined. */
export function findControl(controls: readonly Control[], oid: string): Control | undefined {
  for (const c of controls) if (c.oid === oid) return c;
  return undefined;
}
