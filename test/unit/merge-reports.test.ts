import { describe, expect, it } from 'vitest';
import { buildGraph, type SourceInput } from '../../shared/build-graph';
import { compareReports, keptReports } from '../../shared/merge-reports';
import { INTERNET, totalRate, type Call, type SourceBatch } from '../../shared/model';
import { toVizceral } from '../../shared/vizceral';

const call = (sourceRegion: string, source: string, destinationRegion: string, destination: string, normal: number, extra: Partial<Call> = {}): Call => ({
  sourceRegion,
  source,
  destinationRegion,
  destination,
  rate: { normal, danger: 0, warning: 0 },
  ...extra,
});

const batch = (source: string, calls: Call[], extra: Partial<SourceBatch> = {}): SourceBatch => ({ source, sampledAt: 1_000, calls, seriesRead: calls.length, ...extra });

/** One Prometheus per region: each sees its own region's calls, and both see the call between them. */
function twoRegions(options: { eastStale?: number; westStale?: number } = {}): SourceInput[] {
  return [
    {
      region: 'east',
      staleSince: options.eastStale ?? null,
      batch: batch('prom-east', [call(INTERNET, INTERNET, 'east', 'web', 50), call('east', 'web', 'east', 'cart', 40), call('east', 'cart', 'west', 'ledger', 91)]),
    },
    {
      region: 'west',
      staleSince: options.westStale ?? null,
      batch: batch('prom-west', [call('west', 'ledger', 'west', 'db', 20), call('east', 'cart', 'west', 'ledger', 90, { latencyMs: 12 })]),
    },
  ];
}

const rateOf = (graph: ReturnType<typeof buildGraph>, source: string, target: string) =>
  totalRate(graph.connections.find((c) => c.source === source && c.target === target)!.rate);

describe('buildGraph() with several sources', () => {
  it('counts a cross-region call reported by both regions\' Prometheus once, from the destination side', () => {
    const graph = buildGraph(twoRegions(), { now: 0 });
    expect(rateOf(graph, 'east', 'west')).toBe(90);
    const west = graph.regions.find((r) => r.name === 'west')!;
    expect(west.connections.find((c) => c.source === 'east' && c.target === 'ledger')).toMatchObject({ rate: { normal: 90 }, latencyMs: 12 });
    const east = graph.regions.find((r) => r.name === 'east')!;
    expect(totalRate(east.connections.find((c) => c.source === 'cart' && c.target === 'west')!.rate)).toBe(90);
    expect(east.sources).toEqual(['prom-east', 'prom-west']);
  });

  it('keeps the preferred report whole, with whatever per-call fields it carries', () => {
    const inputs = twoRegions();
    const kept = keptReports(inputs);
    expect([...kept[0]!]).toEqual([1, 1, 0]);
    expect(kept[1]).toBeNull();
    const winner = inputs[1]!.batch!.calls[1]!;
    expect(winner).toMatchObject({ latencyMs: 12, rate: { normal: 90 } });
  });

  it('makes stale only the regions whose calls no live source still reports', () => {
    const graph = buildGraph(twoRegions({ westStale: 500 }), { now: 0 });
    const east = graph.regions.find((r) => r.name === 'east')!;
    const west = graph.regions.find((r) => r.name === 'west')!;
    expect(west.staleSince).toBe(500); // west → db is known only from the dead west Prometheus
    expect(east.staleSince).toBeNull(); // every call drawn in east is still reported by a live source
    expect(rateOf(graph, 'east', 'west')).toBe(91); // the live source-side report, counted once
    expect(west.connections.find((c) => c.source === 'ledger' && c.target === 'db')).toBeDefined(); // kept, marked stale
  });

  it('leaves every region live when a dead source\'s calls are all reported by a live one', () => {
    const inputs: SourceInput[] = [
      { region: 'global', staleSince: 300, batch: batch('thanos', [call('east', 'web', 'east', 'cart', 40)]) },
      { region: 'east', staleSince: null, batch: batch('prom-east', [call('east', 'web', 'east', 'cart', 41)]) },
    ];
    const graph = buildGraph(inputs, { now: 0 });
    expect(graph.regions[0]).toMatchObject({ name: 'east', staleSince: null, sources: ['prom-east'] });
  });

  it('prefers metrics to traces and marks calls only traces report', () => {
    const inputs: SourceInput[] = [
      { region: 'east', evidence: 'traces', staleSince: null, batch: batch('jaeger', [call('east', 'web', 'east', 'cart', 3), call('east', 'cart', 'east', 'queue', 2)]) },
      { region: 'other', evidence: 'metrics', staleSince: null, batch: batch('prom', [call('east', 'web', 'east', 'cart', 40)]) },
    ];
    const east = buildGraph(inputs, { now: 0 }).regions[0]!;
    expect(east.connections.find((c) => c.target === 'cart')).toMatchObject({ rate: { normal: 40 } });
    expect(east.connections.find((c) => c.target === 'cart')!.traceOnly).toBeUndefined();
    expect(east.connections.find((c) => c.target === 'queue')).toMatchObject({ rate: { normal: 2 }, traceOnly: true });
    const vizceral = toVizceral(buildGraph(inputs, { now: 0 }));
    expect(vizceral.nodes[1]!.connections!.find((c) => c.target === 'queue')!.metadata).toEqual({ traceOnly: true });
  });

  it('falls back to the source-side witness, then to config order', () => {
    const c = call('east', 'a', 'west', 'b', 1);
    expect(compareReports({ batch: null, staleSince: null, region: 'east' }, 1, { batch: null, staleSince: null, region: 'north' }, 0, c)).toBeLessThan(0);
    expect(compareReports({ batch: null, staleSince: null, region: 'north' }, 0, { batch: null, staleSince: null, region: 'south' }, 1, c)).toBeLessThan(0);
    expect(compareReports({ batch: null, staleSince: 5, region: 'west' }, 0, { batch: null, staleSince: null, region: 'north' }, 1, c)).toBeGreaterThan(0);
  });

  it('marks partial the regions a source answering with warnings reaches, and its own region', () => {
    const inputs: SourceInput[] = [
      { region: 'east', staleSince: null, batch: batch('thanos', [call('east', 'web', 'east', 'cart', 40)], { warnings: ['store 10.0.0.7:10901 unreachable'] }) },
      { region: 'west', staleSince: null, batch: batch('prom-west', [call('west', 'a', 'west', 'b', 1)]) },
    ];
    const graph = buildGraph(inputs, { now: 0 });
    expect(graph.regions.map((r) => [r.name, r.partial ?? false])).toEqual([
      ['east', true],
      ['west', false],
    ]);
    expect(toVizceral(graph).nodes.find((n) => n.name === 'east')!.metadata).toMatchObject({ partial: true });
  });

  it('still sums a single source\'s own reports of one call', () => {
    const graph = buildGraph([{ staleSince: null, batch: batch('feed', [call('east', 'a', 'east', 'b', 1), call('east', 'a', 'east', 'b', 2)]) }], { now: 0 });
    expect(totalRate(graph.regions[0]!.connections[0]!.rate)).toBe(3);
  });
});
