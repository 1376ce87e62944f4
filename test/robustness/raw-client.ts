/**
 * A raw LDAP connection for tests that must send what no real client sends:
 * hand-built bytes, bad PDUs, requests with reserved message IDs. It frames
 * and decodes whatever the server answers, and lets a test wait for the next
 * message, for one message ID, or for the close — events, never timers.
 */
import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  type LdapMessage,
  MessageFramer,
  NOTICE_OF_DISCONNECTION_OID,
  type ProtocolOp,
  type RequestOp,
} from '../../src/protocol/index.ts';

export class RawLdap {
  readonly socket: Socket;
  readonly #framer = new MessageFramer({ maxPduSize: 64 * 1024 * 1024 });
  readonly #inbox: LdapMessage[] = [];
  #waiters: (() => void)[] = [];
  #closed = false;
  readonly closed: Promise<void>;
  #nextId = 1;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.#framer.push(chunk, (pdu) => this.#inbox.push(decodeMessage(Buffer.from(pdu))));
      this.#wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  /** `localAddress`: a loopback source address (127.0.0.2 …) to appear as another client. */
  static async connect(url: string, localAddress?: string): Promise<RawLdap> {
    const u = new URL(url);
    const socket = createConnection({
      port: Number(u.port),
      host: u.hostname,
      ...(localAddress ? { localAddress } : {}),
    });
    await once(socket, 'connect');
    return new RawLdap(socket);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Sends a request under the next free message ID (or `messageId`); returns the ID. */
  send(op: RequestOp, options: { messageId?: number; controls?: LdapMessage['controls'] } = {}): number {
    const messageId = options.messageId ?? this.#nextId++;
    this.socket.write(encodeMessage({ messageId, op: op as ProtocolOp, controls: options.controls ?? [] }));
    return messageId;
  }

  sendBytes(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next message from the server; rejects if the connection closes first. */
  async next(): Promise<LdapMessage> {
    for (;;) {
      const m = this.#inbox.shift();
      if (m !== undefined) return m;
      if (this.#closed) throw new Error('connection closed before a message arrived');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Every message up to and including the one that ends `messageId` (a result, not an entry). */
  async until(messageId: number): Promise<LdapMessage[]> {
    const out: LdapMessage[] = [];
    for (;;) {
      const m = await this.next();
      out.push(m);
      if (m.messageId === messageId && isFinal(m)) return out;
    }
  }

  /** The final response for `messageId` (entries before it are dropped). */
  async result(messageId: number): Promise<LdapMessage> {
    const all = await this.until(messageId);
    return all[all.length - 1]!;
  }

  /** Messages that arrived before the server closed the connection. */
  async drainUntilClosed(): Promise<LdapMessage[]> {
    const out: LdapMessage[] = [];
    for (;;) {
      try {
        out.push(await this.next());
      } catch {
        return out;
      }
    }
  }

  close(): void {
    this.socket.destroy();
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }
}

function isFinal(m: LdapMessage): boolean {
  return (
    m.op.type !== 'searchResultEntry' &&
    m.op.type !== 'searchResultReference' &&
    m.op.type !== 'intermediateResponse'
  );
}

/** The result code of a response message (throws if it has none). */
export function codeOf(m: LdapMessage): number {
  const op = m.op as { resultCode?: number };
  if (op.resultCode === undefined) throw new Error(`${m.op.type} has no result code`);
  return op.resultCode;
}

export function isNoticeOfDisconnection(m: LdapMessage): boolean {
  return (
    m.messageId === 0 &&
    m.op.type === 'extendedResponse' &&
    (m.op as { responseName?: string }).responseName === NOTICE_OF_DISCONNECTION_OID
  );
}

export const simpleBind = (name: string, password: string): RequestOp => ({
  type: 'bindRequest',
  version: 3,
  name,
  authentication: { type: 'simple', password: Buffer.from(password) },
});

export const baseSearch = (
  baseObject: string,
  extra: Partial<Extract<RequestOp, { type: 'searchRequest' }>> = {},
): RequestOp => ({
  type: 'searchRequest',
  baseObject,
  scope: 0,
  derefAliases: 0,
  sizeLimit: 0,
  timeLimit: 0,
  typesOnly: false,
  filter: { type: 'present', attribute: 'objectClass' },
  attributes: [],
  ...extra,
});

export const whoAmI = (): RequestOp => ({ type: 'extendedRequest', requestName: '1.3.6.1.4.1.4203.1.11.3' });
