// Benchmark: `GET /api/timeline` over 6 h of a 2,000-service demo world at 5 s polls — the timeline bar's
// strip when the record is all backfill (a restarted hub: every bucket rebuilt from the record, then
// memoised), the same strip again (memoised), the strip of a hub that published every poll itself
// (observed points only), and one call's series for the side panel's sparkline.
import { createSimulator } from '../shared/demo/index';
import { historyKey } from '../shared/timeline/strip';
import { HubTimeline } from '../electron/hub/timeline';
import { TimelineStrips } from '../electron/hub/timeline-strip';
import type { Source } from '../electron/hub/sources/source';
import { buildGraph } from '../shared/build-graph';

const HOURS = Number(process.env.HOURS ?? 6);
const INTERVAL_MS = 5000;
const BUCKETS = Number(process.env.BUCKETS ?? 500);
const polls = Math.round((HOURS * 3600_000) / INTERVAL_MS);
const simulator = createSimulator({ seed: 7, regions: 4, servicesPerRegion: 500 });
const start = 1_700_000_000_000;
const end = start + (polls - 1) * INTERVAL_MS;

const source: Source = { name: 'demo', type: 'demo', detail: 'bench', poll: () => Promise.reject(new Error('not polled')) };
const sources = [{ source, intervalMs: INTERVAL_MS, timeoutMs: 1000 }];
const bounds = { maxBytes: 4 * 2 ** 30, retentionMs: HOURS * 3600_000 + INTERVAL_MS };

const backfilled = new HubTimeline(bounds);
const live = new HubTimeline(bounds);
const liveStrips = new TimelineStrips(live, INTERVAL_MS);
let calls = 0;
let observeMs = 0;
let sampleGraph = null as ReturnType<typeof buildGraph> | null;
for (let i = 0; i < polls; i++) {
  const at = start + i * INTERVAL_MS;
  const batch = { source: 'demo', sampledAt: at, calls: simulator.calls(at), seriesRead: 0 };
  calls = batch.calls.length;
  backfilled.recordPoll('demo', at, batch, null);
  live.recordPoll('demo', at, batch, null);
  // What the hub does once per published graph; the graph itself is built anyway (not counted here).
  const graph = i % 240 === 0 || !sampleGraph ? buildGraph([{ batch, staleSince: null }], { now: at }) : { ...sampleGraph, serverUpdateTime: at };
  sampleGraph = graph;
  const t0 = performance.now();
  liveStrips.observe(graph);
  observeMs += performance.now() - t0;
}

/** Elapsed ms of an answer, and the longest the event loop was held in one go meanwhile (a ticker's gaps). */
async function timeAsync<T>(run: () => Promise<T>): Promise<[number, T, number]> {
  let longest = 0;
  let last = performance.now();
  let on = true;
  const tick = () => {
    const t = performance.now();
    longest = Math.max(longest, t - last);
    last = t;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  const value = await run();
  const elapsed = performance.now() - t0;
  on = false;
  longest = Math.max(longest, performance.now() - last);
  return [elapsed, value, longest];
}
const strips = new TimelineStrips(backfilled, INTERVAL_MS);
const [coldMs, cold, coldBlockMs] = await timeAsync(() => strips.strip(BUCKETS, sources, end));
const [warmMs] = await timeAsync(() => strips.strip(BUCKETS, sources, end));
const [observedMs] = await timeAsync(() => liveStrips.strip(BUCKETS, sources, end));
const region = sampleGraph!.regions[0]!;
const c = region.connections.find((x) => x.source !== 'INTERNET')!;
const key = historyKey.call(region.name, c.source, c.target);
const [seriesMs, withSeries, seriesBlockMs] = await timeAsync(() => liveStrips.strip(120, sources, end, { key, entity: { kind: 'call', region: region.name, source: c.source, target: c.target } }));
// A restarted hub warms the backfilled past in the background: how long that takes, and its longest hold.
const warmed = new TimelineStrips(backfilled, INTERVAL_MS);
const [warmUpMs, , warmUpBlockMs] = await timeAsync(() => warmed.warm(sources));
const [afterWarmMs] = await timeAsync(() => warmed.strip(BUCKETS - 7, sources, end));
const filled = withSeries.series!.rps.filter((v) => v !== null).length;
const bytes = Buffer.byteLength(JSON.stringify(cold));

process.stderr.write(
  `timeline strip: ${HOURS} h of ${polls} polls × ${calls} calls, ${BUCKETS} buckets (${bytes} bytes): all-backfill ${coldMs.toFixed(0)} ms (event loop held ≤ ${coldBlockMs.toFixed(0)} ms at a time), background warm-up ${warmUpMs.toFixed(0)} ms (held ≤ ${warmUpBlockMs.toFixed(0)} ms) then any bucket count ${afterWarmMs.toFixed(0)} ms, memoised ${warmMs.toFixed(0)} ms, ` +
    `published points ${observedMs.toFixed(0)} ms (observe ${(observeMs / polls).toFixed(3)} ms/graph); one call's 120-bucket series ${seriesMs.toFixed(0)} ms (held ≤ ${seriesBlockMs.toFixed(0)} ms; ${filled} buckets with data)\n`,
);
console.log(JSON.stringify({ hours: HOURS, polls, calls, buckets: BUCKETS, bytes, coldMs, coldBlockMs, warmUpMs, warmUpBlockMs, afterWarmMs, warmMs, observedMs, observeMsPerGraph: observeMs / polls, seriesMs, seriesBlockMs, seriesBuckets: filled }));
