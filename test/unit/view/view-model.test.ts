import { describe, expect, it } from 'vitest';
import { INTERNET, type Graph } from '../../../shared/model';
import { markHubStale } from '../../../renderer/app/freshness';
import { buildViewModel, edgeId, internetIsStale, NO_FILTER } from '../../../shared/view/view-model';
import { netflixGraph } from './sample';

describe('buildViewModel()', () => {
  const graph = netflixGraph();

  it('shows the INTERNET and one region node per region in the global view', () => {
    const model = buildViewModel(graph, { view: 'global' }, NO_FILTER);
    expect(model.nodes.map((n) => n.id).sort()).toEqual([INTERNET, 'eu-west-1', 'us-east-1', 'us-west-2']);
    expect(model.nodes.filter((n) => n.kind === 'region')).toHaveLength(3);
    expect(model.edges.length).toBe(graph.connections.length);
    expect(model.edges.some((e) => e.id === edgeId(INTERNET, 'us-east-1'))).toBe(true);
    expect(model.staleSince).toBeNull();
  });

  it('shows every service of the region with the INTERNET in the region view', () => {
    const region = graph.regions.find((r) => r.name === 'us-east-1')!;
    const model = buildViewModel(graph, { view: 'region', region: 'us-east-1' }, NO_FILTER);
    expect(model.nodes).toHaveLength(region.nodes.length);
    expect(model.nodes.find((n) => n.id === INTERNET)?.kind).toBe('internet');
    expect(model.edges).toHaveLength(region.connections.length);
    expect(new Set(model.nodes.map((n) => n.id)).size).toBe(model.nodes.length);
    for (const e of model.edges) {
      expect(model.nodes.some((n) => n.id === e.source)).toBe(true);
      expect(model.nodes.some((n) => n.id === e.target)).toBe(true);
    }
  });

  it('shows only the service, its direct callers and callees in the focus view', () => {
    const region = graph.regions.find((r) => r.name === 'us-east-1')!;
    const service = region.connections.find((c) => c.source !== INTERNET)!.source;
    const model = buildViewModel(graph, { view: 'focus', region: 'us-east-1', service }, NO_FILTER);
    const expected = new Set([service]);
    for (const c of region.connections) {
      if (c.source === service) expected.add(c.target);
      if (c.target === service) expected.add(c.source);
    }
    expect(new Set(model.nodes.map((n) => n.id))).toEqual(expected);
    expect(model.edges.every((e) => e.source === service || e.target === service)).toBe(true);
  });

  it('gives an empty view for a region or service that is not in the graph', () => {
    expect(buildViewModel(graph, { view: 'region', region: 'mars-1' }, NO_FILTER).nodes).toEqual([]);
    expect(buildViewModel(graph, { view: 'focus', region: 'us-east-1', service: 'nope' }, NO_FILTER).nodes).toEqual([]);
  });

  it('keeps only failing edges and their nodes under "errors only"', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'us-east-1' }, { errorsOnly: true, minRps: 0 });
    expect(model.edges.length).toBeGreaterThan(0);
    expect(model.edges.every((e) => e.rate.danger + e.rate.warning > 0)).toBe(true);
    const full = buildViewModel(graph, { view: 'region', region: 'us-east-1' }, NO_FILTER);
    expect(model.nodes.length).toBeLessThan(full.nodes.length);
  });

  it('drops edges below the minimum rps', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'us-east-1' }, { errorsOnly: false, minRps: 100 });
    expect(model.edges.every((e) => e.rate.normal + e.rate.danger + e.rate.warning >= 100)).toBe(true);
  });

  it('greys a stale region and everything drawn from it', () => {
    const stale: Graph = { ...graph, regions: graph.regions.map((r) => (r.name === 'eu-west-1' ? { ...r, staleSince: 1000 } : r)) };
    const global = buildViewModel(stale, { view: 'global' }, NO_FILTER);
    expect(global.nodes.find((n) => n.id === 'eu-west-1')?.stale).toBe(true);
    expect(global.nodes.find((n) => n.id === 'us-east-1')?.stale).toBe(false);
    expect(global.edges.find((e) => e.target === 'eu-west-1')?.stale).toBe(true);
    expect(global.staleSince).toBe(1000);
    const region = buildViewModel(stale, { view: 'region', region: 'eu-west-1' }, NO_FILTER);
    expect(region.nodes.every((n) => n.stale) && region.edges.every((e) => e.stale)).toBe(true);
  });

  it('greys every node, the INTERNET included, when the hub connection is lost', () => {
    const lost = markHubStale(graph, 2000);
    for (const route of [{ view: 'global' as const }, ...graph.regions.map((r) => ({ view: 'region' as const, region: r.name }))]) {
      const model = buildViewModel(lost, route, NO_FILTER);
      expect(model.nodes.length).toBeGreaterThan(1);
      expect(model.nodes.filter((n) => !n.stale).map((n) => n.id)).toEqual([]);
      expect(model.edges.filter((e) => !e.stale).map((e) => e.id)).toEqual([]);
    }
  });

  it('keeps the INTERNET live while one region it reaches is still live', () => {
    const reached = graph.connections.filter((c) => c.source === INTERNET).map((c) => c.target);
    expect(reached.length).toBeGreaterThan(1);
    const oneDown: Graph = { ...graph, regions: graph.regions.map((r) => (r.name === reached[0] ? { ...r, staleSince: 1000 } : r)) };
    expect(buildViewModel(oneDown, { view: 'global' }, NO_FILTER).nodes.find((n) => n.id === INTERNET)?.stale).toBe(false);
    const allDown: Graph = { ...graph, regions: graph.regions.map((r) => (reached.includes(r.name) ? { ...r, staleSince: 1000 } : r)) };
    expect(buildViewModel(allDown, { view: 'global' }, NO_FILTER).nodes.find((n) => n.id === INTERNET)?.stale).toBe(true);
  });

  it('internetIsStale() judges only the regions the INTERNET sends traffic to', () => {
    const rate = { normal: 1, danger: 0, warning: 0 };
    const region = (name: string) => ({ name, updated: 0, sources: [name], staleSince: null, rate, class: 'normal' as const, nodes: [], connections: [] });
    const g: Graph = {
      serverUpdateTime: 0,
      regions: [region('a'), region('b'), region('c')],
      connections: [
        { source: INTERNET, target: 'a', rate, class: 'normal' },
        { source: INTERNET, target: 'b', rate, class: 'normal' },
        { source: 'a', target: 'c', rate, class: 'normal' },
      ],
    };
    expect(internetIsStale(g, new Set(['a']))).toBe(false);
    expect(internetIsStale(g, new Set(['c']))).toBe(false);
    expect(internetIsStale(g, new Set(['a', 'b']))).toBe(true);
    // No traffic from outside at all: it follows the whole picture.
    const quiet: Graph = { ...g, connections: [] };
    expect(internetIsStale(quiet, new Set(['a', 'b']))).toBe(false);
    expect(internetIsStale(quiet, new Set(['a', 'b', 'c']))).toBe(true);
    expect(internetIsStale({ ...g, regions: [], connections: [] }, new Set())).toBe(false);
  });

  it('shows other regions at the edge of a region view as region nodes, with their notices', () => {
    const g: Graph = {
      serverUpdateTime: 0,
      connections: [],
      regions: [
        {
          name: 'a', updated: 0, sources: ['s'], staleSince: null, rate: { normal: 1, danger: 0, warning: 0 }, class: 'normal',
          nodes: [
            { name: 'api', kind: 'service', rate: { normal: 1, danger: 0, warning: 0 }, class: 'normal', notices: [{ severity: 'danger', title: 'paged' }] },
            { name: 'b', kind: 'region', rate: { normal: 1, danger: 0, warning: 0 }, class: 'normal' },
          ],
          connections: [{ source: 'api', target: 'b', rate: { normal: 1, danger: 0, warning: 0 }, class: 'normal' }],
        },
        { name: 'b', updated: 0, sources: ['t'], staleSince: 500, rate: { normal: 1, danger: 0, warning: 0 }, class: 'normal', nodes: [], connections: [] },
      ],
    };
    const model = buildViewModel(g, { view: 'region', region: 'a' }, NO_FILTER);
    expect(model.nodes.find((n) => n.id === 'b')).toMatchObject({ kind: 'region', stale: true });
    expect(model.nodes.find((n) => n.id === 'api')?.notices).toEqual([{ severity: 'danger', title: 'paged' }]);
    expect(model.edges[0]).toMatchObject({ id: edgeId('api', 'b'), stale: true });
    expect(model.staleSince).toBe(500);
  });

  it('keeps the focused service under a filter that hides all its calls', () => {
    const region = graph.regions.find((r) => r.name === 'us-east-1')!;
    const service = region.connections.find((c) => c.source !== INTERNET)!.source;
    const model = buildViewModel(graph, { view: 'focus', region: 'us-east-1', service }, { errorsOnly: false, minRps: 1e12 });
    expect(model.nodes.map((n) => n.id)).toEqual([service]);
    expect(model.edges).toEqual([]);
  });
});
