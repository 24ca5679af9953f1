// Islands legible at the fitted zoom (placeLabelledLayers leaves room for every name), opened by zooming
// (zoomIslands decides from the size on screen), opened in place and folded back to their place.
import { describe, expect, it } from 'vitest';
import { INTERNET, type Connection, type Graph, type ServiceNode } from '../../../shared/model';
import { islandId, NAMESPACE_RULE, ZOOM_FOLD_PX, ZOOM_OPEN_PX, zoomIslands, type IslandOnScreen } from '../../../shared/view/islands';
import { estimateTextWidth } from '../../../shared/view/label-cull';
import { LABEL_FONT_PX, placeLabelledLayers, planLabelledLayers, type LabelledSpacing } from '../../../shared/view/layered-layout';
import { freshLayout, ISLAND_SPACING, MEMBER_ZOOM } from '../../../shared/view/layout';
import { LayoutMemory } from '../../../shared/view/layout-memory';
import { buildViewModel, NO_FILTER } from '../../../shared/view/view-model';

/** A region of `families` per layer (edge → api → svc → store), `size` services each, every family calling the next layer's. */
function estate(layers: readonly string[], families: number, size: number): Graph {
  const nodes: ServiceNode[] = [{ name: INTERNET, kind: 'internet', rate: { normal: 100, danger: 0, warning: 0 }, class: 'normal' }];
  const connections: Connection[] = [];
  const names = layers.map((layer) => Array.from({ length: families }, (_, f) => Array.from({ length: size }, (_, i) => `${layer}-family${f}-${i + 1}`)));
  for (const layer of names) for (const family of layer) for (const name of family) nodes.push({ name, kind: 'service', rate: { normal: 10, danger: 0, warning: 0 }, class: 'normal' });
  const call = (source: string, target: string): Connection => ({ source, target, rate: { normal: 1, danger: 0, warning: 0 }, class: 'normal' });
  for (const family of names[0]!) connections.push(call(INTERNET, family[0]!));
  names.forEach((layer, l) => {
    const next = names[l + 1];
    if (!next) return;
    layer.forEach((family, f) => family.forEach((name, i) => connections.push(call(name, next[(f + i) % next.length]![i % size]!))));
  });
  return { serverUpdateTime: 0, regions: [{ name: 'r', updated: 0, sources: ['s'], staleSince: null, rate: { normal: 0, danger: 0, warning: 0 }, class: 'normal', nodes, connections }], connections: [], thresholds: { warning: 0.01, danger: 0.05 } };
}

const islandsOf = (expanded: string[] = []) => ({ rule: NAMESPACE_RULE, minServices: 0, expanded: new Set(expanded) });
const route = { view: 'region' as const, region: 'r' };

/** Every label written right of its disc at `zoom` (CSS px boxes), and every disc. */
function screenBoxes(positions: Map<string, { x: number; y: number }>, width: (id: string) => number, zoom: number, spacing: LabelledSpacing) {
  const r = spacing.radius * zoom;
  const labels: { id: string; l: number; r: number; t: number; b: number }[] = [];
  const discs: { id: string; l: number; r: number; t: number; b: number }[] = [];
  for (const [id, p] of positions) {
    const x = p.x * zoom;
    const y = -p.y * zoom;
    discs.push({ id, l: x - r, r: x + r, t: y - r, b: y + r });
    if (width(id) > 0) labels.push({ id, l: x + r + 3, r: x + r + 3 + width(id), t: y - spacing.lineHeight / 2, b: y + spacing.lineHeight / 2 });
  }
  return { labels, discs };
}
const overlap = (a: { l: number; r: number; t: number; b: number }, b: { l: number; r: number; t: number; b: number }) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;

describe('a view of islands leaves room for every name', () => {
  // 5 layers like bench/generate-region.ts's 5,000 services: 5, 7, 16, 14 and 8 families.
  const counts = [5, 7, 16, 14, 8];
  const layers = [['INTERNET'], ...counts.map((n, l) => Array.from({ length: n }, (_, i) => `${['edge', 'api', 'svc', 'core', 'store'][l]}-family-${i} (${100 + i})`))];
  const width = (id: string) => (id === 'INTERNET' ? 0 : estimateTextWidth(id, LABEL_FONT_PX));

  it('places 50 named islands so that, at the zoom planned for the box, no name touches another name or disc, and the nodes fit the box', () => {
    const plan = planLabelledLayers(layers.map((l) => l.map(width)), ISLAND_SPACING);
    expect(plan.fits).toBe(true);
    const positions = placeLabelledLayers(layers, width, ISLAND_SPACING);
    expect(positions.size).toBe(51);
    const { labels, discs } = screenBoxes(positions, width, plan.zoom, ISLAND_SPACING);
    for (const label of labels) {
      for (const other of labels) if (other.id !== label.id) expect(overlap(label, other), `${label.id} × ${other.id}`).toBe(false);
      for (const disc of discs) if (disc.id !== label.id) expect(overlap(label, disc), `${label.id} × disc ${disc.id}`).toBe(false);
    }
    const xs = discs.flatMap((d) => [d.l, d.r]);
    const ys = discs.flatMap((d) => [d.t, d.b]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(ISLAND_SPACING.box.width + 1e-6);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThanOrEqual(ISLAND_SPACING.box.height + 1e-6);
  });

  it('wraps a layer too tall for the box into columns, each as wide as the layer’s longest name', () => {
    const tall = [Array.from({ length: 60 }, (_, i) => `tall-${i} (12)`)];
    const plan = planLabelledLayers(tall.map((l) => l.map(width)), ISLAND_SPACING);
    expect(plan.fits).toBe(true);
    expect(plan.maxRows).toBeLessThan(60);
    const positions = placeLabelledLayers(tall, width, ISLAND_SPACING);
    const columns = new Set([...positions.values()].map((p) => Math.round(p.x)));
    expect(columns.size).toBe(Math.ceil(60 / plan.maxRows));
    const xs = [...columns].sort((a, b) => a - b);
    expect((xs[1]! - xs[0]!) * plan.zoom).toBeGreaterThanOrEqual(width('tall-10 (12)'));
  });

  it('says when the names cannot all fit the box, and lays out at its smallest zoom then', () => {
    const plan = planLabelledLayers(layers.map((l) => l.map(width)), { ...ISLAND_SPACING, box: { width: 375, height: 430 } });
    expect(plan.fits).toBe(false);
    expect(plan.zoom).toBe(ISLAND_SPACING.minZoom);
  });

  it('lays a region of islands out with room for names, and a small region as before', () => {
    const model = buildViewModel(estate(['edge', 'api', 'svc'], 6, 3), route, NO_FILTER, islandsOf());
    expect(model.islands?.islands).toHaveLength(18);
    const positions = freshLayout(model);
    // Each island column is at least its longest name apart (at the zoom it is planned for, ≥ the smallest).
    const columns = [...new Set([...positions.values()].map((p) => Math.round(p.x)))].sort((a, b) => a - b);
    expect(columns).toHaveLength(4);
    for (let c = 1; c < columns.length - 1; c++) expect((columns[c + 1]! - columns[c]!) * ISLAND_SPACING.maxZoom).toBeGreaterThan(estimateTextWidth('api-family0 (3)', LABEL_FONT_PX));
    const plainModel = buildViewModel(estate(['edge', 'api', 'svc'], 6, 3), route, NO_FILTER, { ...islandsOf(), minServices: 1000 });
    expect(plainModel.islands).toBeUndefined();
    expect(freshLayout(plainModel).size).toBe(55);
  });
});

describe('zooming opens and folds islands', () => {
  const viewport = { width: 1600, height: 900 };
  const island = (key: string, x: number, y: number, diameterPx: number, open: IslandOnScreen['open'] = 'no'): IslandOnScreen => ({ key, x, y, diameterPx, open });

  it('opens the island zoomed onto once its disc is drawn at least ZOOM_OPEN_PX wide, and only that one', () => {
    const focus = { x: 800, y: 450 };
    expect(zoomIslands([island('a', 800, 450, ZOOM_OPEN_PX - 1)], focus, viewport)).toEqual({ open: null, fold: [] });
    expect(zoomIslands([island('a', 800, 450, ZOOM_OPEN_PX)], focus, viewport)).toEqual({ open: 'a', fold: [] });
    // Two large enough: the one nearer the pointer; one far from the pointer or off screen does not open.
    expect(zoomIslands([island('far', 800, 200, 200), island('near', 840, 460, 200)], focus, viewport).open).toBe('near');
    expect(zoomIslands([island('beside', 800 + 3 * ZOOM_OPEN_PX, 450, ZOOM_OPEN_PX)], focus, viewport).open).toBeNull();
    expect(zoomIslands([island('off', -20, 450, 400)], { x: 10, y: 450 }, viewport).open).toBeNull();
    // Already open (by zoom, or pinned by a click or a search): nothing to open.
    expect(zoomIslands([island('a', 800, 450, 300, 'pinned')], focus, viewport)).toEqual({ open: null, fold: [] });
  });

  it('folds an island zooming opened once it would be drawn narrower than ZOOM_FOLD_PX, never one a click opened', () => {
    const focus = { x: 0, y: 0 };
    expect(zoomIslands([island('a', NaN, NaN, ZOOM_FOLD_PX, 'zoom')], focus, viewport).fold).toEqual([]);
    expect(zoomIslands([island('a', NaN, NaN, ZOOM_FOLD_PX - 1, 'zoom')], focus, viewport).fold).toEqual(['a']);
    expect(zoomIslands([island('b', 10, 10, 1, 'pinned')], focus, viewport).fold).toEqual([]);
    // Between the two thresholds an island stays as it is: a zoom resting there does not flicker.
    expect(ZOOM_FOLD_PX).toBeLessThan(ZOOM_OPEN_PX);
  });
});

describe('an island opened in place', () => {
  const graph = estate(['edge', 'api', 'svc'], 6, 12);

  it('lays its services out where its disc was, keeps every other node in place, and folds back to the same place', () => {
    const memory = new LayoutMemory();
    const collapsed = buildViewModel(graph, route, NO_FILTER, islandsOf());
    const before = new Map(memory.layout(collapsed).positions);
    const key = 'api-family2';
    const centre = before.get(islandId(key))!;
    const open = buildViewModel(graph, route, NO_FILTER, islandsOf([key]));
    const opened = memory.layout(open).positions;
    for (const node of collapsed.nodes) if (node.id !== islandId(key)) expect(opened.get(node.id)).toEqual(before.get(node.id));
    const members = open.nodes.filter((n) => n.islandKey === key);
    expect(members).toHaveLength(12);
    // Centred on the island, and within a screen at the zoom where zooming opens it.
    const xs = members.map((m) => opened.get(m.id)!.x);
    const ys = members.map((m) => opened.get(m.id)!.y);
    expect(Math.abs((Math.min(...xs) + Math.max(...xs)) / 2 - centre.x)).toBeLessThan(1);
    expect((Math.max(...xs) - Math.min(...xs)) * MEMBER_ZOOM).toBeLessThan(1000);
    expect((Math.max(...ys) - Math.min(...ys)) * MEMBER_ZOOM).toBeLessThan(600);
    // In name order, row by row: the first member top-left.
    const first = opened.get(members.find((m) => m.name === `${key}-1`)!.id)!;
    expect(first.x).toBe(Math.min(...xs));
    expect(first.y).toBe(Math.max(...ys));
    const folded = memory.layout(buildViewModel(graph, route, NO_FILTER, islandsOf())).positions;
    for (const node of collapsed.nodes) expect(folded.get(node.id)).toEqual(before.get(node.id));
  });
});
