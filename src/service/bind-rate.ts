/**
 * Bind attempts per client address per minute: a token bucket per address,
 * refilled continuously. Buckets of addresses idle for a minute are dropped,
 * so the table cannot grow with the number of addresses ever seen.
 */
export class BindRateLimiter {
  readonly #perMinute: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #sweptAt = Date.now();

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  /** Whether one more bind from `address` may go ahead now. */
  take(address: string, now = Date.now()): boolean {
    if (this.#perMinute <= 0) return true;
    if (now - this.#sweptAt > 60_000) this.#sweep(now);
    const b = this.#buckets.get(address) ?? { tokens: this.#perMinute, at: now };
    b.tokens = Math.min(this.#perMinute, b.tokens + ((now - b.at) / 60_000) * this.#perMinute);
    b.at = now;
    this.#buckets.set(address, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [k, b] of this.#buckets) if (now - b.at > 60_000) this.#buckets.delete(k);
  }
}
