// Which words go where: node names (and, in the global view, each region's share, rps and error % inside
// or beside its disc, clear of the streams), edge numbers, ranked so the important survive the culling
// (label-rank.ts), selection and search hits forced. The label layer (label-layer.ts) culls and draws them.
import type { TrafficClass } from '../../shared/model';
import { edgeMetricText, type EdgeMetric } from '../../shared/view/edge-metric';
import { alertLabelSuffix } from '../../shared/alerts/alert-summary';
import { bezierPoint, type Point } from '../../shared/view/geometry';
import { globalHeadline } from '../../shared/view/headline';
import { estimateTextWidth } from '../../shared/view/label-cull';
import { NODE_LABEL_TIER, rankEdgeLabels, rankNodeLabels } from '../../shared/view/label-rank';
import type { ViewModel, ViewNode } from '../../shared/view/view-model';
import type { CameraController } from './camera-controller';
import { LabelLayer, type LabelTone } from './label-layer';
import { grownLength, type SceneState } from './scene-state';

/** Edge numbers considered per frame, busiest (and failing) first: the rest would be noise around them. */
const EDGE_LABEL_CANDIDATES = 160;
/** Label bonuses: the selection's neighbourhood, and the numbers on the selection's own edges above that. */
const NEAR_BONUS = NODE_LABEL_TIER / 2;
const SELECTED_EDGE_BONUS = NODE_LABEL_TIER + NODE_LABEL_TIER * 0.6;
const FORCE_BONUS = NODE_LABEL_TIER * 10;
/** Up to this many nodes in the global view, every region's name and totals are always shown. */
const GLOBAL_FORCED_LABELS = 12;
/** Text size factor on a wall, read from across a room. */
const WALL_TEXT_SCALE = 1.5;

const _p: Point = { x: 0, y: 0 };
const _q: Point = { x: 0, y: 0 };
const _p2: Point = { x: 0, y: 0 };
/** Candidate label anchors (x, y) ×4: below, above, right, left. */
const _spots = new Float64Array(8);

function tone(cls: TrafficClass, stale: boolean, strong: boolean): LabelTone {
  if (stale) return 'stale';
  if (strong) return 'strong';
  return cls;
}

export class LabelPlacement {
  private readonly labels: LabelLayer;
  private labelsOn = false;
  private edgeMetric: EdgeMetric = 'rps';
  private textScale = 1;
  private offsetX = 0;
  private offsetY = 0;
  private nodeLabelPriority = new Float64Array(0);
  private edgeLabelOrder = new Int32Array(0);
  private edgeLabelPriority = new Float64Array(0);

  constructor(private readonly s: SceneState, private readonly cameraCtl: CameraController, root: HTMLElement) {
    this.labels = new LabelLayer(root);
  }

  /** Edge numbers beside the names (the focus view shows them regardless); false if nothing changed. */
  setVisible(on: boolean): boolean {
    if (on === this.labelsOn) return false;
    this.labelsOn = on;
    return true;
  }

  /** What the edge numbers say (rps, error %, p95); false if nothing changed. */
  setEdgeMetric(metric: EdgeMetric): boolean {
    if (metric === this.edgeMetric) return false;
    this.edgeMetric = metric;
    return true;
  }

  /** Wall text: 1.5× larger. */
  setWallText(on: boolean): void {
    this.textScale = on ? WALL_TEXT_SCALE : 1;
  }

  /** Where the canvas sits in the label layer (CSS px). */
  setOffset(x: number, y: number): void {
    this.offsetX = x;
    this.offsetY = y;
  }

  /** Ranks a new model's nodes and edges (edge arrays must already hold its edges). */
  rank(model: ViewModel): void {
    const n = model.nodes.length;
    if (this.nodeLabelPriority.length < n) this.nodeLabelPriority = new Float64Array(grownLength(this.nodeLabelPriority.length, n));
    const m = model.edges.length;
    if (this.edgeLabelOrder.length < m) {
      const size = grownLength(this.edgeLabelOrder.length, m);
      this.edgeLabelOrder = new Int32Array(size);
      this.edgeLabelPriority = new Float64Array(size);
    }
    rankNodeLabels(model.nodes, this.nodeLabelPriority);
    rankEdgeLabels(model.edges, this.edgeLabelOrder, this.edgeLabelPriority);
  }

  update(): void {
    const s = this.s;
    s.labelsDirty = false;
    const cam = this.cameraCtl;
    const zoom = cam.zoom;
    const labels = this.labels;
    labels.begin();
    if (s.awaitingLayout !== null) {
      labels.commit(cam.width, cam.height, this.offsetX, this.offsetY);
      return;
    }
    const global = s.view === 'global';
    // Text grows a little as one zooms in (a wall viewer stepping closer in the picture), never below 11 px.
    const fontPx = Math.round((global ? 16 : Math.min(15, Math.max(11, 12 * Math.pow(zoom / 0.9, 0.3)))) * this.textScale);
    for (let i = 0; i < s.nodes.length; i++) {
      const node = s.nodes[i]!;
      const rPx = s.radius[i]! * zoom;
      const selected = node.id === s.selected;
      const hit = s.highlighted.has(node.id);
      // Far out, tiny nodes lose their names first; selection and search hits always keep theirs.
      if (rPx < 2.5 && !selected && !hit) continue;
      cam.worldToScreen(s.x[i]!, s.y[i]!, _p);
      labels.addObstacle(_p.x, _p.y, rPx);
      const priority = this.nodeLabelPriority[i]! + (selected || hit ? FORCE_BONUS : 0);
      const dimmed = s.dimming && !s.near.has(node.id) && !hit;
      const near = s.dimming && s.near.has(node.id) ? NEAR_BONUS : 0;
      const nodeTone = tone(node.class, node.stale || dimmed, selected || hit);
      // The selection ring sits just outside the disc: text below it starts clear of the ring.
      const below = _p.y + rPx + (selected ? 8 : 2);
      if (global) {
        this.addRegionLabels(node, _p.x, _p.y, rPx, below, priority + near, node.stale || dimmed, nodeTone, fontPx, selected || hit);
        continue;
      }
      labels.add(node.name + alertLabelSuffix(node.notices), _p.x, below, priority + near, nodeTone, 'node', fontPx, selected || hit);
    }
    if (this.labelsOn || s.view === 'focus') this.addEdgeLabels();
    labels.commit(cam.width, cam.height, this.offsetX, this.offsetY);
  }

  dispose(): void {
    this.labels.dispose();
  }

  /**
   * Global view: share, rps and error % inside the disc (in the class's colour, where it fits), the name and
   * the secondary numbers below. A few regions' totals always survive the culling; twenty compete by rank.
   */
  private addRegionLabels(node: ViewNode, x: number, y: number, rPx: number, below: number, priority: number, grey: boolean, nameTone: LabelTone, fontPx: number, forced: boolean): void {
    const headline = globalHeadline(node);
    const force = forced || this.s.nodes.length <= GLOBAL_FORCED_LABELS;
    const insidePx = Math.round(Math.min(fontPx * 1.1, Math.max(10, rPx / 3.6)));
    const lines = 3;
    const fits = insidePx * 1.25 * lines <= rPx * 1.5 && estimateTextWidth(headline.inside.split('\n')[0]!, insidePx) <= rPx * 1.7;
    // Alerts firing on the node (▲N) follow its name, as in the region view.
    let text = node.name + alertLabelSuffix(node.notices) + headline.below.slice(node.name.length);
    if (headline.inside !== '' && fits) {
      this.labels.add(headline.inside, x, y - (insidePx * 1.25 * lines) / 2, priority + FORCE_BONUS, tone(node.class, grey, false), 'node', insidePx, force);
    } else if (headline.inside !== '') {
      text = text.replace('\n', '\n' + headline.inside.replace(/\n/g, ' · ') + '\n');
    }
    this.placeBeside(text, x, y, rPx, below - y, priority, nameTone, fontPx, force);
  }

  /**
   * A global node's name goes below its disc unless a stream runs through that spot (the INTERNET's often
   * does), then above, right or left — the first place no stream crosses, else the one the thinnest cross.
   */
  private placeBeside(text: string, x: number, y: number, rPx: number, gap: number, priority: number, labelTone: LabelTone, fontPx: number, force: boolean): void {
    let lines = 0;
    let widest = 0;
    for (const line of text.split('\n')) {
      widest = Math.max(widest, estimateTextWidth(line, fontPx));
      lines++;
    }
    const height = lines * fontPx * 1.25 + 2;
    const spots = _spots;
    spots[0] = x; spots[1] = y + gap;
    spots[2] = x; spots[3] = y - gap - height;
    spots[4] = x + rPx + 8 + widest / 2; spots[5] = y - height / 2;
    spots[6] = x - rPx - 8 - widest / 2; spots[7] = y - height / 2;
    let best = 0;
    let bestCrossings = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 4; k++) {
      const crossings = this.streamsThrough(spots[k * 2]! - widest / 2, spots[k * 2 + 1]!, widest, height);
      if (crossings < bestCrossings) {
        best = k;
        bestCrossings = crossings;
      }
      if (crossings === 0) break;
    }
    this.labels.add(text, spots[best * 2]!, spots[best * 2 + 1]!, priority, labelTone, 'node', fontPx, force);
  }

  /** Edges passing through a screen box, each weighed by its stream's width (a thread costs little, a river a lot). */
  private streamsThrough(left: number, top: number, width: number, height: number): number {
    const s = this.s;
    const cam = this.cameraCtl;
    const d = s.table.data;
    let count = 0;
    for (let k = 0; k < s.edges.length; k++) {
      if (s.edgeLength[k]! <= 0) continue;
      const o = s.table.offset(k, 0);
      const pad = d[s.table.offset(k, 2) + 3]! * cam.zoom + 3;
      for (let step = 1; step < 16; step++) {
        bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, step / 16, _q);
        cam.worldToScreen(_q.x, _q.y, _p2);
        if (_p2.x > left - pad && _p2.x < left + width + pad && _p2.y > top - pad && _p2.y < top + height + pad) {
          count += pad - 2;
          break;
        }
      }
    }
    return count;
  }

  private addEdgeLabels(): void {
    const s = this.s;
    const cam = this.cameraCtl;
    const d = s.table.data;
    const fontPx = Math.round(11 * this.textScale);
    // Most important first (rankEdgeLabels); past the cap only the selection's numbers still join.
    let candidates = 0;
    for (let k = 0; k < s.edges.length; k++) {
      const i = this.edgeLabelOrder[k]!;
      if (s.edgeLength[i]! <= 0 || s.edgeLength[i]! * cam.zoom < 70) continue;
      const e = s.edges[i]!;
      const selected = e.id === s.selected || e.source === s.selected || e.target === s.selected;
      if (candidates >= EDGE_LABEL_CANDIDATES && !selected) continue;
      const o = s.table.offset(i, 0);
      bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, 0.5, _q);
      cam.worldToScreen(_q.x, _q.y, _p);
      if (_p.x < 0 || _p.y < 0 || _p.x > cam.width || _p.y > cam.height) continue;
      candidates++;
      const text = edgeMetricText(e, this.edgeMetric);
      this.labels.add(text, _p.x, _p.y - fontPx * 0.65, this.edgeLabelPriority[i]! + (selected ? SELECTED_EDGE_BONUS : 0), tone(e.class, e.stale || (this.s.dimming && !selected), false), 'edge', fontPx, e.id === s.selected);
    }
  }
}
