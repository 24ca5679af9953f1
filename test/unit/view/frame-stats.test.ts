import { describe, expect, it } from 'vitest';
import { FrameStats } from '../../../shared/view/frame-stats';

describe('FrameStats', () => {
  it('reports 0 before any frame', () => {
    expect(new FrameStats(8).percentile(0.5)).toBe(0);
  });

  it('computes p50 and p95 of the recorded frames', () => {
    const stats = new FrameStats(100);
    for (let i = 1; i <= 100; i++) stats.record(i);
    expect(stats.percentile(0.5)).toBe(50);
    expect(stats.percentile(0.95)).toBe(95);
  });

  it('forgets frames older than its capacity', () => {
    const stats = new FrameStats(4);
    for (const ms of [100, 100, 100, 100, 5, 5, 5, 5]) stats.record(ms);
    expect(stats.size).toBe(4);
    expect(stats.percentile(0.95)).toBe(5);
  });
});
