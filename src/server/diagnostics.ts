import { channel } from 'node:diagnostics_channel';
import type { OperationType } from './operation-type.ts';

/**
 * `diagnostics_channel` events for tracing and metrics. Publishers check
 * `hasSubscribers` first, so an unobserved server builds no message objects.
 */
export const opStartChannel = channel('linden:op:start');
export const opEndChannel = channel('linden:op:end');

/** Published on `linden:op:start` when a decoded request is dispatched. */
export interface OpStartMessage {
  readonly connectionId: number;
  readonly messageId: number;
  readonly op: OperationType;
}

/** Published on `linden:op:end` when an operation completes, is abandoned, or fails. */
export interface OpEndMessage extends OpStartMessage {
  /** The result code sent, or `undefined` when no response was sent (abandon, disconnect). */
  readonly resultCode: number | undefined;
  /** Wall time from dispatch to the response being queued, in milliseconds. */
  readonly durationMs: number;
}
