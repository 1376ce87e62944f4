import type { BerReader, BerWriter } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';

/** ModifyDNRequest (RFC 4511 §4.9). */
export interface ModifyDNRequest {
  readonly type: 'modifyDNRequest';
  readonly entry: string;
  readonly newRDN: string;
  readonly deleteOldRDN: boolean;
  readonly newSuperior?: string;
}

const NEW_SUPERIOR = 0x80;

/*
 * ModifyDNRequest ::= [APPLICATION 12] SEQUENCE {
 *      entry           LDAPDN,
 *      newrdn          RelativeLDAPDN,
 *      deleteoldrdn    BOOLEAN,
 *      newSuperior     [0] LDAPDN OPTIONAL }
 */
export function readModifyDNRequest(r: BerReader): ModifyDNRequest {
  r.enter(ProtocolOperation.modifyDNRequest);
  const entry = r.readString();
  const newRDN = r.readString();
  const deleteOldRDN = r.readBoolean();
  const newSuperior = r.peekTag() === NEW_SUPERIOR ? r.readString(NEW_SUPERIOR) : undefined;
  r.leave();
  return newSuperior === undefined
    ? { type: 'modifyDNRequest', entry, newRDN, deleteOldRDN }
    : { type: 'modifyDNRequest', entry, newRDN, deleteOldRDN, newSuperior };
}

export function writeModifyDNRequest(w: BerWriter, op: ModifyDNRequest): void {
  w.startSequence(ProtocolOperation.modifyDNRequest);
  w.writeString(op.entry);
  w.writeString(op.newRDN);
  w.writeBoolean(op.deleteOldRDN);
  if (op.newSuperior !== undefined) w.writeString(op.newSuperior, NEW_SUPERIOR);
  w.endSequence();
}
