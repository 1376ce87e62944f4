import pg from 'pg';
import type { StoreChange } from '../contract.ts';
import { CHANNEL, decodeChange, type ResyncChange } from './notify.ts';
import { backoff } from './options.ts';

export interface ChangeFeedOptions {
  /** How to reach the server: the pool's settings. */
  readonly client: pg.ClientConfig;
  /** This store's token in notification payloads; its own commits are skipped. */
  readonly node: string;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  /** Tells the store's listeners. */
  readonly emit: (change: StoreChange) => void;
  /** Every meta key in the store, for a resync change; [] if it cannot be read. */
  readonly metaKeys: () => Promise<string[]>;
  /** The connection is back: the server answers again. */
  readonly reconnected: () => void;
}

/**
 * Other nodes' commits, heard on a dedicated connection that LISTENs on the
 * change channel (a pooled connection would lose its LISTEN when the pool
 * closes it). When that connection drops, notifications may be lost: it
 * reconnects with back-off and then emits a resync change, so caches reload.
 */
export class ChangeFeed {
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #stopped = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Connects and listens; rejects if the server cannot be reached. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.client);
    // Attached before connecting: an 'error' event with no listener would end the process.
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload !== undefined) this.heard(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  private heard(payload: string): void {
    const decoded = decodeChange(payload);
    if (decoded === undefined || decoded.node === this.options.node) return;
    if (decoded.resync) void this.resync();
    else this.options.emit(decoded.change);
  }

  private lost(client: pg.Client): void {
    if (client !== this.#client || this.#stopped) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#attempt = 0;
    this.schedule();
  }

  private schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(
      () => {
        this.connect().then(
          () => {
            if (this.#stopped) return;
            this.#attempt = 0;
            this.options.reconnected();
            void this.resync();
          },
          () => {
            this.#attempt++;
            this.schedule();
          },
        );
      },
      backoff(this.#attempt, this.options.retryInitialMs, this.options.retryMaxMs),
    );
    this.#timer.unref();
  }

  private async resync(): Promise<void> {
    const metaKeys = await this.options.metaKeys().catch(() => []);
    if (this.#stopped) return;
    const change: ResyncChange = { ids: [], metaKeys, resync: true };
    this.options.emit(change);
  }
}
