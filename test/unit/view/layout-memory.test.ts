import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../shared/model';
import { elkRequest, positionsFromElk } from '../../../shared/view/elk-graph';
import { layoutInputOf, type Positions } from '../../../shared/view/layout';
import { drawnView, LayoutMemory, viewKey } from '../../../shared/view/layout-memory';
import { buildViewModel, NO_FILTER, type Route, type ViewFilter, type ViewModel } from '../../../shared/view/view-model';
import { netflixGraph } from './sample';

const graph = netflixGraph();
const ERRORS_ONLY: ViewFilter = { errorsOnly: true, minRps: 0 };
const EMPTY_GRAPH: Graph = { ...graph, regions: [], connections: [] };

/** The region with the most services whose "errors only" view leaves at least one service out. */
function busiestRegion(): string {
  const regions = [...graph.regions].sort((a, b) => b.nodes.length - a.nodes.length);
  const region = regions.find((r) => buildViewModel(graph, { view: 'region', region: r.name }, ERRORS_ONLY).nodes.length < r.nodes.length)!;
  return region.name;
}

const region = busiestRegion();
const route: Route = { view: 'region', region };

/** What the scene does on one show: the drawn (unfiltered) model laid out by the memory; elk when fresh. */
async function show(memory: LayoutMemory, model: ViewModel, elk: InstanceType<typeof ELK>): Promise<Positions> {
  const drawn = drawnView(model).model;
  const { positions, fresh } = memory.layout(drawn);
  if (!fresh || drawn.route.view !== 'region') return positions;
  const input = layoutInputOf(drawn);
  const answer = await elk.layout(elkRequest(input));
  return memory.adopt(drawn, positions, positionsFromElk(answer, input.nodes.length, input.edges), true)!;
}

function plain(p: Positions): Record<string, { x: number; y: number }> {
  return Object.fromEntries([...p].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('stable layouts across routes and filters', () => {
  it('draws what "errors only" leaves out instead of dropping it from the layout, in the unfiltered order', () => {
    const filtered = buildViewModel(graph, route, ERRORS_ONLY);
    const all = buildViewModel(graph, route, NO_FILTER);
    const drawn = drawnView(filtered);
    expect(drawn.model.nodes.map((n) => n.id)).toEqual(all.nodes.map((n) => n.id));
    expect(drawn.model.edges.map((e) => e.id)).toEqual(all.edges.map((e) => e.id));
    const out = all.nodes.filter((n) => !filtered.nodes.some((k) => k.id === n.id)).map((n) => n.id);
    expect(out.length).toBeGreaterThan(0);
    for (const id of out) expect(drawn.filteredOut.has(id)).toBe(true);
    for (const n of filtered.nodes) expect(drawn.filteredOut.has(n.id)).toBe(false);
    expect(drawnView(all).filteredOut.size).toBe(0);
    expect(all.unfiltered).toBeUndefined();
  });

  it('gives every service of a region the same place on direct load, via the global view, and with "errors only" on', async () => {
    const elk = new ELK();
    // Direct load: the route arrives before the data (an empty view), then the data.
    const direct = new LayoutMemory();
    await show(direct, buildViewModel(EMPTY_GRAPH, route, NO_FILTER), elk);
    const directPositions = await show(direct, buildViewModel(graph, route, NO_FILTER), elk);

    // Via the global view, then a click into the region.
    const viaGlobal = new LayoutMemory();
    await show(viaGlobal, buildViewModel(graph, { view: 'global' }, NO_FILTER), elk);
    const viaGlobalPositions = await show(viaGlobal, buildViewModel(graph, route, NO_FILTER), elk);

    // "errors only" from the start (?errors=1), then switched off.
    const filteredFirst = new LayoutMemory();
    const whileFiltered = await show(filteredFirst, buildViewModel(graph, route, ERRORS_ONLY), elk);
    const afterFilter = await show(filteredFirst, buildViewModel(graph, route, NO_FILTER), elk);

    expect(directPositions.size).toBe(graph.regions.find((r) => r.name === region)!.nodes.length);
    expect(plain(viaGlobalPositions)).toEqual(plain(directPositions));
    expect(plain(whileFiltered)).toEqual(plain(directPositions));
    expect(plain(afterFilter)).toEqual(plain(directPositions));
    // Switching the filter on in a view already shown moves nothing either.
    expect(plain(await show(direct, buildViewModel(graph, route, ERRORS_ONLY), elk))).toEqual(plain(directPositions));
  }, 60_000);

  it('does not remember an empty view as the layout, and lays out fresh exactly once', () => {
    const memory = new LayoutMemory();
    expect(memory.layout(buildViewModel(EMPTY_GRAPH, route, NO_FILTER)).fresh).toBe(false);
    expect(memory.get(viewKey(route))).toBeUndefined();
    expect(memory.layout(buildViewModel(graph, route, NO_FILTER)).fresh).toBe(true);
    expect(memory.layout(buildViewModel(graph, route, NO_FILTER)).fresh).toBe(false);
  });

  it("adopts elk's answer for a view off screen only while its layout is the one elk was asked about", () => {
    const memory = new LayoutMemory();
    const model = buildViewModel(graph, route, NO_FILTER);
    const first = memory.layout(model).positions;
    const elk = new Map([...first].map(([id, p]) => [id, { x: p.x + 1000, y: p.y }]));
    memory.layout(model); // shown again: a new layout object for the same view
    expect(memory.adopt(model, first, elk, false)).toBeNull();
    const again = memory.get(viewKey(route))!;
    expect(memory.adopt(model, again, elk, false)!.get(model.nodes[0]!.id)).toEqual(elk.get(model.nodes[0]!.id));
  });

  it('forgets the least recently shown view beyond its capacity', () => {
    const memory = new LayoutMemory(2);
    const regions = graph.regions.slice(0, 3).map((r) => ({ view: 'region' as const, region: r.name }));
    for (const r of regions) memory.layout(buildViewModel(graph, r, NO_FILTER));
    expect(memory.get(viewKey(regions[0]!))).toBeUndefined();
    expect(memory.get(viewKey(regions[2]!))).toBeDefined();
  });
});
