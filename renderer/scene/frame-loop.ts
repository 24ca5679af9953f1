// The frame loop: one frame callback (bound once, allocating nothing) scheduled by the scene's clock
// (scene-clock.ts), display frame times for stats and for the adaptive level of detail (fewer particles on
// busy edges when frames run slow), and the shader clock in seconds, whose origin moves every quarter hour
// so float32 keeps frame precision.
import type { IUniform } from 'three';
import { FrameStats } from '../../shared/view/frame-stats';
import type { SceneClock } from './scene-clock';

const TIME_REBASE_SECONDS = 900;

export interface FrameTarget {
  /** The shader clock's origin moved forward by `seconds`: shader times stored elsewhere must follow. */
  rebased(seconds: number): void;
  /** Draws one frame at `now` (ms) with the shader clock at `time` (s). */
  draw(now: number, time: number): void;
}

export class FrameLoop {
  private readonly frameStats = new FrameStats(240);
  private startedAt: number;
  private lastFrame = 0;
  private framesSinceQuality = 0;
  private quality = 1;
  private raf = 0;
  private running = false;

  /** `lod`: the particle shader's level-of-detail uniform (1 full density, down to 0.3). */
  constructor(private readonly clock: SceneClock, private readonly target: FrameTarget, private readonly lod: IUniform) {
    this.startedAt = clock.now();
  }

  start(): void {
    this.running = true;
    this.raf = this.clock.requestFrame(this.frame);
  }

  stop(): void {
    this.running = false;
    this.clock.cancelFrame(this.raf);
  }

  /** The shader clock (s) at `now` (ms). */
  seconds(now: number): number {
    return (now - this.startedAt) / 1000;
  }

  /** Frame time percentile (ms) over the last 240 frames. */
  percentile(p: number): number {
    return this.frameStats.percentile(p);
  }

  /** The level of detail into its uniform again. */
  applyLod(): void {
    this.lod.value = this.quality;
  }

  private readonly frame = (t: number | null): void => {
    if (!this.running) return;
    this.raf = this.clock.requestFrame(this.frame);
    const now = this.clock.now();
    if (t === null) {
      // A stepped frame is not a display frame: neither timed nor a reason to change the level of detail.
      this.lastFrame = 0;
    } else {
      // A hidden tab pauses rAF; that gap is not a frame and must not pollute p95.
      if (this.lastFrame > 0 && t - this.lastFrame < 1000) this.frameStats.record(t - this.lastFrame);
      this.lastFrame = t;
      if (++this.framesSinceQuality >= 90) this.adaptQuality();
    }
    if (this.seconds(now) > TIME_REBASE_SECONDS) this.rebaseTime();
    this.target.draw(now, this.seconds(now));
  };

  /**
   * The shader clock is float32 seconds: after hours its steps get coarser than a frame and particles
   * stutter, so a wall that runs for weeks moves the origin every quarter hour (particles re-phase once).
   */
  private rebaseTime(): void {
    this.startedAt += TIME_REBASE_SECONDS * 1000;
    this.target.rebased(TIME_REBASE_SECONDS);
  }

  /**
   * Adaptive level of detail: when frames run slow (software GL, 1,000 services), busy edges carry fewer
   * particles; when there is headroom again, density comes back. Every edge keeps its first particle.
   */
  private adaptQuality(): void {
    this.framesSinceQuality = 0;
    const p50 = this.frameStats.percentile(0.5);
    const before = this.quality;
    if (p50 > 26) this.quality = Math.max(0.3, this.quality * 0.8);
    else if (p50 < 19) this.quality = Math.min(1, this.quality * 1.15);
    if (this.quality !== before) this.applyLod();
  }
}
