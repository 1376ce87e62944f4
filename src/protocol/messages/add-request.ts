import type { Attribute } from './attribute.ts';

/** AddRequest (RFC 4511 §4.7). Every attribute has at least one value. */
export interface AddRequest {
  readonly type: 'addRequest';
  readonly entry: string;
  readonly attributes: readonly Attribute[];
}
