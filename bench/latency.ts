/**
 * Latency samples in microseconds, kept whole (a 10 s run at 100k ops/s is
 * 4 MB) so percentiles are exact rather than bucketed.
 */
export class LatencySamples {
  private values = new Uint32Array(1 << 16);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Uint32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = Math.min(0xffffffff, Math.round(ms * 1000));
  }

  get size(): number {
    return this.count;
  }

  /** The p-th percentile in milliseconds (nearest rank); NaN with no samples. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    if (this.sorted === undefined || this.sorted.length !== this.count)
      this.sorted = this.values.slice(0, this.count).sort();
    const rank = Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1));
    return this.sorted[rank]! / 1000;
  }

  private sorted: Uint32Array | undefined;
}
