// Per-service and per-region latency from merged buckets (issue 9 §2): a service's = the merge of its inbound
// calls' buckets, a region's = the merge of its ingress calls' buckets; never an average of quantiles.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { applyDiff, diffGraph } from '../../shared/diff';
import { latencyBars, mergeAllBuckets, quantileFromBuckets, type LatencyBuckets } from '../../shared/latency';
import { LatencyBook } from '../../shared/latency-book';
import { INTERNET, type Call } from '../../shared/model';
import { graphSchema } from '../../shared/protocol';
import { toVizceral } from '../../shared/vizceral';

const INF = Number.POSITIVE_INFINITY;
const h = (le: number[], counts: number[]): LatencyBuckets => ({ le, counts });

const call = (sourceRegion: string, source: string, destinationRegion: string, destination: string, buckets?: LatencyBuckets): Call => {
  const total = buckets ? buckets.counts[buckets.counts.length - 1]! : 10;
  const c: Call = { sourceRegion, source, destinationRegion, destination, rate: { normal: total, danger: 0, warning: 0 } };
  if (buckets) c.latencyBuckets = buckets;
  return c;
};

// east/web serves the INTERNET (90 % under 10 ms) and east/api (all between 10 and 100 ms); east/ledger
// serves west/cart, half of whose requests take longer than the last finite bound.
const calls: Call[] = [
  call(INTERNET, INTERNET, 'east', 'web', h([10, 100, INF], [90, 100, 100])),
  call('east', 'api', 'east', 'web', h([10, 100, INF], [0, 100, 100])),
  call('west', 'cart', 'east', 'ledger', h([10, 100, INF], [0, 50, 100])),
  call('east', 'web', 'east', 'api'), // no histogram
];

function graphOf(list: Call[], book?: LatencyBook) {
  return buildGraph([{ batch: { source: 'p', sampledAt: 1, calls: list, seriesRead: list.length }, staleSince: null }], { now: 2, ...(book ? { latencyBook: book } : {}) });
}

describe('a service\'s latency: the merge of its inbound calls\' buckets', () => {
  const graph = graphOf(calls);
  const east = graph.regions.find((r) => r.name === 'east')!;
  const node = (name: string) => east.nodes.find((n) => n.name === name)!;

  it('is the quantile of all requests it serves, not the average of its callers\' quantiles', () => {
    // Merged: 90 under 10 ms, 200 under 100 ms. p50: rank 100 → 10 + 90 × 10/110; p95: rank 190; p99: rank 198.
    expect(node('web').latency).toEqual({ p50: 18.18, p95: 91.82, p99: 98.36 });
    // The callers' own p50s are 5.556 and 55 ms: their average (30.28) is not the service's median.
    const fromInternet = east.connections.find((c) => c.source === INTERNET && c.target === 'web')!;
    const fromApi = east.connections.find((c) => c.source === 'api' && c.target === 'web')!;
    expect([fromInternet.latency!.p50, fromApi.latency!.p50]).toEqual([5.556, 55]);
  });

  it('counts calls from other regions as inbound, and reads a rank in the +Inf bucket as the highest finite bound', () => {
    // 50 of 100 under 100 ms: p50 = 100 exactly at the bound; p95 and p99 fall in +Inf → 100.
    expect(node('ledger').latency).toEqual({ p50: 100, p95: 100, p99: 100 });
  });

  it('is absent (not 0) where no inbound call has buckets, and on INTERNET and remote-region nodes', () => {
    expect(node('api')).not.toHaveProperty('latency');
    expect(node(INTERNET)).not.toHaveProperty('latency');
    const west = graph.regions.find((r) => r.name === 'west')!;
    for (const n of west.nodes) expect(n, n.name).not.toHaveProperty('latency');
  });
});

describe('a region\'s latency: the merge of its ingress calls\' buckets', () => {
  it('merges what enters from the INTERNET and from other regions, and leaves internal calls out', () => {
    const east = graphOf(calls).regions.find((r) => r.name === 'east')!;
    // INTERNET [90, 100, 100] + west [0, 50, 100] = [90, 150, 200]: p50 rank 100 → 10 + 90 × 10/60 = 25;
    // p95 and p99 fall in +Inf. With api → web (internal) merged in, p50 would be 18.18.
    expect(east.latency).toEqual({ p50: 25, p95: 100, p99: 100 });
  });

  it('is absent where nothing enters the region with buckets', () => {
    const west = graphOf(calls).regions.find((r) => r.name === 'west')!;
    expect(west).not.toHaveProperty('latency');
    const onlyInternal = graphOf([call('north', 'a', 'north', 'b', h([10, 100, INF], [5, 10, 10]))]).regions[0]!;
    expect(onlyInternal).not.toHaveProperty('latency');
    // The service still has its own: p50 at the first bound, p95 = 10 + 90 × 4.5/5, p99 = 10 + 90 × 4.9/5.
    expect(onlyInternal.nodes.find((n) => n.name === 'b')!.latency).toEqual({ p50: 10, p95: 91, p99: 98.2 });
  });
});

describe('mixed bucket layouts from different sources', () => {
  it('merges on the union of bounds, filling a bound a layout lacks with its count at its next lower bound', () => {
    // Istio in ms (10, 100) beside servicegraph in seconds converted to ms (25, 250) into one service.
    const ms = h([10, 100, INF], [50, 100, 100]);
    const fromSeconds = h([25, 250, INF], [40, 80, 100]);
    const svc = graphOf([call('east', 'a', 'east', 'svc', ms), call('east', 'b', 'east', 'svc', fromSeconds)]).regions[0]!.nodes.find((n) => n.name === 'svc')!;
    // Union [10, 25, 100, 250, +Inf]: [50+0, 50+40, 100+40, 100+80, 200]; p50 rank 100 → 25 + 75 × 10/50 = 40.
    expect(mergeAllBuckets([ms, fromSeconds])).toEqual(h([10, 25, 100, 250, INF], [50, 90, 140, 180, 200]));
    expect(svc.latency!.p50).toBe(40);
  });

  it('ignores a call whose histogram lacks +Inf only where nothing else has one: a quantile needs a +Inf bucket', () => {
    const noInf = h([10, 100], [5, 10]);
    const alone = graphOf([call('east', 'a', 'east', 'svc', noInf)]).regions[0]!.nodes.find((n) => n.name === 'svc')!;
    expect(alone).not.toHaveProperty('latency');
    // Merged with a whole histogram, its largest bound's count stands for its total at +Inf.
    expect(mergeAllBuckets([noInf, h([10, INF], [0, 10])])).toEqual(h([10, 100, INF], [5, 10, 20]));
  });
});

describe('the latency book and the wire', () => {
  it('keeps the merged buckets behind every call, service and region latency', () => {
    const book = new LatencyBook();
    graphOf(calls, book);
    expect(book.get({ kind: 'service', region: 'east', service: 'web' })).toEqual(h([10, 100, INF], [90, 200, 200]));
    expect(book.get({ kind: 'region', region: 'east' })).toEqual(h([10, 100, INF], [90, 150, 200]));
    expect(book.get({ kind: 'call', region: 'east', source: 'api', target: 'web' })).toEqual(h([10, 100, INF], [0, 100, 100]));
    expect(book.get({ kind: 'call', region: null, source: 'west', target: 'east' })).toEqual(h([10, 100, INF], [0, 50, 100]));
    expect(book.get({ kind: 'service', region: 'east', service: 'api' })).toBeUndefined();
  });

  it('puts service and region latency in /api/graph node metadata, absent where unknown', () => {
    const viz = toVizceral(graphOf(calls));
    const east = viz.nodes.find((n) => n.name === 'east')!;
    expect(east.metadata!['latencyMs']).toEqual({ p50: 25, p95: 100, p99: 100 });
    expect(east.nodes!.find((n) => n.name === 'web')!.metadata!['latencyMs']).toEqual({ p50: 18.18, p95: 91.82, p99: 98.36 });
    expect(east.nodes!.find((n) => n.name === 'api')!.metadata).not.toHaveProperty('latencyMs');
    expect(viz.nodes.find((n) => n.name === 'west')!.metadata).not.toHaveProperty('latencyMs');
  });

  it('travels in diffs (compact node tuples and region headers) and in validated snapshots', () => {
    const before = graphOf(calls);
    const slower = calls.map((c) => (c.destination === 'web' && c.source === INTERNET ? { ...c, latencyBuckets: h([10, 100, INF], [10, 100, 100]) } : c));
    const after = graphOf(slower);
    expect(after.regions[0]!.nodes.find((n) => n.name === 'web')!.latency).not.toEqual(before.regions[0]!.nodes.find((n) => n.name === 'web')!.latency);
    const wire = JSON.parse(JSON.stringify(diffGraph(before, after))) as ReturnType<typeof diffGraph>;
    expect(applyDiff(before, wire)).toEqual(after);
    const gone = graphOf(calls.map((c) => ({ ...c, latencyBuckets: undefined }) as Call).map(({ latencyBuckets: _b, ...c }) => c));
    expect(applyDiff(after, JSON.parse(JSON.stringify(diffGraph(after, gone))) as ReturnType<typeof diffGraph>)).toEqual(gone);
    expect(graphSchema.parse(JSON.parse(JSON.stringify(after)))).toEqual(after);
  });
});

describe('latencyBars()', () => {
  it('gives the rate per bucket from cumulative counts, the last bar up to +Inf', () => {
    expect(latencyBars(h([10, 100, INF], [90, 150, 200]))).toEqual([
      { from: 0, to: 10, rate: 90 },
      { from: 10, to: 100, rate: 60 },
      { from: 100, to: INF, rate: 50 },
    ]);
  });

  it('reads counts a hair out of order as monotonic, as the quantiles do (no negative bar)', () => {
    const b = h([10, 100, INF], [50, 49.5, 100]);
    expect(latencyBars(b).map((bar) => bar.rate)).toEqual([50, 0, 50]);
    expect(quantileFromBuckets(0.5, b)).toBe(10);
  });
});
