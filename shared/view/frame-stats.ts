// Frame-time statistics over the last frames: a preallocated ring buffer, percentiles on demand.

export class FrameStats {
  private readonly times: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity = 240) {
    this.times = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
  }

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.times[this.next] = ms;
    this.next = (this.next + 1) % this.times.length;
    if (this.count < this.times.length) this.count++;
  }

  /** The `p`-th percentile (0..1, nearest rank) of the recorded frames; 0 before any frame. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const sorted = this.scratch.subarray(0, this.count);
    sorted.set(this.times.subarray(0, this.count));
    sorted.sort();
    const rank = Math.min(this.count - 1, Math.max(0, Math.ceil(p * this.count) - 1));
    return sorted[rank]!;
  }

  get size(): number {
    return this.count;
  }

  reset(): void {
    this.count = 0;
    this.next = 0;
  }
}
