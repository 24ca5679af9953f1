// Where labels go when nothing may cross them (issue 15 §5): each label offers a few spots around its
// anchor (below, above, right, left, the diagonals); most important first, a label takes its first spot
// wholly on screen that no kept label overlaps, no node disc sits under and no edge segment crosses, or is
// dropped — unless it may sit over edges (a collapsed island's name), then it takes the first spot only edges
// cross. A forced label (INTERNET, a region's totals, the selection, a search hit) is never dropped: with no clean
// spot it takes the spot that breaks the fewest rules. A label may also offer a detailed form (a region's
// name and headline, then its internal calls and worst call): every label is placed in its short form first,
// then, most important first, each takes its detailed form where that fits clean — level of detail, so the
// names all survive before any secondary line does. Labels keep inside the viewport's insets (the area the
// toolbar, timeline and panel leave), or are dropped. Uniform grids keep it near O(labels + segments).
// Pure and allocation-free once warm (typed scratch, reused arrays), so a pan costs no garbage.

/** One label and the spots (top-left corners, CSS px) it may take, in order of preference. */
export interface PlacementRequest {
  width: number;
  height: number;
  /** Higher first. */
  priority: number;
  /** Never dropped (and placed before the others). */
  force: boolean;
  /** Spot k is (spots[2k], spots[2k+1]); `spotCount` of them are used. */
  spots: Float64Array;
  spotCount: number;
  /** A disc this label may cover (its own node's, for text written inside it), or -1. */
  ownDisc: number;
  /** An edge whose segments may cross this label (an edge's own number sits on it), or -1. */
  ownEdge: number;
  /**
   * With no spot clear of everything, it may take the first spot wholly on screen that only edges cross
   * (never one over another label or a disc), drawn on a plate: a collapsed island's name must stay legible
   * among the calls packed around it (issue 15 §9). Placed unclean; undefined counts as false.
   */
  overEdges?: boolean;
  /**
   * The detailed form's size and spots (top-left corners, in order of preference); taken only where it is
   * clean, after every label has its short form. Zero `detailWidth` or undefined: no detailed form.
   */
  detailWidth?: number;
  detailHeight?: number;
  detailSpots?: Float64Array;
  detailSpotCount?: number;
}

/**
 * A kept label: which request, at which spot, whether the spot is clean (false only for forced ones), and
 * whether it took its detailed form (then x, y and the box are the detailed form's).
 */
export interface Placement { index: number; x: number; y: number; clean: boolean; detailed: boolean }

/**
 * The canvas (CSS px) and, optionally, how far the chrome reaches in from each edge: a label counts as on
 * screen only wholly inside what the chrome leaves.
 */
export interface PlacementViewport { width: number; height: number; insets?: { top: number; right: number; bottom: number; left: number } }

/**
 * Discs and segments the labels must keep clear of, in CSS px. Discs are (x, y, r) triples; segments are
 * (x0, y0, x1, y1, halfWidth, edge) sextuples, `edge` the index that `ownEdge` refers to.
 */
export class PlacementObstacles {
  discs = new Float64Array(3 * 64);
  discCount = 0;
  segments = new Float64Array(6 * 256);
  segmentCount = 0;

  clear(): void {
    this.discCount = 0;
    this.segmentCount = 0;
  }

  addDisc(x: number, y: number, r: number): number {
    if ((this.discCount + 1) * 3 > this.discs.length) this.discs = grow(this.discs, (this.discCount + 1) * 3);
    const o = this.discCount * 3;
    this.discs[o] = x;
    this.discs[o + 1] = y;
    this.discs[o + 2] = r;
    return this.discCount++;
  }

  addSegment(x0: number, y0: number, x1: number, y1: number, halfWidth: number, edge: number): void {
    if ((this.segmentCount + 1) * 6 > this.segments.length) this.segments = grow(this.segments, (this.segmentCount + 1) * 6);
    const o = this.segmentCount * 6;
    this.segments[o] = x0;
    this.segments[o + 1] = y0;
    this.segments[o + 2] = x1;
    this.segments[o + 3] = y1;
    this.segments[o + 4] = halfWidth;
    this.segments[o + 5] = edge;
    this.segmentCount++;
  }
}

function grow(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** True when the segment (x0, y0)–(x1, y1) touches the box [l, r] × [t, b] (exact, separating axes). */
export function segmentHitsBox(x0: number, y0: number, x1: number, y1: number, l: number, t: number, r: number, b: number): boolean {
  if (Math.max(x0, x1) < l || Math.min(x0, x1) > r || Math.max(y0, y1) < t || Math.min(y0, y1) > b) return false;
  const dx = x1 - x0;
  const dy = y1 - y0;
  // The box's corners on both sides of the segment's line (or on it) means the line passes through the box.
  const s1 = dx * (t - y0) - dy * (l - x0);
  const s2 = dx * (t - y0) - dy * (r - x0);
  const s3 = dx * (b - y0) - dy * (l - x0);
  const s4 = dx * (b - y0) - dy * (r - x0);
  return !((s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0) || (s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0));
}

/** True when every corner of the box [l, r] × [t, b] lies inside the disc (cx, cy, radius). */
export function boxInsideDisc(cx: number, cy: number, radius: number, l: number, t: number, r: number, b: number): boolean {
  const dx = Math.max(Math.abs(l - cx), Math.abs(r - cx));
  const dy = Math.max(Math.abs(t - cy), Math.abs(b - cy));
  return dx * dx + dy * dy <= radius * radius;
}

/** True when the disc (cx, cy, radius) overlaps the box [l, r] × [t, b]. */
export function discHitsBox(cx: number, cy: number, radius: number, l: number, t: number, r: number, b: number): boolean {
  const nx = Math.max(l, Math.min(cx, r)) - cx;
  const ny = Math.max(t, Math.min(cy, b)) - cy;
  return nx * nx + ny * ny < radius * radius;
}

const CELL = 64;

/** A uniform grid of item indices (labels, discs or segments) by the cells their boxes cover. */
class CellGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly used: number[] = [];
  private columns = 1;

  reset(columns: number): void {
    for (const key of this.used) this.cells.get(key)!.length = 0;
    this.used.length = 0;
    this.columns = columns;
  }

  private key(cx: number, cy: number): number {
    return (cy + 1) * (this.columns + 2) + (cx + 1);
  }

  /** Cells are clamped to one ring beyond the viewport, so far-off items share the border cells. */
  private range(v: number, max: number): number {
    return Math.max(-1, Math.min(max, Math.floor(v / CELL)));
  }

  add(item: number, l: number, t: number, r: number, b: number, rows: number): void {
    const cx0 = this.range(l, this.columns);
    const cx1 = this.range(r, this.columns);
    const cy0 = this.range(t, rows);
    const cy1 = this.range(b, rows);
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const key = this.key(cx, cy);
        let list = this.cells.get(key);
        if (!list) {
          list = [];
          this.cells.set(key, list);
        }
        if (list.length === 0) this.used.push(key);
        if (list[list.length - 1] !== item) list.push(item);
      }
    }
  }

  /** Calls `visit` for each item in the cells the box covers (an item may be visited more than once). */
  visit(l: number, t: number, r: number, b: number, rows: number, visit: (item: number) => boolean): boolean {
    const cx0 = this.range(l, this.columns);
    const cx1 = this.range(r, this.columns);
    const cy0 = this.range(t, rows);
    const cy1 = this.range(b, rows);
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const list = this.cells.get(this.key(cx, cy));
        if (!list) continue;
        for (const item of list) if (visit(item)) return true;
      }
    }
    return false;
  }
}

/** Penalties when a forced label has no clean spot: covering a label is worst, then a disc, then an edge. */
const LABEL_COST = 100;
const DISC_COST = 10;
const EDGE_COST = 1;

export class LabelPlacer {
  private order = new Int32Array(256);
  private placedBox = new Float64Array(4 * 64);
  private readonly placements: Placement[] = [];
  private readonly labelGrid = new CellGrid();
  private readonly discGrid = new CellGrid();
  private readonly segmentGrid = new CellGrid();
  private rows = 1;
  // The box under test and the rules it is tested against (fields, so the visitors are allocated once).
  private l = 0;
  private t = 0;
  private r = 0;
  private b = 0;
  private ownDisc = -1;
  private ownEdge = -1;
  /** A kept label's own index, skipped when it is tested in its detailed form. */
  private self = -1;
  /** The box under test lies wholly inside its own disc: edges end at the rim, so none can cross it. */
  private inOwnDisc = false;
  private obstacles: PlacementObstacles = new PlacementObstacles();

  private readonly hitsLabel = (j: number): boolean => {
    if (j === this.self) return false;
    const o = j * 4;
    const p = this.placedBox;
    return this.l < p[o + 2]! && this.r > p[o]! && this.t < p[o + 3]! && this.b > p[o + 1]!;
  };

  private readonly hitsDisc = (j: number): boolean => {
    if (j === this.ownDisc) return false;
    const d = this.obstacles.discs;
    return discHitsBox(d[j * 3]!, d[j * 3 + 1]!, d[j * 3 + 2]!, this.l, this.t, this.r, this.b);
  };

  private readonly hitsSegment = (j: number): boolean => {
    if (this.inOwnDisc) return false;
    const s = this.obstacles.segments;
    const o = j * 6;
    if (s[o + 5] === this.ownEdge) return false;
    const w = s[o + 4]!;
    return segmentHitsBox(s[o]!, s[o + 1]!, s[o + 2]!, s[o + 3]!, this.l - w, this.t - w, this.r + w, this.b + w);
  };

  private segmentHits = 0;
  private readonly countSegment = (j: number): boolean => {
    if (this.hitsSegment(j)) this.segmentHits++;
    return false;
  };

  /**
   * Places `count` requests, most important first; returns the kept ones (a view into reused storage, valid
   * until the next call), in placement order. `padding` keeps neighbours from touching.
   */
  place(requests: readonly PlacementRequest[], count: number, obstacles: PlacementObstacles, viewport: PlacementViewport, maxVisible: number, padding = 1): readonly Placement[] {
    this.obstacles = obstacles;
    const columns = Math.ceil(viewport.width / CELL) + 1;
    this.rows = Math.ceil(viewport.height / CELL) + 1;
    const rows = this.rows;
    this.labelGrid.reset(columns);
    this.discGrid.reset(columns);
    this.segmentGrid.reset(columns);
    const d = obstacles.discs;
    for (let j = 0; j < obstacles.discCount; j++) {
      const x = d[j * 3]!;
      const y = d[j * 3 + 1]!;
      const r = d[j * 3 + 2]!;
      this.discGrid.add(j, x - r, y - r, x + r, y + r, rows);
    }
    const s = obstacles.segments;
    for (let j = 0; j < obstacles.segmentCount; j++) {
      const o = j * 6;
      const w = s[o + 4]!;
      const x0 = Math.min(s[o]!, s[o + 2]!) - w;
      const x1 = Math.max(s[o]!, s[o + 2]!) + w;
      const y0 = Math.min(s[o + 1]!, s[o + 3]!) - w;
      const y1 = Math.max(s[o + 1]!, s[o + 3]!) + w;
      // Segments wholly off screen cannot cross a label that is on it.
      if (x1 < 0 || y1 < 0 || x0 > viewport.width || y0 > viewport.height) continue;
      this.segmentGrid.add(j, x0, y0, x1, y1, rows);
    }

    if (this.order.length < count) this.order = new Int32Array(Math.max(count, this.order.length * 2));
    let n = 0;
    for (let i = 0; i < count; i++) if (requests[i]!.width > 0 && requests[i]!.spotCount > 0) this.order[n++] = i;
    const order = this.order.subarray(0, n);
    order.sort((a, b) => Number(requests[b]!.force) - Number(requests[a]!.force) || requests[b]!.priority - requests[a]!.priority || a - b);

    const placements = this.placements;
    const inset = viewport.insets;
    // The area labels must lie in: the canvas less the chrome over it.
    const minX = inset ? Math.max(0, inset.left) : 0;
    const minY = inset ? Math.max(0, inset.top) : 0;
    const maxX = viewport.width - (inset ? Math.max(0, inset.right) : 0);
    const maxY = viewport.height - (inset ? Math.max(0, inset.bottom) : 0);
    this.self = -1;
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const q = requests[i]!;
      if (kept >= maxVisible && !q.force) break;
      this.ownDisc = q.ownDisc;
      this.ownEdge = q.ownEdge;
      // A clean spot wholly inside the area; else a forced label takes its spots pushed back into the area,
      // the first clean one or the one that breaks the fewest rules — never one cut by the chrome or the screen.
      let chosen = -1;
      let clean = false;
      let overEdge = -1;
      let bestCost = Number.POSITIVE_INFINITY;
      for (let spot = 0; spot < q.spotCount; spot++) {
        const x = q.spots[spot * 2]!;
        const y = q.spots[spot * 2 + 1]!;
        const visible = x + q.width > minX && y + q.height > minY && x < maxX && y < maxY;
        if (!visible) continue;
        const inside = x >= minX && y >= minY && x + q.width <= maxX && y + q.height <= maxY;
        this.setBox(x, y, q.width, q.height, padding);
        if (inside && this.isClean()) {
          chosen = spot;
          clean = true;
          break;
        }
        if (q.overEdges === true && overEdge < 0 && inside && this.clearOfLabelsAndDiscs()) overEdge = spot;
      }
      let x = chosen >= 0 ? q.spots[chosen * 2]! : 0;
      let y = chosen >= 0 ? q.spots[chosen * 2 + 1]! : 0;
      if (!clean && q.force) {
        for (let spot = 0; spot < q.spotCount; spot++) {
          // Only a spot at least partly on the canvas: a node panned off screen does not drag its name along.
          const ox = q.spots[spot * 2]!;
          const oy = q.spots[spot * 2 + 1]!;
          if (!(ox + q.width > 0 && oy + q.height > 0 && ox < viewport.width && oy < viewport.height)) continue;
          const sx = Math.max(minX, Math.min(maxX - q.width, q.spots[spot * 2]!));
          const sy = Math.max(minY, Math.min(maxY - q.height, q.spots[spot * 2 + 1]!));
          this.setBox(sx, sy, q.width, q.height, padding);
          const cost = this.cost();
          if (cost < bestCost) {
            bestCost = cost;
            chosen = spot;
            x = sx;
            y = sy;
            if (cost === 0) {
              clean = true;
              break;
            }
          }
        }
      }
      if (!clean && !q.force && overEdge >= 0) {
        chosen = overEdge;
        x = q.spots[overEdge * 2]!;
        y = q.spots[overEdge * 2 + 1]!;
      }
      if (chosen < 0) continue;
      this.setBox(x, y, q.width, q.height, padding);
      if ((kept + 1) * 4 > this.placedBox.length) this.placedBox = grow(this.placedBox, (kept + 1) * 4);
      const o = kept * 4;
      this.placedBox[o] = x;
      this.placedBox[o + 1] = y;
      this.placedBox[o + 2] = x + q.width;
      this.placedBox[o + 3] = y + q.height;
      this.labelGrid.add(kept, this.l, this.t, this.r, this.b, rows);
      let p = placements[kept];
      if (!p) {
        p = { index: 0, x: 0, y: 0, clean: true, detailed: false };
        placements.push(p);
      }
      p.index = i;
      p.x = x;
      p.y = y;
      p.clean = clean;
      p.detailed = false;
      kept++;
    }
    placements.length = kept;
    // Level of detail: with every short form down, the kept labels in placement order (forced, then by
    // priority) take their detailed form at its first spot wholly inside that nothing else overlaps.
    for (let k = 0; k < kept; k++) {
      const p = placements[k]!;
      const q = requests[p.index]!;
      const width = q.detailWidth ?? 0;
      const height = q.detailHeight ?? 0;
      const spots = q.detailSpots;
      if (width <= 0 || height <= 0 || !spots || !p.clean) continue;
      this.self = k;
      this.ownDisc = q.ownDisc;
      this.ownEdge = q.ownEdge;
      const count = Math.min(q.detailSpotCount ?? 0, spots.length / 2);
      for (let spot = 0; spot < count; spot++) {
        const x = spots[spot * 2]!;
        const y = spots[spot * 2 + 1]!;
        if (x < minX || y < minY || x + width > maxX || y + height > maxY) continue;
        this.setBox(x, y, width, height, padding);
        if (!this.isClean()) continue;
        const o = k * 4;
        this.placedBox[o] = x;
        this.placedBox[o + 1] = y;
        this.placedBox[o + 2] = x + width;
        this.placedBox[o + 3] = y + height;
        this.labelGrid.add(k, this.l, this.t, this.r, this.b, rows);
        p.x = x;
        p.y = y;
        p.detailed = true;
        break;
      }
      this.self = -1;
    }
    return placements;
  }

  private setBox(x: number, y: number, width: number, height: number, padding: number): void {
    this.l = x - padding;
    this.t = y - padding;
    this.r = x + width + padding;
    this.b = y + height + padding;
    this.inOwnDisc = false;
    if (this.ownDisc >= 0) {
      const d = this.obstacles.discs;
      const o = this.ownDisc * 3;
      this.inOwnDisc = boxInsideDisc(d[o]!, d[o + 1]!, d[o + 2]!, x, y, x + width, y + height);
    }
  }

  private isClean(): boolean {
    const { l, t, r, b, rows } = this;
    return !this.labelGrid.visit(l, t, r, b, rows, this.hitsLabel) && !this.discGrid.visit(l, t, r, b, rows, this.hitsDisc) && !this.segmentGrid.visit(l, t, r, b, rows, this.hitsSegment);
  }

  private clearOfLabelsAndDiscs(): boolean {
    const { l, t, r, b, rows } = this;
    return !this.labelGrid.visit(l, t, r, b, rows, this.hitsLabel) && !this.discGrid.visit(l, t, r, b, rows, this.hitsDisc);
  }

  private cost(): number {
    const { l, t, r, b, rows } = this;
    let cost = 0;
    if (this.labelGrid.visit(l, t, r, b, rows, this.hitsLabel)) cost += LABEL_COST;
    if (this.discGrid.visit(l, t, r, b, rows, this.hitsDisc)) cost += DISC_COST;
    this.segmentHits = 0;
    this.segmentGrid.visit(l, t, r, b, rows, this.countSegment);
    return cost + this.segmentHits * EDGE_COST;
  }
}

/**
 * The spots around a node for a label of `width` × `height` (CSS px), written into `out` (top-left corners):
 * below, above, right, left, the four diagonals, below and above shifted to either side, then below and
 * above one line further out — all at least `clearance` px from the centre (past the node's outermost ring).
 * Returns how many were written (SPOTS_AROUND_NODE).
 */
export function spotsAroundNode(x: number, y: number, clearance: number, width: number, height: number, out: Float64Array): number {
  const d = clearance * Math.SQRT1_2;
  const c = clearance;
  out[0] = x - width / 2; out[1] = y + c;
  out[2] = x - width / 2; out[3] = y - c - height;
  out[4] = x + c; out[5] = y - height / 2;
  out[6] = x - c - width; out[7] = y - height / 2;
  out[8] = x + d; out[9] = y + d;
  out[10] = x - d - width; out[11] = y + d;
  out[12] = x + d; out[13] = y - d - height;
  out[14] = x - d - width; out[15] = y - d - height;
  // Near a screen's edge or a fan of edges: below and above, shifted to one side, then one line further out.
  out[16] = x - c / 2; out[17] = y + c;
  out[18] = x + c / 2 - width; out[19] = y + c;
  out[20] = x - c / 2; out[21] = y - c - height;
  out[22] = x + c / 2 - width; out[23] = y - c - height;
  out[24] = x - width / 2; out[25] = y + c + height + 2;
  out[26] = x - width / 2; out[27] = y - c - 2 * height - 2;
  return SPOTS_AROUND_NODE;
}

/** How many spots spotsAroundNode writes (twice as many numbers). */
export const SPOTS_AROUND_NODE = 14;

/**
 * Reorders the first `count` spots (top-left corners of a `width` × `height` label around the node at
 * (x, y)) so that those facing the direction (dx, dy) come first — outward, away from the middle of a ring
 * of discs whose streams run inward — ties kept in their order. Only spots `from` to `count - 1` move (the
 * near ones and the further rows are ordered apart). In place, no allocation.
 */
export function orderSpotsOutward(x: number, y: number, dx: number, dy: number, width: number, height: number, spots: Float64Array, count: number, from = 0): void {
  const length = Math.hypot(dx, dy);
  if (!(length > 0)) return;
  const ux = dx / length;
  const uy = dy / length;
  const facing = (k: number): number => {
    const ox = spots[k * 2]! + width / 2 - x;
    const oy = spots[k * 2 + 1]! + height / 2 - y;
    const d = Math.hypot(ox, oy);
    return d > 0 ? (ox * ux + oy * uy) / d : 0;
  };
  // Insertion sort of spots from..count-1, most outward first (a few dozen at most).
  for (let i = from + 1; i < count; i++) {
    const sx = spots[i * 2]!;
    const sy = spots[i * 2 + 1]!;
    const f = facing(i);
    let j = i - 1;
    while (j >= from && facing(j) < f - 1e-9) {
      spots[(j + 1) * 2] = spots[j * 2]!;
      spots[(j + 1) * 2 + 1] = spots[j * 2 + 1]!;
      j--;
    }
    spots[(j + 1) * 2] = sx;
    spots[(j + 1) * 2 + 1] = sy;
  }
}

/**
 * The spots around a global view's region (a ring of discs whose labels crowd above and below it): the
 * eight of spotsAroundNode, then above and below one to three rows further out, each centred, then shifted
 * half and a whole label to either side, so neighbours' names can alternate rows. Returns SPOTS_AROUND_REGION.
 */
export function spotsAroundRegion(x: number, y: number, clearance: number, width: number, height: number, out: Float64Array): number {
  spotsAroundNode(x, y, clearance, width, height, out);
  let k = 8;
  for (let row = 1; row <= REGION_ROWS; row++) {
    const below = y + clearance + row * (height + 2);
    const above = y - clearance - (row + 1) * (height + 2);
    for (const shift of REGION_SHIFTS) {
      const dx = shift * width;
      out[k * 2] = x - width / 2 + dx; out[k * 2 + 1] = below;
      k++;
      out[k * 2] = x - width / 2 + dx; out[k * 2 + 1] = above;
      k++;
    }
  }
  return SPOTS_AROUND_REGION;
}

/** Rows further out above and below a region, and the shifts (in label widths) tried in each. */
const REGION_ROWS = 3;
const REGION_SHIFTS = [0, -0.5, 0.5, -1, 1] as const;
/** How many spots spotsAroundRegion writes. */
export const SPOTS_AROUND_REGION = 8 + REGION_ROWS * REGION_SHIFTS.length * 2;
