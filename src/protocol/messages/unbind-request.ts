import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** UnbindRequest (RFC 4511 §4.3): no body. */
export interface UnbindRequest {
  readonly type: 'unbindRequest';
}

const UNBIND: UnbindRequest = Object.freeze({ type: 'unbindRequest' });

/* UnbindRequest ::= [APPLICATION 2] NULL */
export function readUnbindRequest(r: BerReader): UnbindRequest {
  r.readNull(ProtocolOperation.unbindRequest);
  return UNBIND;
}

export function writeUnbindRequest(w: BerWriter): void {
  w.writeNull(ProtocolOperation.unbindRequest);
}
