// Where each node of a view sits (world units, y up). Pure and deterministic so tests can assert exact
// positions; the renderer may refine a region's first layout with elkjs in a worker (renderer/scene).
import { INTERNET, totalRate } from '../model';
import type { Point } from './geometry';
import { defaultMaxRows, LABEL_FONT_PX, layeredLayout, type LabelledSpacing, type LayeredOptions, type LayoutInput } from './layered-layout';
import { maxNodeRadius } from './node-size';
import type { ViewKind, ViewModel } from './view-model';

export type Positions = Map<string, Point>;

/** Region view spacings: rows fit the largest node plus its label; columns fit a long service name. */
export const REGION_SPACING: Omit<LayeredOptions, 'maxRows'> = { rowSpacing: 84, columnSpacing: 250, subColumnSpacing: 110 };

/**
 * A view of islands leaves room for every island's name at the fitted zoom (issue 15 §9). The box is what a
 * 1600×900 screen leaves the nodes once the chrome (top bar, side panel, timeline bar), the fit margins and
 * the INTERNET's ingress label have taken theirs; a bigger screen fits the same layout larger. Smaller
 * screens draw it smaller, and the names compete for room: zooming in a little brings each back.
 */
export const ISLAND_SPACING: LabelledSpacing = {
  radius: maxNodeRadius('region'),
  box: { width: 860, height: 520 },
  lineHeight: Math.ceil(LABEL_FONT_PX * 1.25) + 1,
  gap: 12,
  layerGap: 28,
  maxZoom: 2.2,
  minZoom: 0.3,
};

/** Centres closer than this overlap (two largest nodes plus a gap). */
export function minNodeDistance(view: ViewKind): number {
  return 2 * maxNodeRadius(view) + 10;
}

/** The layout's view of a model; a region drawn as islands brings its names, so the layout leaves room for them. */
export function layoutInputOf(model: ViewModel): LayoutInput {
  const edges = model.edges.map((e) => ({ source: e.source, target: e.target }));
  if (!model.islands) return { nodes: model.nodes.map((n) => ({ id: n.id, kind: n.kind })), edges };
  // The INTERNET's (and other regions') ingress labels go in the room the camera keeps on the left.
  return { nodes: model.nodes.map((n) => (n.kind === 'service' ? { id: n.id, kind: n.kind, label: n.name } : { id: n.id, kind: n.kind })), edges, labelled: true };
}

function globalLayout(model: ViewModel): Positions {
  const positions: Positions = new Map();
  const regions = model.nodes.filter((n) => n.id !== INTERNET);
  if (model.nodes.some((n) => n.id === INTERNET)) positions.set(INTERNET, { x: 0, y: 0 });
  const n = regions.length;
  // Regions on an ellipse around the INTERNET, wide like the screen; big enough that neighbours never touch.
  const ring = Math.max(440, (n * (2 * maxNodeRadius('global') + 60)) / (2 * Math.PI));
  regions.forEach((region, i) => {
    const angle = Math.PI / 2 + Math.PI / Math.max(n, 1) + (2 * Math.PI * i) / Math.max(n, 1);
    positions.set(region.id, { x: Math.cos(angle) * ring * 1.45, y: Math.sin(angle) * ring });
  });
  return positions;
}

/**
 * One side of the focus view. Tall sides interleave into sub-columns going outward (zig-zag, like a
 * wrapped layer) so that every edge from the centre passes between the nodes of the inner sub-columns.
 */
function column(ids: readonly string[], x: number, direction: -1 | 1, positions: Positions): void {
  const maxRows = Math.max(12, Math.ceil(Math.sqrt(ids.length * 5)));
  const subColumns = Math.ceil(ids.length / maxRows);
  const pitch = REGION_SPACING.rowSpacing / subColumns;
  ids.forEach((id, i) => {
    positions.set(id, { x: x + direction * (i % subColumns) * REGION_SPACING.subColumnSpacing, y: ((ids.length - 1) / 2 - i) * pitch });
  });
}

function focusLayout(model: ViewModel): Positions {
  const positions: Positions = new Map();
  const service = model.route.service ?? '';
  const rateOf = new Map(model.edges.map((e) => [e.id, totalRate(e.rate)]));
  const callers: { id: string; rps: number }[] = [];
  const callees: { id: string; rps: number }[] = [];
  const seen = new Set<string>([service]);
  for (const e of model.edges) {
    if (e.target === service && !seen.has(e.source)) {
      seen.add(e.source);
      callers.push({ id: e.source, rps: rateOf.get(e.id) ?? 0 });
    }
  }
  for (const e of model.edges) {
    if (e.source === service && !seen.has(e.target)) {
      seen.add(e.target);
      callees.push({ id: e.target, rps: rateOf.get(e.id) ?? 0 });
    }
  }
  // Busiest calls at the top, where the eye starts.
  const byRate = (a: { id: string; rps: number }, b: { id: string; rps: number }) => b.rps - a.rps || (a.id < b.id ? -1 : 1);
  callers.sort(byRate);
  callees.sort(byRate);
  if (model.nodes.some((n) => n.id === service)) positions.set(service, { x: 0, y: 0 });
  column(callers.map((c) => c.id), -420, -1, positions);
  column(callees.map((c) => c.id), 420, 1, positions);
  // Filtered views may keep nodes without an edge to the service; park them below.
  let spare = 0;
  for (const n of model.nodes) {
    if (!positions.has(n.id)) positions.set(n.id, { x: spare++ * 120, y: -REGION_SPACING.rowSpacing * 4 });
  }
  return positions;
}

/** A layout of the whole view from scratch (no memory of earlier layouts). */
export function freshLayout(model: ViewModel): Positions {
  if (model.route.view === 'global') return globalLayout(model);
  if (model.route.view === 'focus') return focusLayout(model);
  const input = layoutInputOf(model);
  return layeredLayout(input, { ...REGION_SPACING, maxRows: defaultMaxRows(model.nodes.length) }, input.labelled ? ISLAND_SPACING : undefined);
}

/** A uniform grid of placed points, to find free spots in O(1) per probe. */
class PointGrid {
  private readonly cells = new Map<string, Point[]>();
  constructor(private readonly cell: number) {}
  private key(x: number, y: number): string {
    return Math.floor(x / this.cell) + ',' + Math.floor(y / this.cell);
  }
  add(p: Point): void {
    const key = this.key(p.x, p.y);
    const list = this.cells.get(key);
    if (list) list.push(p);
    else this.cells.set(key, [p]);
  }
  isFree(x: number, y: number, distance: number): boolean {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    const d2 = distance * distance;
    for (let i = cx - 1; i <= cx + 1; i++) {
      for (let j = cy - 1; j <= cy + 1; j++) {
        for (const p of this.cells.get(i + ',' + j) ?? []) {
          const dx = p.x - x;
          const dy = p.y - y;
          if (dx * dx + dy * dy < d2) return false;
        }
      }
    }
    return true;
  }
}

/**
 * Keeps every known node where it was and places only the new ones: in the column the fresh layout gives
 * them, at the mean height of their already placed neighbours, moved up or down to the nearest free spot.
 * So a new service never reshuffles the others, and nothing overlaps (positions at least `minDistance` apart).
 */
export function placeIncrementally(previous: ReadonlyMap<string, Point>, fresh: ReadonlyMap<string, Point>, model: ViewModel, minDistance: number): Positions {
  const positions: Positions = new Map();
  const grid = new PointGrid(minDistance);
  const added: string[] = [];
  for (const n of model.nodes) {
    const old = previous.get(n.id);
    if (old) {
      const p = { x: old.x, y: old.y };
      positions.set(n.id, p);
      grid.add(p);
    } else {
      added.push(n.id);
    }
  }
  if (added.length === 0) return positions;
  const neighbours = new Map<string, string[]>();
  for (const e of model.edges) {
    (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source)!).push(e.target);
    (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target)!).push(e.source);
  }
  for (const id of added) {
    const target = fresh.get(id) ?? { x: 0, y: 0 };
    let sum = 0;
    let count = 0;
    for (const other of neighbours.get(id) ?? []) {
      const p = positions.get(other);
      if (p) {
        sum += p.y;
        count++;
      }
    }
    const x = target.x;
    const y = count > 0 ? sum / count : target.y;
    const step = minDistance / 2;
    for (let k = 0; ; k++) {
      const offset = k % 2 === 0 ? (k / 2) * step : -((k + 1) / 2) * step;
      if (grid.isFree(x, y + offset, minDistance)) {
        const p = { x, y: y + offset };
        positions.set(id, p);
        grid.add(p);
        break;
      }
    }
  }
  return positions;
}

/** The layout of a view, stable against `previous` (the same view's last layout) when there is one. */
export function layoutView(model: ViewModel, previous?: ReadonlyMap<string, Point>): Positions {
  if (!previous || previous.size === 0) return freshLayout(model);
  if (model.nodes.every((n) => previous.has(n.id))) {
    const kept: Positions = new Map();
    for (const n of model.nodes) kept.set(n.id, previous.get(n.id)!);
    return kept;
  }
  return placeIncrementally(previous, freshLayout(model), model, minNodeDistance(model.route.view));
}
