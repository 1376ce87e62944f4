import { type BerReader, type BerWriter, Tag } from '../../ber/index.ts';
import { ProtocolOperation } from '../protocol-operation.ts';
import { type PartialAttribute, readPartialAttribute, writePartialAttribute } from './attribute.ts';

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

/*
 * ModifyRequest ::= [APPLICATION 6] SEQUENCE {
 *      object          LDAPDN,
 *      changes         SEQUENCE OF change SEQUENCE {
 *           operation       ENUMERATED {
 *                add     (0),
 *                delete  (1),
 *                replace (2),
 *                ...  },
 *           modification    PartialAttribute } }
 */
export function readModifyRequest(r: BerReader): ModifyRequest {
  r.enter(ProtocolOperation.modifyRequest);
  const object = r.readString();
  r.enter(Tag.sequence);
  const changes: Change[] = [];
  while (r.hasMore()) {
    r.enter(Tag.sequence);
    const at = r.offset;
    const operation = r.readEnumerated();
    if (operation < 0 || operation > 3) r.fail(`unknown modify operation ${operation}`, at);
    const modification = readPartialAttribute(r, false);
    r.leave();
    changes.push({ operation: operation as ModifyOperation, modification });
  }
  r.leave();
  r.leave();
  return { type: 'modifyRequest', object, changes };
}

export function writeModifyRequest(w: BerWriter, op: ModifyRequest): void {
  w.startSequence(ProtocolOperation.modifyRequest);
  w.writeString(op.object);
  w.startSequence(Tag.sequence);
  for (const change of op.changes) {
    w.startSequence(Tag.sequence);
    w.writeEnumerated(change.operation);
    writePartialAttribute(w, change.modification.type, change.modification.values);
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
}
