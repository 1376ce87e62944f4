import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import type { AddRequest, DeleteRequest, ModifyDNRequest, ModifyRequest } from '../protocol/index.ts';

const REDACTED = '********';
const SECRET = new Set(['userpassword']);

function isSecret(type: string): boolean {
  return SECRET.has(type.split(';')[0]!.toLowerCase());
}

function show(type: string, values: readonly Buffer[]): string[] {
  return isSecret(type) ? values.map(() => REDACTED) : values.map((v) => v.toString('utf8'));
}

/** What a write asked for, with password values replaced. */
export function describeWrite(
  request:
    | AddRequest
    | ModifyRequest
    | DeleteRequest
    | ModifyDNRequest
    | { type: 'passwordModify'; dn: string },
): Record<string, unknown> {
  switch (request.type) {
    case 'addRequest':
      return {
        op: 'add',
        dn: request.entry,
        attributes: Object.fromEntries(request.attributes.map((a) => [a.type, show(a.type, a.values)])),
      };
    case 'modifyRequest':
      return {
        op: 'modify',
        dn: request.object,
        changes: request.changes.map((c) => ({
          operation: ['add', 'delete', 'replace', 'increment'][c.operation],
          type: c.modification.type,
          values: show(c.modification.type, c.modification.values),
        })),
      };
    case 'deleteRequest':
      return { op: 'delete', dn: request.entry };
    case 'modifyDNRequest':
      return {
        op: 'modrdn',
        dn: request.entry,
        newRDN: request.newRDN,
        deleteOldRDN: request.deleteOldRDN,
        newSuperior: request.newSuperior,
      };
    case 'passwordModify':
      return { op: 'passwordModify', dn: request.dn };
  }
}

export interface AuditLog {
  write(record: {
    who: string;
    from: string;
    request: Record<string, unknown>;
    result: number;
    message?: string;
  }): void;
  close(): Promise<void>;
}

/** One JSON line per write: when, who, from where, what, and the result. */
export function openAuditLog(file: string): AuditLog {
  mkdirSync(dirname(file), { recursive: true });
  // Synchronous appends: an audit line is written before the operation's result is sent, and none is lost
  // at shutdown. One write(2) per operation costs little next to the store's durable commit.
  const dest = pino.destination({ dest: file, sync: true, mkdir: true });
  const log: Logger = pino(
    { base: null, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'event' },
    dest,
  );
  return {
    write(record) {
      log.info({
        ...record.request,
        who: record.who || 'anonymous',
        from: record.from,
        result: record.result,
        ...(record.message ? { message: record.message } : {}),
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        dest.once('close', () => resolve());
        dest.end();
      }),
  };
}
