import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { INTERNET, type Call, type SourceBatch } from '../../shared/model';

const call = (sourceRegion: string, source: string, destinationRegion: string, destination: string, normal: number, danger = 0): Call => ({
  sourceRegion,
  source,
  destinationRegion,
  destination,
  rate: { normal, danger, warning: 0 },
});

const batch = (source: string, calls: Call[], sampledAt = 1_000): SourceBatch => ({ source, sampledAt, calls, seriesRead: calls.length });

describe('buildGraph()', () => {
  it('puts a call inside one region between its two services', () => {
    const graph = buildGraph([{ batch: batch('p', [call('east', 'api', 'east', 'db', 10, 1)]), staleSince: null }], { now: 5 });
    const east = graph.regions.find((r) => r.name === 'east')!;
    expect(east.connections).toEqual([expect.objectContaining({ source: 'api', target: 'db', rate: { normal: 10, danger: 1, warning: 0 } })]);
    expect(east.nodes.map((n) => n.name)).toEqual(['api', 'db']);
    expect(graph.connections).toEqual([]);
    expect(graph.serverUpdateTime).toBe(5);
  });

  it('draws traffic from outside as INTERNET → service and a global INTERNET → region connection', () => {
    const graph = buildGraph([{ batch: batch('p', [call(INTERNET, INTERNET, 'east', 'edge', 100)]), staleSince: null }], { now: 0 });
    const east = graph.regions[0]!;
    expect(east.nodes.find((n) => n.name === INTERNET)?.kind).toBe('internet');
    expect(east.connections[0]).toMatchObject({ source: INTERNET, target: 'edge' });
    expect(graph.connections).toEqual([expect.objectContaining({ source: INTERNET, target: 'east', rate: { normal: 100, danger: 0, warning: 0 } })]);
  });

  it('shows a cross-region call in both regions with the other region at the edge, and globally', () => {
    const graph = buildGraph([{ batch: batch('p', [call('east', 'pay', 'west', 'ledger', 4, 1)]), staleSince: null }], { now: 0 });
    const east = graph.regions.find((r) => r.name === 'east')!;
    const west = graph.regions.find((r) => r.name === 'west')!;
    expect(east.connections[0]).toMatchObject({ source: 'pay', target: 'west' });
    expect(east.nodes.find((n) => n.name === 'west')?.kind).toBe('region');
    expect(west.connections[0]).toMatchObject({ source: 'east', target: 'ledger' });
    expect(graph.connections).toEqual([expect.objectContaining({ source: 'east', target: 'west', class: 'danger' })]);
  });

  it('counts the same call reported by two sources once and keeps region totals as incoming service traffic', () => {
    const graph = buildGraph(
      [
        { batch: batch('a', [call(INTERNET, INTERNET, 'east', 'edge', 10), call('east', 'edge', 'east', 'api', 8)]), staleSince: null },
        { batch: batch('b', [call('east', 'edge', 'east', 'api', 2), call('east', 'api', 'east', 'db', 1)], 2_000), staleSince: null },
      ],
      { now: 0 },
    );
    const east = graph.regions[0]!;
    // Neither source is a regional witness of the call: the one listed first is counted.
    expect(east.connections.find((c) => c.source === 'edge')?.rate.normal).toBe(8);
    expect(east.rate.normal).toBe(19);
    expect(east.updated).toBe(2_000);
    expect(east.sources).toEqual(['a', 'b']);
  });

  it('classifies by error ratio against the configured thresholds', () => {
    const graph = buildGraph(
      [{ batch: batch('p', [call('r', 'a', 'r', 'b', 99, 1), call('r', 'a', 'r', 'c', 90, 10), call('r', 'a', 'r', 'd', 100)]), staleSince: null }],
      { now: 0, thresholds: { warning: 0.01, danger: 0.05 } },
    );
    const classes = Object.fromEntries(graph.regions[0]!.connections.map((c) => [c.target, c.class]));
    expect(classes).toEqual({ b: 'warning', c: 'danger', d: 'normal' });
  });

  it('marks only the regions of a failing source stale, with the time of its last success', () => {
    const graph = buildGraph(
      [
        { batch: batch('down', [call('east', 'a', 'east', 'b', 1)]), staleSince: 1_234 },
        { batch: batch('up', [call('west', 'a', 'west', 'b', 1)]), staleSince: null },
        { batch: null, staleSince: 99 },
      ],
      { now: 0 },
    );
    expect(graph.regions.map((r) => [r.name, r.staleSince])).toEqual([
      ['east', 1_234],
      ['west', null],
    ]);
  });

  it('passes hostile service names through untouched as data', () => {
    const name = '<img src=x onerror=alert(1)> "quoted" ünïcødé 🚀';
    const graph = buildGraph([{ batch: batch('p', [call('r', name, 'r', 'db', 1)]), staleSince: null }], { now: 0 });
    expect(graph.regions[0]!.nodes.map((n) => n.name)).toContain(name);
  });

  it('rounds rates to four significant digits and drops non-finite values to zero', () => {
    const graph = buildGraph([{ batch: batch('p', [call('r', 'a', 'r', 'b', 123.456789, Number.NaN)]), staleSince: null }], { now: 0 });
    expect(graph.regions[0]!.connections[0]!.rate).toEqual({ normal: 123.5, danger: 0, warning: 0 });
  });
});
