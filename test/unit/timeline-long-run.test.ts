// The timeline's memory bound under a long accelerated run: a day of 5 s polls of a churning demo world
// (and a steady second source) fed through the hub's timeline with an injected clock. The record's counted
// size never passes `timeline.maxMB`, the oldest whole chunks go first (never a hole in the middle), the
// retention drops what is older than it when memory is plenty, and what is kept reads back exactly.
import { describe, expect, it } from 'vitest';
import { HubTimeline } from '../../electron/hub/timeline';
import { timelineBounds } from '../../electron/hub/timeline-config';
import { createSimulator } from '../../shared/demo/index';
import type { Call, SourceBatch } from '../../shared/model';
import { decodeValue, encodeValue } from '../../shared/timeline/value-code';

const INTERVAL_MS = 5000;
const DAY_POLLS = (24 * 3600_000) / INTERVAL_MS; // 17,280
const START = Date.UTC(2026, 11, 1);

function steady(at: number): SourceBatch {
  const calls: Call[] = Array.from({ length: 20 }, (_, i) => ({ sourceRegion: 'file', source: `edge-${i}`, destinationRegion: 'file', destination: `core-${i % 4}`, rate: { normal: 100 + i, danger: i % 3, warning: 0 } }));
  return { source: 'file', sampledAt: at, calls, seriesRead: 0 };
}

function run(maxMB: number, retention: string, check: (timeline: HubTimeline, at: number, bound: number) => void): { timeline: HubTimeline; last: number; demo: Call[] } {
  const timeline = new HubTimeline(timelineBounds({ maxMB, retention }));
  const simulator = createSimulator({ seed: 11, regions: 3, servicesPerRegion: 40 });
  const bound = timelineBounds({ maxMB, retention }).maxBytes;
  let at = START;
  let demo: Call[] = [];
  for (let i = 0; i < DAY_POLLS; i++) {
    at = START + i * INTERVAL_MS;
    demo = simulator.calls(at);
    // Every 500th poll the demo source fails: its last good batch is kept, stale since the poll before.
    const stale = i % 500 === 499 ? at - INTERVAL_MS : null;
    timeline.recordPoll('demo', at, { source: 'demo', sampledAt: stale ?? at, calls: demo, seriesRead: demo.length }, stale);
    timeline.recordPoll('file', at, steady(at), null);
    check(timeline, at, bound);
  }
  return { timeline, last: at, demo };
}

describe('the timeline under a day of accelerated polls', () => {
  it('stays within a 2 MiB bound at every poll, dropping the oldest chunks of the day and keeping the newest hours whole', () => {
    let peak = 0;
    let firstDropAt: number | null = null;
    let previousFrom = START;
    const { timeline, last, demo } = run(2, '6h', (t, at, bound) => {
      const bytes = t.record.bytes();
      peak = Math.max(peak, bytes);
      if (bytes > bound) throw new Error(`${bytes} bytes at ${new Date(at).toISOString()} is over the bound ${bound}`);
      const from = t.record.span()!.from;
      if (from !== previousFrom && firstDropAt === null) firstDropAt = at;
      // Eviction only ever moves the start forward.
      if (from < previousFrom) throw new Error(`the record's start moved back to ${new Date(from).toISOString()}`);
      previousFrom = from;
    });
    const bound = 2 * 2 ** 20;
    // The bound was reached (not merely the retention) and filled: within one chunk of each source of the bound.
    expect(firstDropAt).not.toBeNull();
    expect(firstDropAt! - START).toBeLessThan(6 * 3600_000);
    expect(peak).toBeGreaterThan(bound * 0.9);
    const span = timeline.record.span('demo')!;
    expect(span.to).toBe(last);
    // What is kept is contiguous, poll by poll, up to the newest: no holes from eviction.
    const times = timeline.record.times('demo');
    expect(times.length).toBe((span.to - span.from) / INTERVAL_MS + 1);
    expect(times.every((t, i) => i === 0 || t - times[i - 1]! === INTERVAL_MS)).toBe(true);
    // Older than the record: gone; the newest poll reads back exactly.
    expect(timeline.record.at('demo', span.from - 1)).toBeNull();
    // Exactly, to the 4 significant digits the record keeps (value codes).
    const kept = (v: number) => decodeValue(encodeValue(v));
    expect(timeline.record.at('demo', last)!.batch!.calls).toEqual(
      demo.map((c) => ({ ...c, rate: { normal: kept(c.rate.normal), danger: kept(c.rate.danger), warning: kept(c.rate.warning) }, ...(c.latencyMs === undefined ? {} : { latencyMs: kept(c.latencyMs) }) })),
    );
  }, 120_000);

  it('keeps exactly the retention when memory is plenty, and the stale polls as they were', () => {
    let peak = 0;
    const { timeline, last } = run(256, '6h', (t) => {
      peak = Math.max(peak, t.record.bytes());
    });
    const bytes = timeline.record.bytes();
    for (const source of ['demo', 'file']) {
      const span = timeline.record.span(source)!;
      expect(span.to).toBe(last);
      // Whole chunks of 60 polls go once their newest poll is past 6 h: between 6 h and 6 h + one chunk kept.
      expect(last - span.from).toBeGreaterThanOrEqual(6 * 3600_000 - INTERVAL_MS);
      expect(last - span.from).toBeLessThan(6 * 3600_000 + 60 * INTERVAL_MS);
    }
    // Memory stops growing once the retention is reached: the end of the day is no bigger than its peak, and
    // the peak is no more than a chunk per source above the steady state.
    expect(bytes).toBeLessThanOrEqual(peak);
    expect(peak / bytes).toBeLessThan(1.05);
    // A poll when the demo source had failed, inside the kept span.
    const staleIndex = Math.ceil((timeline.record.span('demo')!.from - START) / INTERVAL_MS / 500) * 500 + 499;
    const staleAt = START + staleIndex * INTERVAL_MS;
    const entry = timeline.record.at('demo', staleAt)!;
    expect(entry.staleSince).toBe(staleAt - INTERVAL_MS);
    expect(entry.batch!.sampledAt).toBe(staleAt - INTERVAL_MS);
    expect(timeline.record.at('demo', staleAt + INTERVAL_MS)!.staleSince).toBeNull();
  }, 120_000);
});
