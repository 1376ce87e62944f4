import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { SecureContext } from 'node:tls';
import type { Logger } from 'pino';
import {
  type Control,
  LdapError,
  type LdapMessage,
  type RequestOp,
  ResultCode,
  type ResultOp,
} from '../protocol/index.ts';
import { describeRequest } from './access-log.ts';
import {
  decodeRequest,
  encodeEncodedEntry,
  encodeEntry,
  encodeNoticeOfDisconnection,
  encodeReference,
  encodeResult,
} from './codec.ts';
import { opEndChannel, opStartChannel } from './diagnostics.ts';
import { START_TLS_OID, WHO_AM_I_OID } from './extended-oids.ts';
import { type FramingError, PduFramer, peekHead } from './framing.ts';
import {
  ANONYMOUS,
  type BindResult,
  type ExtendedResult,
  type OperationContext,
  type OperationResult,
  type RequestHandler,
  type SearchEmitter,
} from './handler.ts';
import { OperationType } from './operation-type.ts';
import { responseTypeForTag } from './response-type.ts';
import type { SessionState } from './session-state.ts';
import { upgradeToTls } from './starttls.ts';
import type { ServerStats } from './stats.ts';

/** What every connection shares with its server. */
export interface ConnectionConfig {
  readonly handler: RequestHandler;
  readonly log: Logger;
  readonly stats: ServerStats;
  readonly maxPduBytes: number;
  /** Milliseconds without a request (and with none outstanding) before the connection is closed; 0 = never. */
  readonly idleTimeoutMs: number;
  /** Outstanding operations allowed per connection before new ones get `busy`; 0 = no cap. */
  readonly maxOutstanding: number;
  /** Write one access-log line per operation (at `info`). */
  readonly accessLog: boolean;
  /** How long a closing connection may take to flush its writes before it is destroyed. */
  readonly closeTimeoutMs: number;
  /** The secure context for StartTLS now, or undefined when no certificate is configured. */
  secureContext(): SecureContext | undefined;
}

interface Operation {
  readonly messageId: number;
  readonly type: OperationType;
  /** Made on first use of `ctx.signal`: most operations never ask for it, and making one costs. */
  controller: AbortController | undefined;
  aborted: boolean;
  /** Set by abandon, bind, unbind, disconnect or shutdown: no response may be sent. */
  abandoned: boolean;
  done: Promise<void>;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * One LDAP session over any duplex byte stream: a TCP socket, a TLS socket, or
 * a test's in-memory pair. It frames PDUs, decodes them, runs operations
 * concurrently through the RequestHandler and writes their responses in
 * whatever order they complete, each under its own message ID (RFC 4511 §4.1.1.1).
 */
export class Connection {
  readonly session: SessionState;
  readonly #config: ConnectionConfig;
  readonly #log: Logger;
  readonly #framer: PduFramer;
  readonly #ops = new Map<number, Operation>();
  #stream: Duplex;
  /** Reading stops while any of these hold. */
  #binding = false;
  #upgrading = false;
  #corked = false;
  #writeBlocked = false;
  /** Graceful shutdown: no new requests are read, running ones may finish. */
  #draining = false;
  /** The connection is ending: every operation is abandoned, nothing more is read. */
  #closing = false;
  #closed = false;
  #idleTimer: NodeJS.Timeout | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #drainWaiters: (() => void)[] = [];
  readonly #closedPromise: Promise<void>;
  #resolveClosed!: () => void;

  constructor(stream: Duplex, session: SessionState, config: ConnectionConfig) {
    this.#stream = stream;
    this.session = session;
    this.#config = config;
    this.#log = config.log.child({ conn: session.id });
    this.#framer = new PduFramer(config.maxPduBytes);
    this.#closedPromise = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
  }

  /** Resolves once the stream has closed and every operation has settled. */
  get closed(): Promise<void> {
    return this.#closedPromise;
  }

  /** Operations received and not yet answered (or abandoned and not yet settled). */
  get outstanding(): number {
    return this.#ops.size;
  }

  /** Bytes queued for the client but not yet handed to the kernel, plus unframed input. */
  get bufferedBytes(): number {
    return this.#stream.writableLength + this.#framer.buffered;
  }

  start(): void {
    this.#attach(this.#stream);
    if (this.#config.idleTimeoutMs > 0) {
      this.#idleTimer = setTimeout(this.#onIdle, this.#config.idleTimeoutMs);
      this.#idleTimer.unref();
    }
    this.#log.debug({ from: `${this.session.remoteAddress}:${this.session.remotePort}` }, 'connection open');
  }

  /**
   * Graceful end for server shutdown: stop reading, let running operations
   * finish for up to `timeoutMs`, abandon the rest, send a Notice of
   * Disconnection (unavailable) after every queued response, and close.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    if (this.#closed) return;
    this.#draining = true;
    this.#updateReading();
    const deadline = Date.now() + timeoutMs;
    if (this.#ops.size > 0) {
      await waitAll(
        [...this.#ops.values()].map((op) => op.done),
        timeoutMs,
      );
    }
    this.#disconnect(ResultCode.unavailable, 'server is shutting down', Math.max(0, deadline - Date.now()));
    await this.#closedPromise;
  }

  /** Closes at once, abandoning everything. */
  destroy(): void {
    this.#abandonAll();
    this.#stream.destroy();
  }

  // ---- stream plumbing ----------------------------------------------------

  #attach(stream: Duplex): void {
    stream.on('data', this.#onData);
    stream.on('drain', this.#onDrain);
    stream.on('end', this.#onEnd);
    stream.on('close', this.#onClose);
    stream.on('error', this.#onError);
  }

  #detach(stream: Duplex): void {
    stream.off('data', this.#onData);
    stream.off('drain', this.#onDrain);
    stream.off('end', this.#onEnd);
    stream.off('close', this.#onClose);
    // The error listener stays: an unhandled 'error' on the old stream would crash the process.
  }

  readonly #onData = (chunk: Buffer): void => {
    this.#config.stats.bytesReceived += chunk.length;
    this.#idleTimer?.refresh();
    if (this.#closing) return;
    this.#framer.push(chunk);
    this.#pump();
  };

  readonly #onDrain = (): void => {
    this.#writeBlocked = false;
    this.#wakeDrainWaiters();
    this.#updateReading();
    this.#pump();
  };

  readonly #onEnd = (): void => {
    // The client closed its side: nobody is left to read answers (OpenLDAP closes on read EOF too).
    this.#abandonAll();
    this.#closing = true;
    if (!this.#stream.writableEnded) this.#stream.end();
  };

  readonly #onError = (err: Error): void => {
    this.#log.debug({ err: err.message }, 'connection error');
    this.#stream.destroy();
  };

  readonly #onClose = (): void => {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing = true;
    this.#abandonAll();
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#closeTimer);
    this.#wakeDrainWaiters();
    this.#log.debug('connection closed');
    try {
      this.#config.handler.sessionClosed?.(this.session);
    } catch (err) {
      this.#log.error({ err }, 'sessionClosed failed');
    }
    void Promise.allSettled([...this.#ops.values()].map((op) => op.done)).then(() => this.#resolveClosed());
  };

  readonly #onIdle = (): void => {
    if (this.#ops.size > 0 || this.#closing) {
      this.#idleTimer?.refresh();
      return;
    }
    // OpenLDAP's idletimeout closes silently; no Notice of Disconnection.
    this.#log.debug('idle timeout');
    this.#end(this.#config.closeTimeoutMs);
  };

  #updateReading(): void {
    const stream = this.#stream;
    // A closing connection keeps reading (and discards what arrives): a paused
    // socket never sees the client's FIN and would stay half-open.
    const hold = this.#binding || this.#upgrading || this.#writeBlocked || this.#draining;
    if (hold && !this.#closing) stream.pause();
    else stream.resume();
  }

  /** Queues bytes; returns false when the stream's write buffer is above its high-water mark. */
  #write(bytes: Buffer, moreToCome = false): boolean {
    const stream = this.#stream;
    if (stream.destroyed || stream.writableEnded) return true;
    this.#config.stats.bytesSent += bytes.length;
    // Pipelined requests: hold this turn's responses and hand them to the kernel in one
    // writev when the event loop reaches its check phase, instead of one write(2) per
    // message (a profile of 128 pipelined searches spent 12% of the server in writeBuffer).
    // Only with two or more operations in flight, or for a search result (its
    // SearchResultDone follows in the same turn), so a lone request (and StartTLS,
    // which needs the connection to itself) is written at once.
    if (!this.#corked && (moreToCome || this.#ops.size > 1)) {
      this.#corked = true;
      stream.cork();
      setImmediate(this.#uncork, stream);
    }
    const ok = stream.write(bytes);
    if (!ok && !this.#writeBlocked) {
      // Stop reading requests until the client has taken its answers.
      this.#writeBlocked = true;
      this.#updateReading();
    }
    return ok;
  }

  readonly #uncork = (stream: Duplex): void => {
    this.#corked = false;
    stream.uncork();
  };

  #waitDrain(signal: AbortSignal): Promise<void> {
    if (!this.#writeBlocked || this.#closed || signal.aborted) return RESOLVED;
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.#drainWaiters.push(done);
    });
  }

  #wakeDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Ends the stream after queued writes; destroys it if the client does not take them in time. */
  #end(timeoutMs: number): void {
    this.#closing = true;
    this.#abandonAll();
    this.#updateReading();
    if (!this.#stream.writableEnded) this.#stream.end();
    if (this.#closeTimer === undefined && !this.#closed) {
      this.#closeTimer = setTimeout(() => this.#stream.destroy(), timeoutMs);
      this.#closeTimer.unref();
    }
  }

  /** RFC 4511 §4.4.1: Notice of Disconnection, then close. */
  #disconnect(resultCode: ResultCode, message: string, timeoutMs = this.#config.closeTimeoutMs): void {
    if (this.#closed) return;
    this.#log.debug({ resultCode, message }, 'notice of disconnection');
    this.#write(encodeNoticeOfDisconnection(resultCode, message));
    this.#end(timeoutMs);
  }

  #abandonAll(): void {
    for (const op of this.#ops.values()) abandon(op);
  }

  // ---- framing and dispatch ----------------------------------------------

  #pump(): void {
    while (!this.#binding && !this.#upgrading && !this.#writeBlocked && !this.#draining && !this.#closing) {
      let pdu: Buffer | undefined;
      try {
        pdu = this.#framer.next();
      } catch (err) {
        this.#framingFailed(err as FramingError);
        return;
      }
      if (pdu === undefined) return;
      this.#onPdu(pdu);
    }
  }

  #framingFailed(err: FramingError): void {
    this.#config.stats.protocolErrors++;
    this.#log.info({ err: err.message, kind: err.kind }, 'framing error');
    // The byte stream cannot be resynchronised: answer the request if it can be
    // identified, then disconnect (RFC 4511 §4.1.1).
    const responseType = err.opTag === undefined ? undefined : responseTypeForTag(err.opTag);
    if (err.messageId && responseType) {
      this.#write(encodeResult(err.messageId, responseType, protocolErrorResult(err.message)));
    }
    this.#disconnect(ResultCode.protocolError, err.message);
  }

  #onPdu(pdu: Buffer): void {
    let message: LdapMessage<RequestOp>;
    try {
      message = decodeRequest(pdu);
    } catch (err) {
      this.#undecodable(pdu, err);
      return;
    }
    if (message.messageId === 0) {
      // RFC 4511 §4.1.1.1: zero is reserved for unsolicited notifications.
      this.#config.stats.protocolErrors++;
      this.#disconnect(ResultCode.protocolError, 'messageID 0 is reserved');
      return;
    }
    this.#dispatch(message);
  }

  #undecodable(pdu: Buffer, err: unknown): void {
    this.#config.stats.protocolErrors++;
    const ldapError = LdapError.is(err) ? err : undefined;
    if (ldapError === undefined) this.#log.warn({ err }, 'decoder failed with a non-LdapError');
    const message = ldapError?.diagnosticMessage || 'decoding error';
    // The decoder may refuse a well-framed request with a more precise code
    // (authMethodNotSupported for an unknown authentication choice).
    const resultCode = ldapError?.resultCode ?? ResultCode.protocolError;
    const head = peekHead(pdu);
    const responseType = head.opTag === undefined ? undefined : responseTypeForTag(head.opTag);
    this.#log.info({ op: head.messageId, err: message }, 'undecodable request');
    if (head.messageId && responseType && resultCode !== ResultCode.protocolError) {
      // A result the RFC defines for a request it could read (authMethodNotSupported
      // for an unknown bind choice, RFC 4511 §4.2): answer it, the session goes on.
      const result = { resultCode, diagnosticMessage: message };
      this.#write(encodeResult(head.messageId, responseType, result));
      return;
    }
    // RFC 4511 §4.1.1: a request whose encoding or fields are incorrect ends the
    // session, after a Notice of Disconnection (protocolError) saying why.
    this.#disconnect(ResultCode.protocolError, message);
  }

  #dispatch(message: LdapMessage<RequestOp>): void {
    const op = message.op;
    const handler = this.#config.handler;
    switch (op.type) {
      case 'unbindRequest':
        // RFC 4511 §4.3: no response; outstanding operations are abandoned.
        this.#config.stats.countOperation(OperationType.unbind, undefined);
        this.#accessLine(message, OperationType.unbind, undefined, 0, {});
        this.#end(this.#config.closeTimeoutMs);
        return;
      case 'abandonRequest': {
        // RFC 4511 §4.11: no response to the abandon, none to the abandoned operation.
        const target = this.#ops.get(op.idToAbandon);
        if (target !== undefined) abandon(target);
        this.#config.stats.countOperation(OperationType.abandon, undefined);
        this.#accessLine(message, OperationType.abandon, undefined, 0, { found: target !== undefined });
        return;
      }
      case 'bindRequest':
        void this.#bind(message as LdapMessage<typeof op>);
        return;
      case 'searchRequest':
        this.#run(message, OperationType.search, 'searchResultDone', (ctx, counters) =>
          handler.search(op, ctx, this.#searchEmitter(message.messageId, ctx, counters)),
        );
        return;
      case 'modifyRequest':
        this.#run(message, OperationType.modify, 'modifyResponse', (ctx) => handler.modify(op, ctx));
        return;
      case 'addRequest':
        this.#run(message, OperationType.add, 'addResponse', (ctx) => handler.add(op, ctx));
        return;
      case 'deleteRequest':
        this.#run(message, OperationType.delete, 'deleteResponse', (ctx) => handler.delete(op, ctx));
        return;
      case 'modifyDNRequest':
        this.#run(message, OperationType.modifyDN, 'modifyDNResponse', (ctx) => handler.modifyDN(op, ctx));
        return;
      case 'compareRequest':
        this.#run(message, OperationType.compare, 'compareResponse', (ctx) => handler.compare(op, ctx));
        return;
      case 'extendedRequest':
        if (op.requestName === START_TLS_OID) {
          this.#startTls(message);
        } else if (op.requestName === WHO_AM_I_OID) {
          // RFC 4532 §2.2: authzId `dn:<dn>`, empty when anonymous; no responseName.
          const dn = this.session.identity.dn;
          const value = Buffer.from(dn === '' ? '' : `dn:${dn}`, 'utf8');
          this.#run(message, OperationType.extended, 'extendedResponse', async () => ({
            resultCode: ResultCode.success,
            responseValue: value,
          }));
        } else {
          this.#run(message, OperationType.extended, 'extendedResponse', (ctx) => handler.extended(op, ctx));
        }
        return;
    }
  }

  // ---- operations ---------------------------------------------------------

  /**
   * Runs one operation: tracks it for abandon, calls the handler, turns what
   * it returns or throws into the response, logs and counts it. Returns the
   * settled promise (also kept on the Operation) so bind can wait for it.
   */
  #run(
    message: LdapMessage<RequestOp>,
    type: OperationType,
    responseType: ResultOp['type'],
    perform: (ctx: OperationContext, counters: { entries: number }) => Promise<OperationResult>,
    onResult?: (result: OperationResult) => void,
  ): Promise<void> {
    const messageId = message.messageId;
    if (this.#ops.has(messageId)) {
      // RFC 4511 §4.1.1.1: a client must not reuse the ID of an outstanding request.
      this.#respond(messageId, responseType, protocolErrorResult('messageID is in use'), []);
      return RESOLVED;
    }
    const max = this.#config.maxOutstanding;
    if (max > 0 && this.#ops.size >= max) {
      const busy = { resultCode: ResultCode.busy, diagnosticMessage: 'too many outstanding operations' };
      this.#respond(messageId, responseType, busy, []);
      this.#finish(message, type, ResultCode.busy, performance.now(), { entries: 0 });
      return RESOLVED;
    }
    const operation: Operation = {
      messageId,
      type,
      controller: undefined,
      aborted: false,
      abandoned: false,
      done: RESOLVED,
    };
    this.#ops.set(messageId, operation);
    const started = performance.now();
    if (opStartChannel.hasSubscribers) {
      opStartChannel.publish({ connectionId: this.session.id, messageId, op: type });
    }
    const ctx = this.#context(message, operation);
    const counters = { entries: 0 };
    operation.done = (async () => {
      let result: OperationResult;
      try {
        result = await perform(ctx, counters);
      } catch (err) {
        result = this.#errorResult(err, operation);
      }
      this.#ops.delete(messageId);
      let sent: number | undefined;
      if (!operation.abandoned) {
        onResult?.(result);
        sent = this.#respond(messageId, responseType, result, result.controls ?? []);
      }
      this.#finish(message, type, sent, started, counters);
    })();
    return operation.done;
  }

  #context(message: LdapMessage<RequestOp>, operation: Operation): OperationContext {
    return new Context(this.session, message, operation, this.#log);
  }

  #errorResult(err: unknown, operation: Operation): OperationResult {
    if (LdapError.is(err)) {
      return {
        resultCode: err.resultCode,
        diagnosticMessage: err.diagnosticMessage,
        matchedDN: err.matchedDN,
      };
    }
    if (!operation.abandoned) {
      this.#log.error({ err, op: operation.messageId, type: operation.type }, 'operation failed');
    }
    return { resultCode: ResultCode.other, diagnosticMessage: 'internal error' };
  }

  /** Encodes and queues a response; returns the result code actually sent. */
  #respond(
    messageId: number,
    responseType: ResultOp['type'],
    result: OperationResult,
    controls: readonly Control[],
  ): number {
    let bytes: Buffer;
    let code: number = result.resultCode;
    try {
      bytes = encodeResult(messageId, responseType, result, controls);
    } catch (err) {
      // A handler returned something the encoder refuses: still answer the client.
      this.#log.error({ err, op: messageId }, 'response could not be encoded');
      code = ResultCode.other;
      bytes = encodeResult(messageId, responseType, {
        resultCode: ResultCode.other,
        diagnosticMessage: 'internal error',
      });
    }
    this.#write(bytes);
    return code;
  }

  #finish(
    message: LdapMessage<RequestOp>,
    type: OperationType,
    resultCode: number | undefined,
    started: number,
    counters: { entries: number },
  ): void {
    const durationMs = performance.now() - started;
    this.#config.stats.countOperation(type, resultCode);
    if (opEndChannel.hasSubscribers) {
      opEndChannel.publish({
        connectionId: this.session.id,
        messageId: message.messageId,
        op: type,
        resultCode,
        durationMs,
      });
    }
    this.#accessLine(
      message,
      type,
      resultCode,
      durationMs,
      type === 'search' ? { entries: counters.entries } : {},
    );
  }

  #accessLine(
    message: LdapMessage<RequestOp>,
    type: OperationType,
    resultCode: number | undefined,
    durationMs: number,
    extra: Record<string, unknown>,
  ): void {
    if (!this.#config.accessLog) return;
    this.#log.info(
      {
        op: message.messageId,
        type,
        ...describeRequest(message.op),
        ...extra,
        result: resultCode ?? 'abandoned',
        ms: Math.round(durationMs * 1000) / 1000,
      },
      'op',
    );
  }

  #searchEmitter(messageId: number, ctx: OperationContext, counters: { entries: number }): SearchEmitter {
    return {
      entry: (entry, controls) => {
        if (ctx.aborted) return RESOLVED;
        counters.entries++;
        return this.#write(encodeEntry(messageId, entry, controls), true)
          ? RESOLVED
          : this.#waitDrain(ctx.signal);
      },
      entryEncoded: (objectName, encodedAttributes, controls) => {
        if (ctx.aborted) return RESOLVED;
        counters.entries++;
        const bytes = encodeEncodedEntry(messageId, objectName, encodedAttributes, controls);
        return this.#write(bytes, true) ? RESOLVED : this.#waitDrain(ctx.signal);
      },
      reference: (uris, controls) => {
        if (ctx.aborted) return RESOLVED;
        const bytes = encodeReference(messageId, uris, controls);
        return this.#write(bytes) ? RESOLVED : this.#waitDrain(ctx.signal);
      },
    };
  }

  /**
   * RFC 4511 §4.2.1: a bind must not run alongside other operations. Like
   * OpenLDAP, Linden abandons every outstanding operation as soon as a
   * BindRequest arrives (they get no response), and reads no further request
   * until the bind has been answered. The session is anonymous from the
   * moment the bind starts (RFC 4513 §5.1).
   */
  async #bind(message: LdapMessage<Extract<RequestOp, { type: 'bindRequest' }>>): Promise<void> {
    this.#binding = true;
    this.#updateReading();
    const pending = [...this.#ops.values()];
    for (const op of pending) abandon(op);
    await Promise.allSettled(pending.map((op) => op.done));
    this.session.identity = ANONYMOUS;
    const request = message.op;
    await this.#run(
      message,
      OperationType.bind,
      'bindResponse',
      async (ctx) => {
        if (request.version !== 3) {
          throw new LdapError(ResultCode.protocolError, `LDAP version ${request.version} is not supported`);
        }
        return this.#config.handler.bind(request, ctx);
      },
      (result) => {
        const identity = (result as BindResult).identity;
        if (result.resultCode === ResultCode.success && identity !== undefined)
          this.session.identity = identity;
      },
    );
    this.#binding = false;
    this.#updateReading();
    this.#pump();
  }

  /** RFC 4511 §4.14 and RFC 4513 §3. */
  #startTls(message: LdapMessage<RequestOp>): void {
    const refuse = (resultCode: ResultCode, diagnosticMessage: string): void => {
      void this.#run(message, OperationType.extended, 'extendedResponse', async () => {
        throw new LdapError(resultCode, diagnosticMessage);
      });
    };
    // Sequencing problems are operationsError (RFC 4511 §4.14.1, RFC 4513 §3.1.1; OpenLDAP agrees).
    if (this.session.tls !== undefined) {
      refuse(ResultCode.operationsError, 'TLS already started');
      return;
    }
    if (this.#ops.size > 0) {
      refuse(ResultCode.operationsError, 'cannot start TLS while operations are outstanding');
      return;
    }
    const secureContext = this.#config.secureContext();
    if (secureContext === undefined) {
      refuse(ResultCode.unavailable, 'TLS is not configured');
      return;
    }

    this.#upgrading = true;
    this.#updateReading();
    void this.#run(
      message,
      OperationType.extended,
      'extendedResponse',
      async (): Promise<ExtendedResult> => ({ resultCode: ResultCode.success, responseName: START_TLS_OID }),
    ).then(() => {
      // RFC 4513 §3.1.1: the client sends nothing more until it has the response,
      // so anything already buffered is a protocol violation.
      if (this.#framer.takeRemaining().length > 0) {
        this.#upgrading = false;
        this.#disconnect(ResultCode.protocolError, 'data received before the TLS handshake');
        return;
      }
      if (this.#closing) return;
      const raw = this.#stream;
      this.#detach(raw);
      upgradeToTls(raw, secureContext, {
        onSocket: (secure) => {
          this.#stream = secure;
          this.#attach(secure);
        },
        onSecure: (info) => {
          this.session.tls = info;
          this.#upgrading = false;
          this.#log.debug({ tls: info }, 'TLS established');
          this.#updateReading();
          this.#pump();
        },
      });
    });
  }
}

/**
 * What a handler sees of its operation: a class rather than an object literal
 * with getters. Measured under load, each such literal (its getters are new
 * closures every time, so V8 cannot share one hidden class between them) kept
 * its closures, its operation and the request alive through every scavenge
 * until the next mark-compact: at 6k WhoAmI requests a second ~1.2 MB was
 * promoted per scavenge and each scavenge paused ~9 ms. With the class nothing
 * is promoted and a scavenge takes ~1 ms.
 */
class Context implements OperationContext {
  readonly messageId: number;
  readonly controls: readonly Control[];
  #log: Logger | undefined;

  constructor(
    readonly session: SessionState,
    message: LdapMessage<RequestOp>,
    private readonly operation: Operation,
    private readonly parentLog: Logger,
  ) {
    this.messageId = message.messageId;
    this.controls = message.controls;
  }

  get signal(): AbortSignal {
    const operation = this.operation;
    if (!operation.controller) {
      operation.controller = new AbortController();
      if (operation.aborted) operation.controller.abort();
    }
    return operation.controller.signal;
  }

  get aborted(): boolean {
    return this.operation.aborted;
  }

  /** A child logger per operation only when a handler actually logs. */
  get log(): Logger {
    this.#log ??= this.parentLog.child({ op: this.messageId });
    return this.#log;
  }
}

function abandon(op: Operation): void {
  if (op.abandoned) return;
  op.abandoned = true;
  op.aborted = true;
  op.controller?.abort();
}

function protocolErrorResult(diagnosticMessage: string): OperationResult {
  return { resultCode: ResultCode.protocolError, diagnosticMessage };
}

/** Resolves when all settle or after `ms`, whichever is first. */
function waitAll(promises: Promise<unknown>[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void Promise.allSettled(promises).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
