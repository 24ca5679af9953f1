// Node names and edge numbers as DOM text over the canvas: crisp at any zoom, selectable by the browser's
// own text rendering, and safe because every string goes through textContent (names are untrusted).
// Elements come from a pool and are only touched when what they show changes.
import { displayName } from '../../shared/display-name';
import { estimateTextWidth } from '../../shared/view/label-cull';
import { LabelPlacer, orderSpotsOutward, PlacementObstacles, SPOTS_AROUND_NODE, SPOTS_AROUND_REGION, spotsAroundNode, spotsAroundRegion, type PlacementRequest, type PlacementViewport } from '../../shared/view/label-placement';

export type LabelTone = 'normal' | 'warning' | 'danger' | 'stale' | 'strong';

export interface LabelItem extends PlacementRequest {
  text: string;
  /** The detailed form's text ('' for none), shown where the placer found room for it. */
  detailText: string;
  tone: LabelTone;
  kind: 'node' | 'edge';
  fontPx: number;
}

/** A label on screen (CSS px of the canvas): for tests and scripts that check the picture. */
export interface ShownLabel {
  text: string;
  kind: 'node' | 'edge';
  x: number;
  y: number;
  width: number;
  height: number;
  /** False only for a forced label that found no spot clear of every other label, disc and edge. */
  clean: boolean;
}

const TONE_COLOR: Record<LabelTone, string> = {
  normal: '#c9d8e8',
  warning: '#ffc94d',
  danger: '#ff6b93',
  stale: '#7d8592',
  strong: '#ffffff',
};

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Horizontal padding of a label element on each side (its box is the measured text plus this). */
const PAD_X = 2;
const MEASURE_CACHE = 4096;
const _box = { width: 0, height: 0 };
/** The spots right beside a node (below, above, right, left, the diagonals), before any further out. */
const NEAR_SPOTS = 8;
/** Spots a label may offer at most (a region's, and four corners for the INTERNET's). */
const MAX_SPOTS = Math.max(SPOTS_AROUND_NODE, SPOTS_AROUND_REGION + 4);

interface PooledLabel { element: HTMLDivElement; text: string; tone: LabelTone | ''; kind: string; fontPx: number; x: number; y: number; width: number; shown: boolean; plate: boolean | null }

export class LabelLayer {
  private readonly pool: PooledLabel[] = [];
  private readonly items: LabelItem[] = [];
  private count = 0;
  private readonly placer = new LabelPlacer();
  /** Node discs and edge segments no label may cover (CSS px of the canvas), filled by the scene each update. */
  readonly obstacles = new PlacementObstacles();
  private readonly viewport: PlacementViewport = { width: 1, height: 1 };
  private readonly shownLabels: ShownLabel[] = [];
  private shownCount = 0;
  private measureContext: CanvasRenderingContext2D | null | undefined;
  private readonly widths = new Map<string, number>();

  constructor(private readonly root: HTMLElement, private readonly maxVisible = 320) {
    root.style.pointerEvents = 'none';
    root.style.overflow = 'hidden';
  }

  /** Starts a new frame of labels and obstacles; items are reused objects (no garbage on every pan). */
  begin(): void {
    this.count = 0;
    this.obstacles.clear();
  }

  /** Width of one line of text as the browser draws it (measured once per text and size, then cached). */
  private lineWidth(line: string, fontPx: number, strong: boolean): number {
    if (this.measureContext === undefined) this.measureContext = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    const ctx = this.measureContext;
    if (!ctx) return estimateTextWidth(line, fontPx);
    const key = (strong ? 'b' : 'n') + fontPx + '\u0000' + line;
    let width = this.widths.get(key);
    if (width === undefined) {
      ctx.font = `${strong ? '600 ' : ''}${fontPx}px ${FONT_FAMILY}`;
      width = Math.ceil(ctx.measureText(line).width) + 2 * PAD_X + 2;
      if (this.widths.size >= MEASURE_CACHE) this.widths.clear();
      this.widths.set(key, width);
    }
    return width;
  }

  /** Multi-line text (a region's name over its numbers): widest line, one line-height per line. */
  private size(text: string, fontPx: number, strong: boolean, out: { width: number; height: number }): void {
    let width = 0;
    let lines = 1;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 10) {
        width = Math.max(width, this.lineWidth(text.slice(start, i), fontPx, strong));
        if (i < text.length) lines++;
        start = i + 1;
      }
    }
    out.width = width;
    out.height = Math.ceil(lines * fontPx * 1.25) + 1;
  }

  private next(text: string, priority: number, tone: LabelTone, kind: 'node' | 'edge', fontPx: number, force: boolean): LabelItem {
    let item = this.items[this.count];
    if (!item) {
      item = { text: '', detailText: '', width: 0, height: 0, priority: 0, force: false, spots: new Float64Array(2 * MAX_SPOTS), spotCount: 0, ownDisc: -1, ownEdge: -1, tone: 'normal', kind: 'node', fontPx: 12, detailWidth: 0, detailHeight: 0, detailSpots: new Float64Array(2 * MAX_SPOTS), detailSpotCount: 0 };
      this.items.push(item);
    }
    item.text = displayName(text);
    this.size(item.text, fontPx, tone === 'strong', _box);
    item.width = _box.width;
    item.height = _box.height;
    item.detailText = '';
    item.detailWidth = 0;
    item.detailHeight = 0;
    item.detailSpotCount = 0;
    item.priority = priority;
    item.force = force;
    item.tone = tone;
    item.kind = kind;
    item.fontPx = fontPx;
    item.ownDisc = -1;
    item.ownEdge = -1;
    item.overEdges = false;
    item.spotCount = 0;
    this.count++;
    return item;
  }

  /** Adds a label anchored at its top centre (x, y) in CSS pixels of the canvas: that one spot or none. */
  add(text: string, x: number, y: number, priority: number, tone: LabelTone, kind: 'node' | 'edge', fontPx: number, force = false, ownDisc = -1): void {
    const item = this.next(text, priority, tone, kind, fontPx, force);
    item.spots[0] = x - item.width / 2;
    item.spots[1] = y;
    item.spotCount = 1;
    item.ownDisc = ownDisc;
  }

  /**
   * Adds a node's label that may go below, above, beside or diagonally off the node at (x, y), always
   * `clearance` px from its centre (past the disc and any ring drawn around it), wherever nothing crosses it.
   */
  addAround(text: string, x: number, y: number, clearance: number, priority: number, tone: LabelTone, fontPx: number, force: boolean, overEdges = false): void {
    const item = this.next(text, priority, tone, 'node', fontPx, force);
    item.overEdges = overEdges;
    item.spotCount = spotsAroundNode(x, y, clearance, item.width, item.height, item.spots);
  }

  /**
   * Level of detail: a global view's region label that may go anywhere around it (spotsAroundRegion), in a short form
   * (`text`, always tried first, for every label) and a detailed one (`detail`) taken where it fits clean.
   */
  addAroundWithDetail(text: string, detail: string, x: number, y: number, clearance: number, priority: number, tone: LabelTone, fontPx: number, force: boolean, outX = 0, outY = 0): void {
    const item = this.next(text, priority, tone, 'node', fontPx, force);
    item.spotCount = spotsAroundRegion(x, y, clearance, item.width, item.height, item.spots);
    // Outward first (away from the ring's middle, where the streams run), when a direction is given.
    // Near spots first, then the rows further out, each outward first.
    orderSpotsOutward(x, y, outX, outY, item.width, item.height, item.spots, NEAR_SPOTS);
    orderSpotsOutward(x, y, outX, outY, item.width, item.height, item.spots, item.spotCount, NEAR_SPOTS);
    if (detail === '' || detail === text) return;
    item.detailText = displayName(detail);
    this.size(item.detailText, fontPx, tone === 'strong', _box);
    item.detailWidth = _box.width;
    item.detailHeight = _box.height;
    item.detailSpotCount = spotsAroundRegion(x, y, clearance, _box.width, _box.height, item.detailSpots!);
    orderSpotsOutward(x, y, outX, outY, _box.width, _box.height, item.detailSpots!, NEAR_SPOTS);
    orderSpotsOutward(x, y, outX, outY, _box.width, _box.height, item.detailSpots!, item.detailSpotCount, NEAR_SPOTS);
  }

  /** Adds a label that may take any of `count` spots (top-left corners, CSS px), in order of preference. */
  addSpots(text: string, spots: ArrayLike<number>, count: number, priority: number, tone: LabelTone, fontPx: number, force: boolean): void {
    const item = this.next(text, priority, tone, 'node', fontPx, force);
    const n = Math.min(count, item.spots.length / 2);
    for (let k = 0; k < 2 * n; k++) item.spots[k] = spots[k]!;
    item.spotCount = n;
  }

  /** The size the label layer gives `text` at `fontPx` (to place a label relative to its own size). */
  measure(text: string, fontPx: number, out: { width: number; height: number }): void {
    const item = this.next(text, 0, 'normal', 'node', fontPx, false);
    out.width = item.width;
    out.height = item.height;
    this.count--;
  }

  /** Adds an edge's number centred on (x, y) on the edge, or just above or below it; the edge itself may cross it. */
  addOnEdge(text: string, x: number, y: number, edge: number, priority: number, tone: LabelTone, fontPx: number, force: boolean): void {
    const item = this.next(text, priority, tone, 'edge', fontPx, force);
    const left = x - item.width / 2;
    item.spots[0] = left;
    item.spots[1] = y - item.height / 2;
    item.spots[2] = left;
    item.spots[3] = y - item.height - 3;
    item.spots[4] = left;
    item.spots[5] = y + 3;
    item.spotCount = 3;
    item.ownEdge = edge;
  }

  /** A node disc (centre and radius in CSS pixels) that no label may cover; returns its index (for `ownDisc`). */
  addObstacle(x: number, y: number, r: number): number {
    return this.obstacles.addDisc(x, y, r);
  }

  /** An edge segment (CSS px) no label may be crossed by, except the edge's own number. */
  addSegment(x0: number, y0: number, x1: number, y1: number, halfWidth: number, edge: number): void {
    this.obstacles.addSegment(x0, y0, x1, y1, halfWidth, edge);
  }

  /**
   * Places the labels and writes the survivors into pooled elements; `offsetX/Y` map canvas → layer. With
   * `insets` (the chrome over the canvas) labels keep inside the area the chrome leaves.
   */
  commit(width: number, height: number, offsetX: number, offsetY: number, insets?: { top: number; right: number; bottom: number; left: number }): number {
    const items = this.items;
    this.viewport.width = width;
    this.viewport.height = height;
    this.viewport.insets = insets;
    const placed = this.placer.place(items, this.count, this.obstacles, this.viewport, this.maxVisible);
    let used = 0;
    for (const placement of placed) {
      const item = items[placement.index]!;
      const text = placement.detailed ? item.detailText : item.text;
      const itemWidth = placement.detailed ? item.detailWidth! : item.width;
      const shown = this.shownLabels[used] ?? (this.shownLabels[used] = { text: '', kind: 'node', x: 0, y: 0, width: 0, height: 0, clean: true });
      shown.text = text;
      shown.kind = item.kind;
      shown.x = placement.x;
      shown.y = placement.y;
      shown.width = itemWidth;
      shown.height = placement.detailed ? item.detailHeight! : item.height;
      shown.clean = placement.clean;
      const label = this.pooled(used++);
      if (label.text !== text) {
        label.element.textContent = text;
        label.text = text;
      }
      if (label.tone !== item.tone) {
        label.element.style.color = TONE_COLOR[item.tone];
        label.element.style.fontWeight = item.tone === 'strong' ? '600' : '400';
        label.tone = item.tone;
      }
      if (label.kind !== item.kind || label.fontPx !== item.fontPx) {
        label.element.className = item.kind === 'edge' ? 'fs-label fs-label-edge' : 'fs-label fs-label-node';
        label.element.style.fontSize = item.fontPx + 'px';
        label.kind = item.kind;
        label.fontPx = item.fontPx;
      }
      // Edge numbers, and names placed over an edge (a collapsed island's), sit on a dark plate.
      const plate = item.kind === 'edge' || !placement.clean;
      if (label.plate !== plate) {
        label.element.style.background = plate ? 'rgba(11,15,23,0.72)' : 'transparent';
        label.plate = plate;
      }
      if (label.width !== itemWidth) {
        // The element is exactly the box the placer kept clear, text centred in it.
        label.element.style.width = itemWidth + 'px';
        label.width = itemWidth;
      }
      const x = Math.round(placement.x + offsetX);
      const y = Math.round(placement.y + offsetY);
      if (label.x !== x || label.y !== y) {
        label.element.style.transform = `translate(${x}px, ${y}px)`;
        label.x = x;
        label.y = y;
      }
      if (!label.shown) {
        label.element.style.display = 'block';
        label.shown = true;
      }
    }
    this.shownCount = used;
    for (let i = used; i < this.pool.length; i++) {
      const label = this.pool[i]!;
      if (label.shown) {
        label.element.style.display = 'none';
        label.shown = false;
      }
    }
    return used;
  }

  /** The labels on screen after the last commit (copies, CSS px of the canvas). */
  shown(): ShownLabel[] {
    return this.shownLabels.slice(0, this.shownCount).map((l) => ({ ...l }));
  }

  private pooled(i: number): PooledLabel {
    let label = this.pool[i];
    if (!label) {
      const element = document.createElement('div');
      const s = element.style;
      s.position = 'absolute';
      s.left = '0';
      s.top = '0';
      s.whiteSpace = 'pre';
      s.boxSizing = 'border-box';
      s.overflow = 'visible';
      s.textAlign = 'center';
      s.lineHeight = '1.25';
      s.padding = `0 ${PAD_X}px`;
      s.borderRadius = '3px';
      s.fontFamily = FONT_FAMILY;
      s.textShadow = '0 0 3px #000, 0 0 2px #000';
      s.display = 'none';
      this.root.appendChild(element);
      label = { element, text: '', tone: '', kind: '', fontPx: 0, x: NaN, y: NaN, width: -1, shown: false, plate: null };
      this.pool.push(label);
    }
    return label;
  }

  clear(): void {
    this.begin();
    this.commit(0, 0, 0, 0);
  }

  dispose(): void {
    for (const label of this.pool) label.element.remove();
    this.pool.length = 0;
  }
}
