import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** DelRequest (RFC 4511 §4.8). */
export interface DeleteRequest {
  readonly type: 'deleteRequest';
  readonly entry: string;
}

/* DelRequest ::= [APPLICATION 10] LDAPDN */
export function readDeleteRequest(r: BerReader): DeleteRequest {
  return { type: 'deleteRequest', entry: r.readString(ProtocolOperation.deleteRequest) };
}

export function writeDeleteRequest(w: BerWriter, op: DeleteRequest): void {
  w.writeString(op.entry, ProtocolOperation.deleteRequest);
}
