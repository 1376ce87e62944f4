/**
 * Admission control at accept time: a cap on open connections in total and per
 * client address. A connection refused here is closed before a byte is read
 * (OpenLDAP's `conn_max_pending`-style refusal), so a flood from one address
 * cannot starve everyone else of sockets.
 */
export class ConnectionLimiter {
  readonly #maxTotal: number;
  readonly #maxPerAddress: number;
  readonly #byAddress = new Map<string, number>();
  #total = 0;

  /** 0 means no limit. */
  constructor(maxTotal: number, maxPerAddress: number) {
    this.#maxTotal = maxTotal;
    this.#maxPerAddress = maxPerAddress;
  }

  get total(): number {
    return this.#total;
  }

  /** Takes a slot for `address`, or returns false when a limit is reached. */
  tryAdmit(address: string): boolean {
    if (this.#maxTotal > 0 && this.#total >= this.#maxTotal) return false;
    const current = this.#byAddress.get(address) ?? 0;
    if (this.#maxPerAddress > 0 && current >= this.#maxPerAddress) return false;
    this.#byAddress.set(address, current + 1);
    this.#total++;
    return true;
  }

  release(address: string): void {
    const current = this.#byAddress.get(address) ?? 0;
    if (current <= 1) this.#byAddress.delete(address);
    else this.#byAddress.set(address, current - 1);
    if (this.#total > 0) this.#total--;
  }
}
