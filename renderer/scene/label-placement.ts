// Which words go where: node names (and, in the global view, each region's share, rps and error % inside
// or beside its disc, clear of the streams), edge numbers, ranked so the important survive the culling
// (label-rank.ts: severity — firing alerts included — then volume), selection, search hits and nodes with
// firing alerts forced. In region and focus views the
// INTERNET's ingress label and the region's totals are forced too. In every view each edge is an obstacle
// (a label goes below, above, beside or diagonally off its node, wherever no edge crosses it), text starts
// past the selection ring, and labels keep out from under the chrome (the camera's insets). The global view
// writes each region in two levels of detail (addRegionLabels). The label layer (label-layer.ts, shared/view/label-placement.ts) places and draws them.
import type { TrafficClass } from '../../shared/model';
import { edgeMetricText, type EdgeMetric } from '../../shared/view/edge-metric';
import { alertLabelSuffix } from '../../shared/alerts/alert-summary';
import { bezierPoint, type Point } from '../../shared/view/geometry';
import { globalHeadline, ingressLabelText, regionTotalsText } from '../../shared/view/headline';
import { SPOTS_AROUND_REGION, spotsAroundRegion } from '../../shared/view/label-placement';
import { NODE_LABEL_TIER, rankEdgeLabels, rankNodeLabels } from '../../shared/view/label-rank';
import { labelClearance } from '../../shared/view/node-size';
import type { ViewModel, ViewNode } from '../../shared/view/view-model';
import type { CameraController } from './camera-controller';
import { LabelLayer, type LabelTone, type ShownLabel } from './label-layer';
import { grownLength, type SceneState } from './scene-state';

/** Edge numbers considered per frame, busiest (and failing) first: the rest would be noise around them. */
const EDGE_LABEL_CANDIDATES = 160;
/** Label bonuses: the selection's neighbourhood, and the numbers on the selection's own edges above that. */
const NEAR_BONUS = NODE_LABEL_TIER / 2;
const SELECTED_EDGE_BONUS = NODE_LABEL_TIER + NODE_LABEL_TIER * 0.6;
const FORCE_BONUS = NODE_LABEL_TIER * 10;
/** Up to this many nodes in the global view, every region's name and headline are always shown. */
const GLOBAL_FORCED_LABELS = 48;
/** Numbers inside a region's disc are written at least this large, else they go on the line under its name. */
const INSIDE_MIN_PX = 12;
/** Past this many nodes the global view is a ring whose names need room on every side (fitRoom). */
const RING_NODES = 8;
/** The global view's fit keeps at least this margin (CSS px) where its labels need less room than the usual one. */
const MIN_GLOBAL_MARGIN_PX = 24;
/** Text size factor on a wall, read from across a room. */
const WALL_TEXT_SCALE = 1.5;

const _p: Point = { x: 0, y: 0 };
const _q: Point = { x: 0, y: 0 };
const _p2: Point = { x: 0, y: 0 };
/** The region totals' spots (top-left corners) and size. */
const _totalSpots = new Float64Array(16);
const _size = { width: 0, height: 0 };
/** The INTERNET's spots in the global view (around its disc, then the free area's corners). */
const _internetSpots = new Float64Array(2 * (SPOTS_AROUND_REGION + 4));
/** Pieces each edge curve is cut into as an obstacle for labels. */
const EDGE_PIECES = 12;
/** What the filter left out keeps a grey name, below every name it kept. */
const FILTERED_OUT_PENALTY = NODE_LABEL_TIER;
/** The region totals are placed before anything else. */
const TOTALS_PRIORITY = NODE_LABEL_TIER * 100;

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
    const fontPx = global ? this.globalFontPx() : Math.round(Math.min(15, Math.max(11, 12 * Math.pow(zoom / 0.9, 0.3))) * this.textScale);
    this.addEdgeObstacles();
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    // The global view's middle (on screen): region names go outward from it, away from the streams.
    let midX = 0;
    let midY = 0;
    if (global) {
      for (let i = 0; i < s.nodes.length; i++) {
        cam.worldToScreen(s.x[i]!, s.y[i]!, _p);
        midX += _p.x / s.nodes.length;
        midY += _p.y / s.nodes.length;
      }
    }
    for (let i = 0; i < s.nodes.length; i++) {
      const node = s.nodes[i]!;
      const rPx = s.radius[i]! * zoom;
      const selected = node.id === s.selected;
      const hit = s.highlighted.has(node.id);
      const ingress = !global && node.kind === 'internet';
      cam.worldToScreen(s.x[i]!, s.y[i]!, _p);
      minX = Math.min(minX, _p.x - rPx);
      maxX = Math.max(maxX, _p.x + rPx);
      minY = Math.min(minY, _p.y - rPx);
      maxY = Math.max(maxY, _p.y + rPx);
      // Far out, tiny nodes lose their names first; selection, search hits and the ingress always keep theirs.
      if (rPx < 2.5 && !selected && !hit && !ingress) continue;
      const ringed = selected || hit;
      // Text starts past the selection (or search) ring, so the ring never cuts a name.
      const clearance = labelClearance(rPx, ringed);
      const disc = labels.addObstacle(_p.x, _p.y, ringed ? clearance - 3 : rPx);
      const filteredOut = s.filteredOut.has(node.id);
      const priority = this.nodeLabelPriority[i]! + (selected || hit ? FORCE_BONUS : 0) - (filteredOut ? FILTERED_OUT_PENALTY : 0);
      const dimmed = (s.dimming && !s.near.has(node.id) && !hit) || filteredOut;
      const near = s.dimming && s.near.has(node.id) ? NEAR_BONUS : 0;
      const nodeTone = tone(node.class, node.stale || dimmed, selected || hit);
      if (global) {
        this.addRegionLabels(node, _p.x, _p.y, rPx, clearance, priority + near, node.stale || dimmed, nodeTone, fontPx, selected || hit, disc, _p.x - midX, _p.y - midY);
        continue;
      }
      // The INTERNET and other regions say what they send into this one.
      const name = node.kind === 'service' ? node.name : ingressLabelText(node.id, node.name, s.edges);
      // A node with a firing alert keeps its name and badge (▲N) like the selection: an alert is never hidden.
      // A collapsed island's name (what a newcomer reads the big region by) may sit on a plate over the calls
      // packed around it rather than be dropped; so may the names of an open island's services.
      const badge = alertLabelSuffix(node.notices);
      labels.addAround(name + badge, _p.x, _p.y, clearance, priority + near, nodeTone, fontPx, selected || hit || ingress || badge !== '', node.island !== undefined || node.islandKey !== undefined);
    }
    if (!global && s.model?.totals && s.nodes.length > 0) this.addTotals(minX, minY, maxX, maxY, fontPx);
    if (this.labelsOn || s.view === 'focus') this.addEdgeLabels();
    labels.commit(cam.width, cam.height, this.offsetX, this.offsetY, cam.insets);
  }

  /**
   * How much room (CSS px, beyond `fitMarginPx`) the fitted picture should leave around it for labels: in a
   * region view, on its left for the INTERNET's ingress label (the INTERNET enters on the left, its calls fan
   * out to the right); in the global view, all round for the regions' names and headlines, which go outside
   * the ring of discs.
   */
  fitRoom(fitMarginPx: number, room: { left: number; top: number; right: number; bottom: number }): void {
    const s = this.s;
    room.left = room.top = room.right = room.bottom = 0;
    if (s.view === 'global') {
      const fontPx = this.globalFontPx();
      let width = 0;
      for (const node of s.nodes) {
        if (node.kind === 'internet') continue;
        // The short form: the name over the headline's one line (the widest of the two).
        const headline = globalHeadline(node);
        this.labels.measure(node.name + '\n' + headline.inside.replace(/\n/g, ' · '), fontPx, _size);
        width = Math.max(width, _size.width);
      }
      const height = Math.ceil(2 * fontPx * 1.25) + 1;
      // The labels take the place of the margin (down to MIN_GLOBAL_MARGIN_PX of it).
      const least = MIN_GLOBAL_MARGIN_PX - fitMarginPx;
      // A few regions put their names under or over their discs; a ring of many, beside them on its flanks
      // and in alternating rows above and below it.
      const ring = s.nodes.length > RING_NODES;
      room.left = room.right = Math.max(least, (ring ? width : width / 2) + 8 - fitMarginPx);
      room.top = room.bottom = Math.max(least, (ring ? 2 : 1) * height + 40 - fitMarginPx);
      return;
    }
    const internet = s.nodes.find((n) => n.kind === 'internet');
    if (!internet) return;
    this.labels.measure(ingressLabelText(internet.id, internet.name, s.edges), Math.round(15 * this.textScale), _size);
    room.left = Math.max(0, _size.width + 12 - fitMarginPx);
  }

  /**
   * The global view's text size: 16 px on a 1600×900 screen's scene, smaller on a laptop's, larger on a
   * 2560×1440 one (with the square root of the scene's size, 12 to 22 px), 1.5× on a wall.
   */
  private globalFontPx(): number {
    const cam = this.cameraCtl;
    const scale = Math.sqrt(Math.min(cam.width / 1200, cam.height / 880));
    return Math.round(Math.max(12, Math.min(22, 16 * scale)) * this.textScale);
  }

  /** The labels on screen now (CSS px of the canvas). */
  shown(): ShownLabel[] {
    return this.labels.shown();
  }

  /**
   * The region's totals (what enters it, its error rate, its internal calls and size), always on the map:
   * above the graph, else below it, else in a corner the panels leave free.
   */
  private addTotals(minX: number, minY: number, maxX: number, maxY: number, fontPx: number): void {
    const totals = this.s.model!.totals!;
    const text = regionTotalsText(totals);
    const size = Math.round(fontPx * 1.1);
    this.labels.measure(text, size, _size);
    const { width, height } = _size;
    const cam = this.cameraCtl;
    const inset = cam.insets;
    const cx = (minX + maxX) / 2;
    const spots = _totalSpots;
    const gap = 14;
    const left = inset.left + 12;
    const right = cam.width - inset.right - 12 - width;
    const top = inset.top + 10;
    const bottom = cam.height - inset.bottom - 10 - height;
    spots[0] = cx - width / 2; spots[1] = minY - gap - height;
    spots[2] = cx - width / 2; spots[3] = maxY + gap;
    spots[4] = left; spots[5] = top;
    spots[6] = right; spots[7] = top;
    spots[8] = left; spots[9] = bottom;
    spots[10] = right; spots[11] = bottom;
    spots[12] = cx - width / 2; spots[13] = top;
    spots[14] = cx - width / 2; spots[15] = bottom;
    this.labels.addSpots(text, spots, 8, TOTALS_PRIORITY, tone(totals.class, totals.stale, false), size, true);
  }

  /** Every drawn edge the filter kept, cut into straight pieces on screen, as an obstacle no label may be crossed by. */
  private addEdgeObstacles(): void {
    const s = this.s;
    const cam = this.cameraCtl;
    const d = s.table.data;
    const w = cam.width;
    const h = cam.height;
    for (let k = 0; k < s.edges.length; k++) {
      // A call the filter left out is drawn faint: the names of what the filter is for may sit over it.
      if (s.edgeLength[k]! <= 0 || s.filteredOut.has(s.edges[k]!.id)) continue;
      const o = s.table.offset(k, 0);
      const half = d[s.table.offset(k, 2) + 3]! * cam.zoom + 1.5;
      // A curve lies within the box of its ends and control point: one off screen costs nothing more.
      cam.worldToScreen(Math.min(d[o]!, d[o + 2]!, d[o + 4]!), Math.min(d[o + 1]!, d[o + 3]!, d[o + 5]!), _q);
      cam.worldToScreen(Math.max(d[o]!, d[o + 2]!, d[o + 4]!), Math.max(d[o + 1]!, d[o + 3]!, d[o + 5]!), _p2);
      if (Math.max(_q.x, _p2.x) < -half || Math.min(_q.x, _p2.x) > w + half || Math.max(_q.y, _p2.y) < -half || Math.min(_q.y, _p2.y) > h + half) continue;
      bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, 0, _q);
      cam.worldToScreen(_q.x, _q.y, _p2);
      let px = _p2.x;
      let py = _p2.y;
      for (let step = 1; step <= EDGE_PIECES; step++) {
        bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, step / EDGE_PIECES, _q);
        cam.worldToScreen(_q.x, _q.y, _p2);
        const x = _p2.x;
        const y = _p2.y;
        if (!((px < 0 && x < 0) || (py < 0 && y < 0) || (px > w && x > w) || (py > h && y > h))) this.labels.addSegment(px, py, x, y, half, k);
        px = x;
        py = y;
      }
    }
  }

  dispose(): void {
    this.labels.dispose();
  }

  /**
   * Global view, by level of detail: share, rps and error % inside the disc where they fit at a legible size
   * (else on the line under the name); the name (and that line) is every region's short label, always on
   * the map; its internal calls and worst call join it (the detailed form) only where there is room, most
   * severe first, then busiest (label-rank.ts). Streams are obstacles like edges in a region view.
   */
  private addRegionLabels(node: ViewNode, x: number, y: number, rPx: number, clearance: number, priority: number, grey: boolean, nameTone: LabelTone, fontPx: number, forced: boolean, disc: number, outX: number, outY: number): void {
    const headline = globalHeadline(node);
    const force = forced || this.s.nodes.length <= GLOBAL_FORCED_LABELS;
    const badge = alertLabelSuffix(node.notices);
    const below = node.name + badge + headline.below.slice(node.name.length);
    if (node.kind === 'internet') {
      this.addInternetLabel(below, x, y, clearance, priority, nameTone, fontPx, force);
      return;
    }
    if (headline.inside === '') {
      // A region with no data yet: its one line ("— rps · no data yet") is the headline.
      this.labels.addAround(below, x, y, clearance, priority, nameTone, fontPx, force);
      return;
    }
    const insidePx = Math.round(Math.min(fontPx * 1.1, Math.max(INSIDE_MIN_PX, rPx / 3.6)));
    const lines = 3;
    // Inside only where the text's whole box is within the disc: the streams end at the rim, so nothing crosses it.
    this.labels.measure(headline.inside, insidePx, _size);
    const fits = (_size.width / 2) ** 2 + (_size.height / 2) ** 2 <= (rPx - 1) ** 2;
    const [name, ...secondary] = below.split('\n');
    let short = name!;
    if (fits) this.labels.add(headline.inside, x, y - (insidePx * 1.25 * lines) / 2, priority + FORCE_BONUS, tone(node.class, grey, false), 'node', insidePx, force, disc);
    else short += '\n' + headline.inside.replace(/\n/g, ' · ');
    const detail = secondary.length > 0 ? short + '\n' + secondary.join('\n') : '';
    this.labels.addAroundWithDetail(short, detail, x, y, clearance, priority, nameTone, fontPx, force, outX, outY);
  }

  /**
   * The INTERNET's name and total in the global view: beside its disc where no stream crosses, else — at the
   * hub of a star of streams there is no such spot — in a corner of the free area, as a region view's totals.
   */
  private addInternetLabel(text: string, x: number, y: number, clearance: number, priority: number, labelTone: LabelTone, fontPx: number, force: boolean): void {
    this.labels.measure(text, fontPx, _size);
    const { width, height } = _size;
    const spots = _internetSpots;
    const around = spotsAroundRegion(x, y, clearance, width, height, spots);
    const cam = this.cameraCtl;
    const inset = cam.insets;
    const left = inset.left + 12;
    const right = cam.width - inset.right - 12 - width;
    const top = inset.top + 10;
    const bottom = cam.height - inset.bottom - 10 - height;
    // The spots around the disc and rows further out, then the four corners of what the chrome leaves.
    const o = around * 2;
    spots[o] = left; spots[o + 1] = top;
    spots[o + 2] = right; spots[o + 3] = top;
    spots[o + 4] = left; spots[o + 5] = bottom;
    spots[o + 6] = right; spots[o + 7] = bottom;
    this.labels.addSpots(text, spots, around + 4, priority, labelTone, fontPx, force);
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
      if (s.filteredOut.has(e.id)) continue;
      const selected = e.id === s.selected || e.source === s.selected || e.target === s.selected;
      if (candidates >= EDGE_LABEL_CANDIDATES && !selected) continue;
      const o = s.table.offset(i, 0);
      bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, 0.5, _q);
      cam.worldToScreen(_q.x, _q.y, _p);
      if (_p.x < 0 || _p.y < 0 || _p.x > cam.width || _p.y > cam.height) continue;
      candidates++;
      const text = edgeMetricText(e, this.edgeMetric);
      this.labels.addOnEdge(text, _p.x, _p.y, i, this.edgeLabelPriority[i]! + (selected ? SELECTED_EDGE_BONUS : 0), tone(e.class, e.stale || (this.s.dimming && !selected), false), fontPx, e.id === s.selected);
    }
  }
}
