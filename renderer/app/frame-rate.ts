// Frames per second as the display actually presents them, for the `report` the hub turns into metrics.
export class FrameRate {
  private frames = 0;
  private since = performance.now();
  private handle = 0;

  start(): void {
    const tick = () => {
      this.frames += 1;
      this.handle = requestAnimationFrame(tick);
    };
    this.handle = requestAnimationFrame(tick);
  }

  /** Frames per second since the last call. */
  take(): number {
    const now = performance.now();
    const fps = now > this.since ? (this.frames * 1000) / (now - this.since) : 0;
    this.frames = 0;
    this.since = now;
    return fps;
  }

  stop(): void {
    cancelAnimationFrame(this.handle);
  }
}
