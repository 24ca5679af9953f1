import { describe, expect, it } from 'vitest';
import { INTERNET, type Graph } from '../../../shared/model';
import type { Point } from '../../../shared/view/geometry';
import { assignLayers, layeredLayout, defaultMaxRows } from '../../../shared/view/layered-layout';
import { freshLayout, layoutInputOf, layoutView, minNodeDistance, REGION_SPACING } from '../../../shared/view/layout';
import { maxNodeRadius } from '../../../shared/view/node-size';
import { syntheticRegionGraph } from '../../../shared/view/synthetic-region';
import { buildViewModel, NO_FILTER, type ViewModel } from '../../../shared/view/view-model';
import { DEFAULT_ISLANDS } from '../../../shared/view/islands';
import { netflixGraph } from './sample';

function minDistance(positions: Map<string, Point>): number {
  const list = [...positions.values()];
  let best = Infinity;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) best = Math.min(best, Math.hypot(list[i]!.x - list[j]!.x, list[i]!.y - list[j]!.y));
  }
  return best;
}

function withNewService(graph: Graph, region: string, name: string, caller: string): Graph {
  return {
    ...graph,
    regions: graph.regions.map((r) =>
      r.name !== region
        ? r
        : {
            ...r,
            nodes: [...r.nodes, { name, kind: 'service', rate: { normal: 5, danger: 0, warning: 0 }, class: 'normal' }],
            connections: [...r.connections, { source: caller, target: name, rate: { normal: 5, danger: 0, warning: 0 }, class: 'normal' }],
          },
    ),
  };
}

describe('region layout', () => {
  const graph = netflixGraph();
  const model = buildViewModel(graph, { view: 'region', region: 'us-east-1' }, NO_FILTER);

  it('places the INTERNET in the first layer and every callee to the right of its caller when there is no loop', () => {
    const input = { nodes: [{ id: 'a', kind: 'service' as const }, { id: INTERNET, kind: 'internet' as const }, { id: 'b', kind: 'service' as const }], edges: [{ source: INTERNET, target: 'a' }, { source: 'a', target: 'b' }] };
    expect(assignLayers(input)).toEqual([1, 0, 2]);
    const positions = layeredLayout(input, { ...REGION_SPACING, maxRows: 8 });
    expect(positions.get(INTERNET)!.x).toBeLessThan(positions.get('a')!.x);
    expect(positions.get('a')!.x).toBeLessThan(positions.get('b')!.x);
  });

  it('puts called remote regions after the last layer', () => {
    const input = { nodes: [{ id: INTERNET, kind: 'internet' as const }, { id: 'a', kind: 'service' as const }, { id: 'b', kind: 'service' as const }, { id: 'eu', kind: 'region' as const }], edges: [{ source: INTERNET, target: 'a' }, { source: 'a', target: 'eu' }, { source: 'a', target: 'b' }] };
    expect(assignLayers(input)).toEqual([0, 1, 2, 3]);
  });

  it('survives call loops', () => {
    const input = { nodes: ['a', 'b', 'c'].map((id) => ({ id, kind: 'service' as const })), edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'a' }] };
    expect(new Set(assignLayers(input)).size).toBe(3);
  });

  it('never overlaps nodes in the Netflix sample', () => {
    const positions = freshLayout(model);
    expect(positions.size).toBe(model.nodes.length);
    expect(minDistance(positions)).toBeGreaterThanOrEqual(2 * maxNodeRadius('region'));
  });

  it('never overlaps nodes at 1,000 services and keeps a screen-like aspect', () => {
    // Every service drawn (islands off): the layout itself must hold 1,000 discs apart.
    const big = buildViewModel(syntheticRegionGraph('big', 1000), { view: 'region', region: 'big' }, NO_FILTER, { ...DEFAULT_ISLANDS, minServices: Number.POSITIVE_INFINITY });
    const positions = freshLayout(big);
    expect(positions.size).toBe(1001);
    expect(minDistance(positions)).toBeGreaterThanOrEqual(2 * maxNodeRadius('region'));
    const xs = [...positions.values()].map((p) => p.x);
    const ys = [...positions.values()].map((p) => p.y);
    const aspect = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    expect(aspect).toBeGreaterThan(0.5);
    expect(aspect).toBeLessThan(4);
    expect(defaultMaxRows(1000)).toBeLessThan(100);
  });

  it('moves no existing node when a service is added, and the new one overlaps nothing', () => {
    const before = layoutView(model);
    const grown = buildViewModel(withNewService(graph, 'us-east-1', 'brand-new', INTERNET), { view: 'region', region: 'us-east-1' }, NO_FILTER);
    const after = layoutView(grown, before);
    for (const [id, p] of before) {
      const q = after.get(id)!;
      expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeLessThanOrEqual(0.001);
    }
    expect(after.has('brand-new')).toBe(true);
    expect(minDistance(after)).toBeGreaterThanOrEqual(minNodeDistance('region') - 1e-9);
  });

  it('keeps positions exactly when only rates change', () => {
    const before = layoutView(model);
    const busier: ViewModel = { ...model, nodes: model.nodes.map((n) => ({ ...n, rate: { ...n.rate, normal: n.rate.normal * 3 } })) };
    expect(layoutView(busier, before)).toEqual(before);
  });

  it('passes every node of the view to the layered input', () => {
    const input = layoutInputOf(model);
    expect(input.nodes).toHaveLength(model.nodes.length);
    expect(input.edges).toHaveLength(model.edges.length);
  });
});

describe('global and focus layouts', () => {
  const graph = netflixGraph();

  it('puts the INTERNET at the centre with regions around it, apart', () => {
    const model = buildViewModel(graph, { view: 'global' }, NO_FILTER);
    const positions = freshLayout(model);
    expect(positions.get(INTERNET)).toEqual({ x: 0, y: 0 });
    expect(minDistance(positions)).toBeGreaterThan(2 * maxNodeRadius('global'));
  });

  it('puts callers left of the focused service and callees right', () => {
    const region = graph.regions.find((r) => r.name === 'us-east-1')!;
    const service = region.connections.find((c) => c.source !== INTERNET)!.source;
    const model = buildViewModel(graph, { view: 'focus', region: 'us-east-1', service }, NO_FILTER);
    const positions = freshLayout(model);
    expect(positions.get(service)).toEqual({ x: 0, y: 0 });
    for (const e of model.edges) {
      if (e.target === service && e.source !== service) expect(positions.get(e.source)!.x).toBeLessThan(0);
    }
    const callees = model.edges.filter((e) => e.source === service && !model.edges.some((c) => c.target === service && c.source === e.target));
    for (const e of callees) expect(positions.get(e.target)!.x).toBeGreaterThan(0);
  });

  it('moves no existing node when a service joins a 1,000-service region', () => {
    const graph = syntheticRegionGraph('big', 1000);
    const before = layoutView(buildViewModel(graph, { view: 'region', region: 'big' }, NO_FILTER));
    const grown = buildViewModel(withNewService(graph, 'big', 'newcomer', 'svc-0500'), { view: 'region', region: 'big' }, NO_FILTER);
    const after = layoutView(grown, before);
    for (const [id, p] of before) expect(after.get(id)).toEqual(p);
    expect(minDistance(after)).toBeGreaterThanOrEqual(minNodeDistance('region') - 1e-9);
  });
});
