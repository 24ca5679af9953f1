// The scene's clock, injected (DESIGN.md "The scene with an injected clock"): every animation in
// renderer/scene — camera glides, node glides, fades, the particles' shader time and their easing — reads
// now() from it, and the frame loop runs its frames through requestFrame. `browserClock` is
// performance.now and requestAnimationFrame; a `SteppableClock` follows them until paused, then moves
// only when stepped, by exactly the time asked, drawing the frames before step() returns (e2e tests step
// it instead of sleeping; replay can drive it the same way).

/**
 * One frame. `displayTime` is the display frame's requestAnimationFrame timestamp, or null for a frame that
 * is not a timed display frame (stepped, or the first after a resume): frame-time stats skip it.
 */
export type FrameCallback = (displayTime: number | null) => void;

export interface SceneClock {
  /** Scene time in ms (performance.now's scale). */
  now(): number;
  /** Runs `frame` once, at the next frame. */
  requestFrame(frame: FrameCallback): number;
  cancelFrame(handle: number): void;
}

export const browserClock: SceneClock = {
  now: () => performance.now(),
  requestFrame: (frame) => requestAnimationFrame(frame),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
};

/** What tests and scripts get as `window.flowsight.clock` (and `window.harness.clock`). */
export interface ClockControl {
  /** Scene time in ms. */
  now(): number;
  readonly paused: boolean;
  /** Freezes the scene: no frames are drawn and no animation advances until step() or resume(). */
  pause(): void;
  /** Back to display frames; scene time goes on from where it stood (it does not jump to real time). */
  resume(): void;
  /**
   * Pauses (if running), then advances scene time by exactly `ms` in `frames` equal steps (default 1),
   * drawing each frame before returning.
   */
  step(ms: number, frames?: number): void;
}

export class SteppableClock implements SceneClock, ClockControl {
  private isPaused: boolean;
  /** Scene time at `anchor` (real time) while running; the frozen scene time while paused. */
  private base: number;
  private anchor: number;
  /** Callbacks for the next frame (the first `pendingCount` slots; slots are reused, never shrunk). */
  private pending: (FrameCallback | null)[] = [];
  private pendingHandles: number[] = [];
  private pendingCount = 0;
  /** The frame being run: swapped with `pending` so that callbacks can ask for the next frame, allocating nothing. */
  private running: (FrameCallback | null)[] = [];
  private runningHandles: number[] = [];
  private nextHandle = 1;
  private raf = 0;
  /** The next display frame is the first after a pause: not timed. */
  private fresh = true;

  private readonly real: SceneClock;

  /** `real`: the clock followed while running (the browser's, by default). `paused`: start frozen. */
  constructor(options: { paused?: boolean; real?: SceneClock } = {}) {
    this.real = options.real ?? browserClock;
    this.isPaused = options.paused ?? false;
    this.base = this.real.now();
    this.anchor = this.base;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  now(): number {
    return this.isPaused ? this.base : this.base + (this.real.now() - this.anchor);
  }

  requestFrame(frame: FrameCallback): number {
    const handle = this.nextHandle++;
    this.pending[this.pendingCount] = frame;
    this.pendingHandles[this.pendingCount] = handle;
    this.pendingCount++;
    this.schedule();
    return handle;
  }

  cancelFrame(handle: number): void {
    let i = 0;
    while (i < this.pendingCount && this.pendingHandles[i] !== handle) i++;
    if (i === this.pendingCount) return;
    for (; i < this.pendingCount - 1; i++) {
      this.pending[i] = this.pending[i + 1]!;
      this.pendingHandles[i] = this.pendingHandles[i + 1]!;
    }
    this.pendingCount--;
    this.pending[this.pendingCount] = null;
  }

  pause(): void {
    if (this.isPaused) return;
    this.base = this.now();
    this.isPaused = true;
    if (this.raf !== 0) this.real.cancelFrame(this.raf);
    this.raf = 0;
  }

  resume(): void {
    if (!this.isPaused) return;
    this.anchor = this.real.now();
    this.isPaused = false;
    this.fresh = true;
    this.schedule();
  }

  step(ms: number, frames = 1): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`step: ms must be a finite number ≥ 0, got ${ms}`);
    if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`step: frames must be a whole number ≥ 1, got ${frames}`);
    this.pause();
    const start = this.base;
    for (let k = 1; k <= frames; k++) {
      // From the start each time, so that the last frame lands on start + ms exactly.
      this.base = k === frames ? start + ms : start + (ms * k) / frames;
      this.run(null);
    }
  }

  private schedule(): void {
    if (!this.isPaused && this.raf === 0 && this.pendingCount > 0) this.raf = this.real.requestFrame(this.pump);
  }

  private readonly pump = (displayTime: number | null): void => {
    this.raf = 0;
    const timed = this.fresh ? null : displayTime;
    this.fresh = false;
    this.run(timed);
  };

  private run(displayTime: number | null): void {
    const callbacks = this.pending;
    const count = this.pendingCount;
    this.pending = this.running;
    this.running = callbacks;
    const handles = this.pendingHandles;
    this.pendingHandles = this.runningHandles;
    this.runningHandles = handles;
    this.pendingCount = 0;
    for (let i = 0; i < count; i++) {
      const frame = callbacks[i]!;
      callbacks[i] = null;
      frame(displayTime);
    }
  }
}
