import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** AbandonRequest (RFC 4511 §4.11). */
export interface AbandonRequest {
  readonly type: 'abandonRequest';
  /** The MessageID of the operation to abandon. */
  readonly idToAbandon: number;
}

/* AbandonRequest ::= [APPLICATION 16] MessageID */
export function readAbandonRequest(r: BerReader): AbandonRequest {
  const at = r.offset;
  const idToAbandon = r.readInteger(ProtocolOperation.abandonRequest);
  // MessageID ::= INTEGER (0 ..  maxInt)
  if (idToAbandon < 0) r.fail('negative MessageID to abandon', at);
  return { type: 'abandonRequest', idToAbandon };
}

export function writeAbandonRequest(w: BerWriter, op: AbandonRequest): void {
  w.writeInteger(op.idToAbandon, ProtocolOperation.abandonRequest);
}
