// (A zero slice budget: one instant per event-loop turn, so the turns counted do not depend on the machine.)
// The timeline strip rebuilds a restarted hub's backfilled past from the record in slices, yielding to the
// event loop between them: a cold strip, a sparkline and the background warm-up never hold the hub (its polls,
// fan-out, /healthz) for the whole rebuild, and the figures are the same as a rebuild in one go would give.
import { describe, expect, it } from 'vitest';
import { HubTimeline } from '../../electron/hub/timeline';
import { TimelineStrips } from '../../electron/hub/timeline-strip';
import type { Source } from '../../electron/hub/sources/source';
import type { Call, SourceBatch } from '../../shared/model';
import { historyKey, inputTotals } from '../../shared/timeline/strip';

const T0 = Date.UTC(2026, 11, 2, 3, 0, 0);
const STEP = 5000;
const POLLS = 400;
const SERVICES = 150;

function batchAt(i: number): SourceBatch {
  const calls: Call[] = [];
  for (let s = 0; s < SERVICES; s++) {
    calls.push({ sourceRegion: 'east', source: `svc-${s}`, destinationRegion: 'east', destination: `svc-${(s + 1) % SERVICES}`, rate: { normal: 10 + ((i * 7 + s) % 13), danger: (i + s) % 5 === 0 ? 1 : 0, warning: 0 } });
  }
  return { source: 'demo', sampledAt: T0 + i * STEP, calls, seriesRead: calls.length };
}

const source: Source = { name: 'demo', type: 'demo', detail: 'test', region: 'east', poll: () => Promise.reject(new Error('not polled')) };
const sources = [{ source, intervalMs: STEP, timeoutMs: 1000 }];

function backfilledTimeline(): HubTimeline {
  const timeline = new HubTimeline({ maxBytes: 256 * 2 ** 20, retentionMs: POLLS * STEP * 2 });
  for (let i = 0; i < POLLS; i++) timeline.recordPoll('demo', T0 + i * STEP, batchAt(i), null);
  return timeline;
}

/** Runs `answer` while a ticker counts event-loop turns: how many times other work got in meanwhile. */
async function turnsDuring<T>(answer: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let on = true;
  const tick = () => {
    turns += 1;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  const value = await answer();
  on = false;
  return { value, turns };
}

describe('timeline strip rebuilt in slices', () => {
  const end = T0 + (POLLS - 1) * STEP;

  it('lets other work run while a cold strip rebuilds the backfilled past, with every bucket exact', async () => {
    const strips = new TimelineStrips(backfilledTimeline(), STEP, 0);
    const { value: strip, turns } = await turnsDuring(() => strips.strip(POLLS, sources, end));
    expect(turns).toBeGreaterThan(50);
    // One bucket per poll here: each bucket is that poll's totals, as the graph of that instant would have them.
    expect(strip.rps).toHaveLength(POLLS);
    for (const i of [0, 1, 57, 200, POLLS - 1]) {
      const totals = inputTotals([{ batch: batchAt(i), staleSince: null, region: 'east', evidence: 'metrics' }]);
      // The strip carries 4 significant digits.
      expect(Math.abs(strip.rps[i]! - totals.rps) / totals.rps).toBeLessThan(5e-4);
      expect(Math.abs(strip.errorRatio[i]! - totals.danger / totals.rps) / (totals.danger / totals.rps)).toBeLessThan(5e-4);
    }
  });

  it('lets other work run while a sparkline series is read out of the record', async () => {
    const strips = new TimelineStrips(backfilledTimeline(), STEP, 0);
    const key = historyKey.node('east', 'svc-3');
    const { value: strip, turns } = await turnsDuring(() => strips.strip(100, sources, end, { key, entity: { kind: 'node', region: 'east', node: 'svc-3' } }));
    expect(turns).toBeGreaterThan(50);
    expect(strip.series!.rps.filter((v) => v !== null)).toHaveLength(100);
  });

  it('warms the backfilled past in the background, after which any bucket count answers the same figures without rebuilding', async () => {
    const timeline = backfilledTimeline();
    const warmed = new TimelineStrips(timeline, STEP, 0);
    const { turns } = await turnsDuring(() => warmed.warm(sources));
    expect(turns).toBeGreaterThan(50);
    const cold = new TimelineStrips(timeline, STEP);
    for (const buckets of [37, 120, POLLS]) {
      const { value: fast, turns: waited } = await turnsDuring(() => warmed.strip(buckets, sources, end));
      // Memoised: answered within a turn or two, nothing left to rebuild.
      expect(waited).toBeLessThanOrEqual(2);
      expect(fast).toEqual(await cold.strip(buckets, sources, end));
    }
  });

  it('stops warming when the hub stops', async () => {
    const strips = new TimelineStrips(backfilledTimeline(), STEP, 0);
    const stop = new AbortController();
    const warming = strips.warm(sources, stop.signal);
    stop.abort();
    await warming;
    const { turns } = await turnsDuring(() => strips.strip(POLLS, sources, end));
    // Nothing (or next to nothing) was memoised: the strip still had to rebuild in slices.
    expect(turns).toBeGreaterThan(50);
  });
});
