// `GET /api/timeline` against a real hub (HTTP, pollers, record, graph builder): the strip's buckets are the
// published graphs' requests/s and error ratio, a failing poll and its recovery are events at those polls,
// an alert's start is listed, one call's series follows the record, a backfilled past is rebuilt from the
// record, and the route sits behind the token like every /api route. The clock is the hub's own, injected.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import type { Source } from '../../electron/hub/sources/source';
import type { NoticeTarget, SourceBatch } from '../../shared/model';
import { decodeTimelineStrip, type TimelineStrip } from '../../shared/protocol';
import { historyKey } from '../../shared/timeline/strip';
import { untilWithin } from './helpers/until';

const TOKEN = 'timeline-strip-token-0123456789';
const T0 = Date.UTC(2026, 11, 1, 14, 0, 0);
let clock = T0;
let hub: RunningHub;
const until = untilWithin(10_000);

/** The source's next answer: web → cart at these rates, or a failure. */
let next: { normal: number; danger: number; notices?: NoticeTarget[] } | 'fail' = { normal: 10, danger: 0 };

function batchAt(at: number, normal: number, danger: number, notices?: NoticeTarget[]): SourceBatch {
  return {
    source: 'scripted',
    sampledAt: at,
    seriesRead: 1,
    calls: [{ sourceRegion: 'east', source: 'web', destinationRegion: 'east', destination: 'cart', rate: { normal, danger, warning: 0 } }],
    ...(notices ? { notices } : {}),
  };
}

const scripted: Source = {
  name: 'scripted',
  type: 'scripted',
  detail: 'a test script',
  region: 'east',
  poll: async () => {
    if (next === 'fail') throw new Error('scripted failure');
    return batchAt(clock, next.normal, next.danger, next.notices);
  },
};

async function timeline(query: string, token: string | null = TOKEN): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hub.url}api/timeline${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
}

async function strip(query: string): Promise<TimelineStrip> {
  const { status, body } = await timeline(query);
  expect(status).toBe(200);
  return decodeTimelineStrip(body);
}

async function pollAt(at: number, answer: typeof next): Promise<void> {
  clock = at;
  next = answer;
  await hub.pollNow();
}

beforeAll(async () => {
  hub = await startHub({
    host: '127.0.0.1',
    port: 0,
    interval: 3600, // only pollNow() polls: every poll is at an instant the test chose
    sources: [],
    extraSources: [scripted],
    staticDir: mkdtempSync(join(tmpdir(), 'flowsight-static-')),
    tokens: [TOKEN],
    now: () => clock,
  });
  await until(() => hub.graph().regions.length, (n) => n > 0);
  const alert: NoticeTarget = {
    region: 'east',
    service: 'cart',
    notice: { severity: 'danger', title: 'CartErrors <b>', alert: { source: 'am', id: 'a1', name: 'CartErrors', startsAt: T0 + 900, state: 'active' } },
  };
  await pollAt(T0 + 1000, { normal: 27, danger: 3, notices: [alert] });
  await pollAt(T0 + 2000, 'fail');
  await pollAt(T0 + 3000, { normal: 18, danger: 2 });
}, 60_000);

afterAll(async () => {
  await hub?.close();
});

describe('GET /api/timeline', () => {
  it('buckets the published graphs: mean requests/s and failed ÷ all per bucket, over the record’s span', async () => {
    const s = await strip('?buckets=4');
    expect(s.from).toBe(T0);
    expect(s.to).toBe(T0 + 3000);
    expect(s.now).toBe(T0 + 3000);
    expect(s.stepMs).toBe(3_600_000);
    expect(s.bucketMs).toBe(751);
    // T0: 10 ok; +1000: 30 with 3 failed; +2000: the failed poll still draws its last data (30, stale); +3000: 20 with 2 failed.
    expect(s.rps).toEqual([10, 30, 30, 20]);
    expect(s.errorRatio).toEqual([0, 0.1, 0.1, 0.1]);
    // Never more buckets than polls: four polls, four buckets, however many were asked for.
    const wide = await strip('?buckets=400');
    expect(wide.rps).toEqual([10, 30, 30, 20]);
  });

  it('names the poll where the source failed and the one where it recovered, and the alert’s start', async () => {
    const s = await strip('?buckets=4');
    expect(s.events).toEqual([
      { at: T0 + 2000, source: 'scripted', kind: 'failed' },
      { at: T0 + 3000, source: 'scripted', kind: 'recovered' },
    ]);
    expect(s.alerts).toEqual([{ at: T0 + 900, title: 'CartErrors <b>', severity: 'danger', source: 'scripted' }]);
  });

  it('gives one call’s series over the same buckets, from the record', async () => {
    const key = historyKey.call('east', 'web', 'cart');
    const s = await strip(`?buckets=4&key=${encodeURIComponent(key)}`);
    expect(s.series).toEqual({ key, rps: [10, 30, 30, 20], errorRatio: [0, 0.1, 0.1, 0.1] });
    const absent = await strip(`?buckets=4&key=${encodeURIComponent(historyKey.call('east', 'web', 'nowhere'))}`);
    expect(absent.series!.rps).toEqual([null, null, null, null]);
  });

  it('rebuilds a backfilled past (polls older than the first published graph) from the record', async () => {
    const kept = hub.timeline.record.prepend('scripted', [
      { at: T0 - 2000, batch: batchAt(T0 - 2000, 45, 5), staleSince: null },
      { at: T0 - 1000, batch: batchAt(T0 - 1000, 50, 0), staleSince: null },
    ]);
    expect(kept).toBe(2);
    const s = await strip('?buckets=5');
    expect(s.from).toBe(T0 - 2000);
    expect(s.bucketMs).toBe(1001);
    // Bucket 0 holds T0-2000 and T0-1000: (50 + 50) / 2 rps, 5 failed of 100.
    expect(s.rps).toEqual([50, 10, 30, 30, 20]);
    expect(s.errorRatio).toEqual([0.05, 0, 0.1, 0.1, 0.1]);
    const series = await strip(`?buckets=5&key=${encodeURIComponent(historyKey.node('east', 'cart'))}`);
    expect(series.series!.rps).toEqual([50, 10, 30, 30, 20]);
  });

  it('is behind the token, and refuses a query it cannot read with 400 and {error}', async () => {
    expect((await timeline('?buckets=4', null)).status).toBe(401);
    expect((await timeline('?buckets=4', 'wrong-token-wrong-token-000')).status).toBe(401);
    const bad = await timeline('?buckets=-3');
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/^timeline query: buckets: /);
    const key = await timeline('?key=nonsense');
    expect(key.status).toBe(400);
    expect((key.body as { error: string }).error).toMatch(/key/);
  });
});
