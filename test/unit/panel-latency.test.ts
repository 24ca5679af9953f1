// The side panel's latency: p50/p95/p99 of the selected call, service or region exactly as the graph (and so
// /api/graph) carries them, the subject whose buckets the distribution is drawn from, and trace-only calls.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { INTERNET, type Call } from '../../shared/model';
import { buildViewModel, edgeId } from '../../shared/view/view-model';
import { panelData } from '../../renderer/app/panel-data';

const INF = Number.POSITIVE_INFINITY;
const call = (sourceRegion: string, source: string, destinationRegion: string, destination: string, counts?: number[]): Call => ({
  sourceRegion,
  source,
  destinationRegion,
  destination,
  rate: { normal: counts ? counts[counts.length - 1]! : 7, danger: 0, warning: 0 },
  ...(counts ? { latencyBuckets: { le: [10, 100, INF], counts } } : {}),
});
const metrics = [call(INTERNET, INTERNET, 'east', 'web', [90, 100, 100]), call('east', 'api', 'east', 'web', [0, 100, 100]), call('west', 'cart', 'east', 'ledger', [0, 50, 100])];
const traces = [call('east', 'web', 'east', 'search')];
const graph = buildGraph(
  [
    { batch: { source: 'prom', sampledAt: 1, calls: metrics, seriesRead: 3 }, staleSince: null },
    { batch: { source: 'jaeger', sampledAt: 1, calls: traces, seriesRead: 1 }, staleSince: null, evidence: 'traces' },
  ],
  { now: 2 },
);
const filter = { errorsOnly: false, minRps: 0 };
const region = buildViewModel(graph, { view: 'region', region: 'east' }, filter);
const global = buildViewModel(graph, { view: 'global' }, filter);
const latencyFigures = (figures: { label: string; value: string }[]) => figures.filter((f) => /p\d\d$/.test(f.label));

describe('panel latency', () => {
  it('shows a service\'s p50/p95/p99 from its merged inbound buckets, as the graph has them', () => {
    const data = panelData(graph, region, 'web', []);
    expect(latencyFigures(data.figures)).toEqual([
      { label: 'p50', value: '18.18 ms' },
      { label: 'p95', value: '91.82 ms' },
      { label: 'p99', value: '98.36 ms' },
    ]);
    expect(data.latency).toEqual({ subject: { kind: 'service', region: 'east', service: 'web' }, quantiles: { p50: 18.18, p95: 91.82, p99: 98.36 } });
  });

  it('shows a call\'s three quantiles, and a region\'s ingress quantiles in the global view', () => {
    const callData = panelData(graph, region, edgeId('api', 'web'), []);
    expect(latencyFigures(callData.figures).map((f) => f.value)).toEqual(['55 ms', '95.5 ms', '99.1 ms']);
    expect(callData.latency!.subject).toEqual({ kind: 'call', region: 'east', source: 'api', target: 'web' });
    const east = panelData(graph, global, 'east', []);
    expect(latencyFigures(east.figures)).toEqual([
      { label: 'ingress p50', value: '25 ms' },
      { label: 'ingress p95', value: '100 ms' },
      { label: 'ingress p99', value: '100 ms' },
    ]);
    expect(east.latency!.subject).toEqual({ kind: 'region', region: 'east' });
    expect(panelData(graph, global, edgeId('west', 'east'), []).latency!.subject).toEqual({ kind: 'call', region: null, source: 'west', target: 'east' });
  });

  it('shows no latency figures (never 0) where nothing is known, and marks a call only traces report', () => {
    const search = panelData(graph, region, 'search', []);
    expect(latencyFigures(search.figures)).toEqual([]);
    expect(search.latency).toBeNull();
    const traced = panelData(graph, region, edgeId('web', 'search'), []);
    expect(traced.traceOnly).toBe(true);
    expect(traced.latency).toBeNull();
    expect(panelData(graph, region, edgeId('api', 'web'), []).traceOnly).toBe(false);
  });
});
