import type { StoreUnavailableError } from '../contract.ts';
import { backoff } from './options.ts';
import { reasonOf } from './pg-errors.ts';

export interface Health {
  readonly ok: boolean;
  readonly reason?: string;
}

/**
 * Whether the database answers. Once a call finds the connection gone, every
 * call fails at once with that StoreUnavailableError (the directory answers
 * LDAP `unavailable`) instead of each waiting for a connection that will time
 * out; a probe retries with back-off in the background and lets calls through
 * again as soon as the server answers. Nothing has to be reopened.
 */
export class Availability {
  #down: StoreUnavailableError | undefined;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly retryInitialMs: number,
    private readonly retryMaxMs: number,
  ) {}

  /** Throws while the server is known to be down. */
  check(): void {
    if (this.#down !== undefined) throw this.#down;
  }

  /** A call lost its connection: fail fast from now on, and start probing. */
  lost(error: StoreUnavailableError): void {
    if (this.#down !== undefined || this.#stopped) return;
    this.#down = error;
    this.#attempt = 0;
    this.schedule();
  }

  /** Probes the server now; a success ends a failing-fast period at once. */
  async health(): Promise<Health> {
    try {
      await this.probe();
      this.up();
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Another connection reached the server: let calls through again. */
  up(): void {
    this.#down = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  private schedule(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.probe().then(
          () => this.up(),
          () => {
            if (this.#down === undefined) return; // a health() call found it up meanwhile
            this.#attempt++;
            this.schedule();
          },
        );
      },
      backoff(this.#attempt, this.retryInitialMs, this.retryMaxMs),
    );
    this.#timer.unref();
  }
}
