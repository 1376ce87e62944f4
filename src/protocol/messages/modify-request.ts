import type { PartialAttribute } from './attribute.ts';

/** RFC 4511 §4.6 operation, plus increment (RFC 4525). */
export const ModifyOperation = {
  add: 0,
  delete: 1,
  replace: 2,
  increment: 3,
} as const;
export type ModifyOperation = (typeof ModifyOperation)[keyof typeof ModifyOperation];

export interface Change {
  readonly operation: ModifyOperation;
  readonly modification: PartialAttribute;
}

/** ModifyRequest (RFC 4511 §4.6). */
export interface ModifyRequest {
  readonly type: 'modifyRequest';
  readonly object: string;
  readonly changes: readonly Change[];
}
