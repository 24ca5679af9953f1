// Where each node of a view sits (world units, y up). Pure and deterministic so tests can assert exact
// positions; the renderer may refine a region's first layout with elkjs in a worker (renderer/scene).
import { INTERNET, totalRate } from '../model';
import type { Point } from './geometry';
import { defaultMaxRows, LABEL_FONT_PX, layeredLayout, type LabelledSpacing, type LayeredOptions, type LayoutInput } from './layered-layout';
import { maxNodeRadius } from './node-size';
import { islandId, ISLAND_ID_PREFIX, ZOOM_OPEN_PX } from './islands';
import { estimateTextWidth } from './label-cull';
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

/**
 * A layout to remember: `positions`, plus where the collapsed islands of `previous` that `positions` lacks
 * (opened now) were, so that an island folded again returns to its place.
 */
export function withIslandPlaces(positions: Positions, previous: ReadonlyMap<string, Point> | undefined): Positions {
  if (!previous) return positions;
  for (const [id, p] of previous) if (id.startsWith(ISLAND_ID_PREFIX) && !positions.has(id)) positions.set(id, p);
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
  private readonly cells = new Map<string, { x: number; y: number; r: number }[]>();
  /** `cell`: the largest distance two points must keep (the sum of two of the largest radii). */
  constructor(private readonly cell: number) {}
  private key(x: number, y: number): string {
    return Math.floor(x / this.cell) + ',' + Math.floor(y / this.cell);
  }
  /** A point that keeps `r` of room around it (half the distance two ordinary nodes keep). */
  add(p: Point, r: number): void {
    const key = this.key(p.x, p.y);
    const entry = { x: p.x, y: p.y, r };
    const list = this.cells.get(key);
    if (list) list.push(entry);
    else this.cells.set(key, [entry]);
  }
  /** True when a point needing `r` of room fits at (x, y): at least r + r' from every point placed. */
  isFree(x: number, y: number, r: number): boolean {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    for (let i = cx - 1; i <= cx + 1; i++) {
      for (let j = cy - 1; j <= cy + 1; j++) {
        for (const p of this.cells.get(i + ',' + j) ?? []) {
          const dx = p.x - x;
          const dy = p.y - y;
          const d = r + p.r;
          if (dx * dx + dy * dy < d * d) return false;
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
export function placeIncrementally(previous: ReadonlyMap<string, Point>, fresh: ReadonlyMap<string, Point>, model: ViewModel, minDistance: number, seeds?: ReadonlyMap<string, Point>): Positions {
  const positions: Positions = new Map();
  const grid = new PointGrid(minDistance);
  const added: string[] = [];
  for (const n of model.nodes) {
    const old = previous.get(n.id);
    if (old) {
      const p = { x: old.x, y: old.y };
      positions.set(n.id, p);
      grid.add(p, n.islandKey !== undefined && model.islands ? MEMBER_ROW / 2 : minDistance / 2);
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
    const seed = seeds?.get(id);
    const target = seed ?? fresh.get(id) ?? { x: 0, y: 0 };
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
    const y = seed === undefined && count > 0 ? sum / count : target.y;
    // A service of an island opened in place keeps a row's room (it is drawn small); any other node a node's.
    const room = seed === undefined ? minDistance / 2 : MEMBER_ROW / 2;
    const step = room;
    for (let k = 0; ; k++) {
      const offset = k % 2 === 0 ? (k / 2) * step : -((k + 1) / 2) * step;
      if (grid.isFree(x, y + offset, room)) {
        const p = { x, y: y + offset };
        positions.set(id, p);
        grid.add(p, room);
        break;
      }
    }
  }
  return positions;
}

/**
 * An island opened in place shows its services as a list-like grid, names right of small discs, sized to be
 * read at the zoom where zooming opens it (a disc of the largest size drawn ZOOM_OPEN_PX wide): columns as
 * wide as the longest name, rows one name tall, the grid about as wide as a screen is (16:10).
 */
export const MEMBER_ZOOM = ZOOM_OPEN_PX / (2 * maxNodeRadius('region'));
const MEMBER_ROW = (ISLAND_SPACING.lineHeight + 8) / MEMBER_ZOOM;
/** The largest radius (world units) a service of an open island is drawn at in a view of islands. */
export const MEMBER_RADIUS = MEMBER_ROW / 2 - 1;

/**
 * Where the services of an island just opened start: in place, centred where the island's disc was in
 * `previous`, in name order (numbers in order), row by row; placeIncrementally then moves each to the
 * nearest free spot, so the other islands stay where they are.
 */
export function islandSeeds(model: ViewModel, previous: ReadonlyMap<string, Point>): Map<string, Point> {
  const seeds = new Map<string, Point>();
  if (!model.islands) return seeds;
  const members = new Map<string, { id: string; name: string }[]>();
  for (const n of model.nodes) {
    if (n.islandKey === undefined || previous.has(n.id)) continue;
    let list = members.get(n.islandKey);
    if (list === undefined) members.set(n.islandKey, (list = []));
    list.push({ id: n.id, name: n.name });
  }
  for (const [key, list] of members) {
    const centre = previous.get(islandId(key));
    if (centre === undefined) continue;
    list.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    let widest = 0;
    for (const m of list) widest = Math.max(widest, estimateTextWidth(m.name, LABEL_FONT_PX));
    const columnPx = widest + 2 * MEMBER_RADIUS * MEMBER_ZOOM + 16;
    const rowPx = MEMBER_ROW * MEMBER_ZOOM;
    const columns = Math.max(1, Math.min(list.length, Math.round(Math.sqrt((1.6 * list.length * rowPx) / columnPx))));
    const rows = Math.ceil(list.length / columns);
    const column = columnPx / MEMBER_ZOOM;
    list.forEach((m, i) => {
      seeds.set(m.id, { x: centre.x + ((i % columns) - (columns - 1) / 2) * column, y: centre.y + ((rows - 1) / 2 - Math.floor(i / columns)) * MEMBER_ROW });
    });
  }
  return seeds;
}

/** The layout of a view, stable against `previous` (the same view's last layout) when there is one. */
export function layoutView(model: ViewModel, previous?: ReadonlyMap<string, Point>): Positions {
  if (!previous || previous.size === 0) return freshLayout(model);
  if (model.nodes.every((n) => previous.has(n.id))) {
    const kept: Positions = new Map();
    for (const n of model.nodes) kept.set(n.id, previous.get(n.id)!);
    return kept;
  }
  return placeIncrementally(previous, freshLayout(model), model, minNodeDistance(model.route.view), islandSeeds(model, previous));
}
