// The three.js scene: one draw call each for edges, particles and nodes, DOM labels on top, an
// orthographic camera with pan/zoom/transitions, and grid picking. Layout and schedule math live in
// shared/view (pure, tested); this file wires them to the GPU and the pointer.
import { Scene, WebGLRenderer, type IUniform } from 'three';
import { errorRatio, totalRate, type TrafficClass } from '../../shared/model';
import { ELK_MAX_EDGES, ELK_MAX_NODES } from '../../shared/view/elk-graph';
import { FrameStats } from '../../shared/view/frame-stats';
import { alertLabelSuffix } from '../../shared/alerts/alert-summary';
import { NODE_LABEL_TIER, rankEdgeLabels, rankNodeLabels } from '../../shared/view/label-rank';
import { bezierPoint, edgeControl, emptyBounds, growBounds, type Bounds, type Point } from '../../shared/view/geometry';
import { freshLayout, layoutInputOf, layoutView, minNodeDistance, placeIncrementally, type Positions } from '../../shared/view/layout';
import { maxNodeRadius, nearestDistances, nodeRadius, viewSizeScale } from '../../shared/view/node-size';
import { classIndex, COLORS, formatPercent, formatRps } from '../../shared/view/palette';
import { allocateParticles, easedCount, PARTICLE_BUDGET, particleBudget, rateLevel, zoomBudgetScale } from '../../shared/view/particles';
import { PickIndex, type PickEdge, type PickNode } from '../../shared/view/pick-index';
import type { Route, ViewEdge, ViewKind, ViewModel, ViewNode } from '../../shared/view/view-model';
import { CameraController, type CameraState } from './camera-controller';
import { EdgeLayer } from './edge-layer';
import { EdgeTable } from './edge-table';
import { LabelLayer, type LabelTone } from './label-layer';
import { LayoutClient } from './layout-client';
import { NodeLayer, type NodeInstance } from './node-layer';
import { ParticleLayer } from './particle-layer';
import { PointerControls } from './pointer-controls';

export interface PickHit { type: 'node' | 'edge'; id: string }
export interface SceneStats { nodes: number; connections: number; particles: number; frameMsP50: number; frameMsP95: number }
export interface FlowScene {
  /** A new view (animate=true: camera transition) or new data for the same view (rates ease over ~1 s, layout stable). */
  show(model: ViewModel, options: { animate: boolean }): void;
  setLabelsVisible(on: boolean): void;
  highlight(nodeIds: readonly string[]): void;
  select(id: string | null): void;
  fit(): void;
  onPick(handler: (hit: PickHit | null, event: { double: boolean }) => void): void;
  resize(): void;
  stats(): SceneStats;
  dispose(): void;
  /** Centres the camera on a node (search "jump to"), zooming in if the view is far out. */
  reveal(nodeId: string): void;
  /**
   * Wall mode (a screen across the room): text 1.5× larger, and a region view whose layered layout is still
   * being computed stays blank until it has settled, then appears already fitted, without a zoom or a glide.
   */
  setWallMode(on: boolean): void;
  /** Screen edges (CSS px) covered by panels; fit-to-screen keeps the graph clear of them. */
  setInsets(insets: { top: number; right: number; bottom: number; left: number }): void;
}

const TRANSITION_MS = 800;
const FADE_MS = 450;
const NODE_TWEEN_MS = 650;
const FIT_MARGIN_PX = 64;
const POOL = PARTICLE_BUDGET * 2 + 8192;
const LAYOUT_CACHE_SIZE = 64;
const TIME_REBASE_SECONDS = 900;
/** How long the camera must rest before particles are re-shared among the edges on screen. */
const PARTICLE_SETTLE_MS = 300;
/** Edge numbers considered per frame, busiest (and failing) first: the rest would be noise around them. */
const EDGE_LABEL_CANDIDATES = 160;
/** Label bonuses: the selection's neighbourhood, and the numbers on the selection's own edges above that. */
const NEAR_BONUS = NODE_LABEL_TIER / 2;
const SELECTED_EDGE_BONUS = NODE_LABEL_TIER + NODE_LABEL_TIER * 0.6;
const FORCE_BONUS = NODE_LABEL_TIER * 10;
/** Text size factor on a wall, read from across a room. */
const WALL_TEXT_SCALE = 1.5;

const DEPTH: Record<ViewKind, number> = { global: 0, region: 1, focus: 2 };

const _p: Point = { x: 0, y: 0 };
const _q: Point = { x: 0, y: 0 };
const _c: Point = { x: 0, y: 0 };
const _fit: CameraState = { cx: 0, cy: 0, zoom: 1 };
const _from: CameraState = { cx: 0, cy: 0, zoom: 1 };

function viewKey(route: Route): string {
  if (route.view === 'global') return 'global';
  if (route.view === 'region') return 'region\u0000' + (route.region ?? '');
  return 'focus\u0000' + (route.region ?? '') + '\u0000' + (route.service ?? '');
}

function kindIndex(node: ViewNode, view: ViewKind): number {
  if (node.kind === 'internet') return 1;
  return node.kind === 'region' && view !== 'global' ? 2 : 0;
}

function noticeLevel(node: { notices: readonly { severity: string }[] }): number {
  let level = 0;
  for (const n of node.notices) level = Math.max(level, n.severity === 'danger' ? 3 : n.severity === 'warning' ? 2 : 1);
  return level;
}

function tone(cls: TrafficClass, stale: boolean, strong: boolean): LabelTone {
  if (stale) return 'stale';
  if (strong) return 'strong';
  return cls;
}

class ThreeFlowScene implements FlowScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly cameraCtl = new CameraController();
  private readonly uniforms: Record<string, IUniform> = { uTime: { value: 0 }, uFade: { value: 1 }, uPx: { value: 1 }, uEdges: { value: null } };
  private readonly table = new EdgeTable(256);
  private readonly edgeLayer: EdgeLayer;
  private readonly particleLayer: ParticleLayer;
  private readonly nodeLayer: NodeLayer;
  private readonly labels: LabelLayer;
  private readonly layoutClient = new LayoutClient();
  private readonly pickIndex = new PickIndex(80);
  private readonly frameStats = new FrameStats(240);
  private readonly layoutCache = new Map<string, Positions>();
  private startedAt = performance.now();

  private model: ViewModel | null = null;
  private key = '';
  private view: ViewKind = 'global';
  private nodes: ViewNode[] = [];
  private edges: ViewEdge[] = [];
  private readonly nodeIndex = new Map<string, number>();
  private instances: NodeInstance[] = [];
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private fromX = new Float64Array(0);
  private fromY = new Float64Array(0);
  private toX = new Float64Array(0);
  private toY = new Float64Array(0);
  private radius = new Float64Array(0);
  private nearest = new Float64Array(0);
  private tweenStart = -1;
  private edgeSrc = new Int32Array(0);
  private edgeDst = new Int32Array(0);
  private edgeRps = new Float64Array(0);
  private edgeLength = new Float64Array(0);
  private edgeCounts = new Uint32Array(0);
  private edgeCapacity = new Uint32Array(0);
  private nodeLabelPriority = new Float64Array(0);
  private edgeLabelOrder = new Int32Array(0);
  private edgeLabelPriority = new Float64Array(0);
  private readonly particleState = new Map<string, { from: number; to: number; t0: number }>();

  private labelsOn = false;
  private wall = false;
  private textScale = 1;
  /** A wall's new region view waits, blank, for elk; the key of the view waiting, or null. */
  private awaitingLayout: string | null = null;
  private highlighted = new Set<string>();
  private selected: string | null = null;
  private pickHandler: ((hit: PickHit | null, event: { double: boolean }) => void) | null = null;
  private userMoved = false;
  private fadeStart = -1;
  private labelsDirty = true;
  private labelOffsetX = 0;
  private labelOffsetY = 0;
  private lastFrame = 0;
  private framesSinceQuality = 0;
  private quality = 1;
  private particleScale = 1;
  /** Camera the particles were last allocated for (edges off screen then get one particle each). */
  private readonly particleCamera: CameraState = { cx: 0, cy: 0, zoom: 1 };
  private particlesOnScreen = 0;
  /** When the camera last moved, to re-share the particles among the edges on screen once it rests. */
  private cameraMovedAt = -1;
  private allocLength = new Float64Array(0);
  /** The selection's neighbourhood (nodes outside it are dimmed, their labels greyed). */
  private near = new Set<string>();
  private dimming = false;
  private raf = 0;
  private disposed = false;
  private readonly pointer: PointerControls<PickHit>;
  private readonly resizeObserver: ResizeObserver | null;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly labelRoot: HTMLElement, private readonly layoutMode: 'elk' | 'fast') {
    this.renderer = new WebGLRenderer({ canvas, antialias: false, alpha: false, powerPreference: 'high-performance' });
    this.renderer.setClearColor(COLORS.background, 1);
    this.uniforms.uEdges!.value = this.table.texture;
    this.edgeLayer = new EdgeLayer(this.uniforms);
    this.particleLayer = new ParticleLayer(POOL, this.uniforms);
    this.nodeLayer = new NodeLayer(this.uniforms);
    this.scene.add(this.edgeLayer.object, this.particleLayer.object, this.nodeLayer.object);
    this.labels = new LabelLayer(labelRoot);
    this.pointer = new PointerControls(canvas, this.cameraCtl, {
      pick: (event) => this.pickAt(event),
      picked: (hit, double) => this.pickHandler?.(hit, { double }),
      moved: () => (this.userMoved = true),
    });
    this.resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : null;
    this.resizeObserver?.observe(canvas);
    this.resize();
    this.raf = requestAnimationFrame(this.frame);
  }

  private seconds(now: number): number {
    return (now - this.startedAt) / 1000;
  }

  // ── show ────────────────────────────────────────────────────────────────────────────────────────

  show(model: ViewModel, options: { animate: boolean }): void {
    if (this.disposed) return;
    const now = performance.now();
    const key = viewKey(model.route);
    const sameView = key === this.key && this.model !== null;
    const previousModel = this.model;
    const previous = this.layoutCache.get(key);
    const positions = layoutView(model, previous);
    this.remember(key, positions);
    const refine = this.layoutMode === 'elk' && model.route.view === 'region' && !previous && model.nodes.length > 2 && model.nodes.length <= ELK_MAX_NODES && model.edges.length <= ELK_MAX_EDGES;
    if (!sameView) this.awaitingLayout = this.wall && refine ? key : null;
    if (refine) this.refineWithElk(key, model, positions);

    // Where each node is now, so that a node moved by the layout glides instead of jumping.
    const current = new Map<string, Point>();
    if (sameView) this.nodes.forEach((n, i) => current.set(n.id, { x: this.x[i]!, y: this.y[i]! }));
    if (!sameView) this.particleState.clear();

    this.model = model;
    this.key = key;
    this.view = model.route.view;
    this.nodes = model.nodes;
    this.edges = model.edges;
    this.nodeIndex.clear();
    const n = model.nodes.length;
    this.ensureNodeArrays(n);
    let moving = false;
    model.nodes.forEach((node, i) => {
      this.nodeIndex.set(node.id, i);
      const to = positions.get(node.id) ?? { x: 0, y: 0 };
      const from = current.get(node.id) ?? to;
      this.toX[i] = to.x;
      this.toY[i] = to.y;
      this.fromX[i] = from.x;
      this.fromY[i] = from.y;
      this.x[i] = from.x;
      this.y[i] = from.y;
      if (from.x !== to.x || from.y !== to.y) moving = true;
    });
    this.sizeNodes();
    this.tweenStart = moving ? now : -1;
    this.writeNodes();
    const bounds = this.bounds(false);
    // A new view is allocated particles for the camera it will be fitted at, not the last view's.
    if (!sameView || options.animate) Object.assign(this.particleCamera, this.cameraCtl.fitState(bounds, FIT_MARGIN_PX, _fit));
    else this.keepParticleCamera();
    this.particleScale = zoomBudgetScale(this.particleCamera.zoom);
    this.writeEdges(now, sameView);
    rankNodeLabels(model.nodes, this.nodeLabelPriority);
    rankEdgeLabels(model.edges, this.edgeLabelOrder, this.edgeLabelPriority);
    this.rebuildPicking();

    if (!sameView || options.animate) {
      this.userMoved = false;
      this.lastBounds = bounds;
      this.cameraCtl.fitState(bounds, FIT_MARGIN_PX, _fit);
      if (options.animate && previousModel !== null && !sameView && this.awaitingLayout === null) {
        const deeper = DEPTH[model.route.view] >= DEPTH[previousModel.route.view];
        _from.cx = _fit.cx;
        _from.cy = _fit.cy;
        _from.zoom = _fit.zoom * (deeper ? 0.35 : 2.6);
        this.cameraCtl.animateTo(_fit, now, TRANSITION_MS, _from);
      } else {
        this.cameraCtl.jump(_fit);
      }
      if (!sameView) this.fadeStart = this.awaitingLayout === null ? now : -1;
      if (this.awaitingLayout !== null) this.uniforms.uFade!.value = 0;
      this.cameraCtl.minZoom = _fit.zoom * 0.3;
    } else if (!this.userMoved && this.grew(bounds)) {
      this.cameraCtl.animateTo(this.cameraCtl.fitState(bounds, FIT_MARGIN_PX, _fit), now, 500);
    }
    this.labelsDirty = true;
  }

  /** Layouts per view, least recently shown evicted first (wall mode visits every region forever). */
  private remember(key: string, positions: Positions): void {
    this.layoutCache.delete(key);
    this.layoutCache.set(key, positions);
    if (this.layoutCache.size > LAYOUT_CACHE_SIZE) this.layoutCache.delete(this.layoutCache.keys().next().value!);
  }

  private lastBounds: Bounds = emptyBounds();

  /** True when the layout now reaches beyond what the camera last fitted (a new service at an edge). */
  private grew(bounds: Bounds): boolean {
    const b = this.lastBounds;
    const grown = bounds.minX < b.minX - 1 || bounds.minY < b.minY - 1 || bounds.maxX > b.maxX + 1 || bounds.maxY > b.maxY + 1;
    this.lastBounds = bounds;
    return grown;
  }

  private bounds(remember: boolean): Bounds {
    const b = emptyBounds();
    for (let i = 0; i < this.nodes.length; i++) growBounds(b, this.toX[i]!, this.toY[i]!, this.radius[i]! * 1.3);
    if (remember) this.lastBounds = b;
    return b;
  }

  /** Radii by volume, enlarged in small views but never past half the distance to the nearest neighbour. */
  private sizeNodes(): void {
    const n = this.nodes.length;
    const view = this.view;
    const scale = viewSizeScale(view, n);
    if (scale > 1) nearestDistances(this.toX, this.toY, n, 2 * maxNodeRadius(view) * scale + 8, this.nearest);
    for (let i = 0; i < n; i++) {
      const node = this.nodes[i]!;
      const focused = view === 'focus' && node.id === this.model?.route.service;
      const base = nodeRadius(view, node.kind, totalRate(node.rate), focused);
      this.radius[i] = scale > 1 ? Math.min(base * scale, Math.max(base, this.nearest[i]! / 2 - 5)) : base;
    }
  }

  private ensureNodeArrays(n: number): void {
    if (this.x.length >= n) return;
    const size = Math.max(n, this.x.length * 2, 64);
    this.x = new Float64Array(size);
    this.y = new Float64Array(size);
    this.fromX = new Float64Array(size);
    this.fromY = new Float64Array(size);
    this.toX = new Float64Array(size);
    this.toY = new Float64Array(size);
    this.radius = new Float64Array(size);
    this.nearest = new Float64Array(size);
    this.nodeLabelPriority = new Float64Array(size);
  }

  private refineWithElk(key: string, model: ViewModel, made: Positions): void {
    void this.layoutClient.layout(layoutInputOf(model)).then((elk) => {
      if (this.disposed) return;
      if (!elk) {
        // elk failed or was too slow: a waiting wall shows the fast layout rather than nothing.
        if (this.awaitingLayout === key) this.revealSettled(performance.now());
        return;
      }
      if (this.key !== key || !this.model) {
        // Not on screen any more: keep elk's layout for next time if nothing changed meanwhile.
        if (this.layoutCache.get(key) === made) this.remember(key, elk);
        return;
      }
      const current = this.model;
      const kept = new Map<string, Point>();
      for (const node of current.nodes) {
        const p = elk.get(node.id);
        if (p) kept.set(node.id, p);
      }
      const positions = placeIncrementally(kept, freshLayout(current), current, minNodeDistance('region'));
      this.remember(key, positions);
      const now = performance.now();
      current.nodes.forEach((node, i) => {
        const p = positions.get(node.id)!;
        this.fromX[i] = this.x[i]!;
        this.fromY[i] = this.y[i]!;
        this.toX[i] = p.x;
        this.toY[i] = p.y;
      });
      this.sizeNodes();
      if (this.awaitingLayout === key) {
        // Nobody has seen the fast layout: place the nodes where elk put them and show the view already fitted.
        current.nodes.forEach((_, i) => {
          this.x[i] = this.fromX[i] = this.toX[i]!;
          this.y[i] = this.fromY[i] = this.toY[i]!;
        });
        this.writeNodes();
        this.writeEdges(now, true);
        this.rebuildPicking();
        this.revealSettled(now);
        return;
      }
      this.writeNodes();
      this.tweenStart = now;
      if (!this.userMoved) this.cameraCtl.animateTo(this.cameraCtl.fitState(this.bounds(true), FIT_MARGIN_PX, _fit), now, NODE_TWEEN_MS);
    });
  }

  /** Ends a wall's wait for the layout: fitted at once, then faded in. */
  private revealSettled(now: number): void {
    this.awaitingLayout = null;
    this.tweenStart = -1;
    this.cameraCtl.fitState(this.bounds(true), FIT_MARGIN_PX, _fit);
    this.cameraCtl.jump(_fit);
    this.cameraCtl.minZoom = _fit.zoom * 0.3;
    this.userMoved = false;
    this.fadeStart = now;
    this.labelsDirty = true;
  }

  // ── GPU data ────────────────────────────────────────────────────────────────────────────────────

  /** Node instances with selection, search and dimming state (on show, select, highlight). */
  private writeNodes(): void {
    const selectedNode = this.selected !== null && this.nodeIndex.has(this.selected) ? this.selected : null;
    const selectedEdge = selectedNode === null && this.selected !== null ? this.edges.find((e) => e.id === this.selected) : undefined;
    const near = new Set<string>();
    if (selectedNode !== null) {
      near.add(selectedNode);
      for (const e of this.edges) {
        if (e.source === selectedNode) near.add(e.target);
        if (e.target === selectedNode) near.add(e.source);
      }
    } else if (selectedEdge) {
      near.add(selectedEdge.source);
      near.add(selectedEdge.target);
    }
    // The focused service is selected by the app in focus view; dimming there would hide its neighbours' edges.
    const dimming = near.size > 0 && this.view !== 'focus';
    this.near = near;
    this.dimming = dimming;
    const list = this.instances;
    list.length = this.nodes.length;
    this.nodes.forEach((node, i) => {
      const total = totalRate(node.rate);
      const item: NodeInstance = list[i] ?? ({} as NodeInstance);
      item.x = this.x[i]!;
      item.y = this.y[i]!;
      item.r = this.radius[i]!;
      item.dangerShare = total > 0 ? node.rate.danger / total : 0;
      item.warningShare = total > 0 ? node.rate.warning / total : 0;
      item.classIndex = classIndex(node.class);
      item.kind = kindIndex(node, this.view);
      item.stale = node.stale;
      item.selected = node.id === this.selected;
      item.highlighted = this.highlighted.has(node.id);
      item.notice = noticeLevel(node);
      item.dimmed = dimming && !near.has(node.id);
      item.bold = this.view === 'global';
      list[i] = item;
    });
    this.nodeLayer.set(list);
  }

  private ensureEdgeArrays(n: number): void {
    if (this.edgeSrc.length >= n) return;
    const size = Math.max(n, this.edgeSrc.length * 2, 64);
    this.edgeSrc = new Int32Array(size);
    this.edgeDst = new Int32Array(size);
    this.edgeRps = new Float64Array(size);
    this.edgeLength = new Float64Array(size);
    this.edgeCounts = new Uint32Array(size);
    this.edgeCapacity = new Uint32Array(size);
    this.allocLength = new Float64Array(size);
    this.edgeLabelOrder = new Int32Array(size);
    this.edgeLabelPriority = new Float64Array(size);
  }

  /** Endpoints on the node rims, the bend's control point and the length, into the edge table. */
  private writeEdgeGeometry(i: number): void {
    const s = this.edgeSrc[i]!;
    const t = this.edgeDst[i]!;
    const d = this.table.data;
    const o = this.table.offset(i, 0);
    if (s < 0 || t < 0 || s === t) {
      d.fill(0, o, o + 8);
      this.edgeLength[i] = 0;
      return;
    }
    const sx = this.x[s]!;
    const sy = this.y[s]!;
    const tx = this.x[t]!;
    const ty = this.y[t]!;
    const dist = Math.hypot(tx - sx, ty - sy) || 1;
    const ux = (tx - sx) / dist;
    const uy = (ty - sy) / dist;
    const rs = Math.min(this.radius[s]!, dist * 0.45);
    const rt = Math.min(this.radius[t]!, dist * 0.45);
    const ax = sx + ux * rs;
    const ay = sy + uy * rs;
    const bx = tx - ux * rt;
    const by = ty - uy * rt;
    edgeControl(ax, ay, bx, by, _c);
    const length = Math.hypot(bx - ax, by - ay) * 1.04;
    d[o] = ax;
    d[o + 1] = ay;
    d[o + 2] = bx;
    d[o + 3] = by;
    d[o + 4] = _c.x;
    d[o + 5] = _c.y;
    d[o + 6] = length;
    this.edgeLength[i] = length;
  }

  private writeEdges(now: number, sameView: boolean): void {
    const n = this.edges.length;
    this.ensureEdgeArrays(n);
    if (this.table.ensure(n)) this.uniforms.uEdges!.value = this.table.texture;
    const d = this.table.data;
    const time = this.seconds(now);
    for (let i = 0; i < n; i++) {
      const e = this.edges[i]!;
      this.edgeSrc[i] = this.nodeIndex.get(e.source) ?? -1;
      this.edgeDst[i] = this.nodeIndex.get(e.target) ?? -1;
      this.edgeRps[i] = totalRate(e.rate);
      this.writeEdgeGeometry(i);
      d[this.table.offset(i, 1) + 3] = classIndex(e.class) * 16 + Math.min(15, rateLevel(this.edgeRps[i]!));
    }
    // Bigger views get a smaller share each; the budget caps the total so the pool never runs out.
    // Density goes to the edges on screen; the others keep one particle each (length 0 wants exactly one).
    const onScreen = this.onScreenLengths(n);
    this.particlesOnScreen = onScreen;
    allocateParticles(this.edgeRps.subarray(0, n), this.allocLength.subarray(0, n), particleBudget(n, onScreen, this.particleCamera.zoom), this.edgeCounts);
    for (let i = 0; i < n; i++) {
      const e = this.edges[i]!;
      const to = this.edgeLength[i]! > 0 ? this.edgeCounts[i]! : 0;
      const state = this.particleState.get(e.id);
      const from = state ? easedCount(state.from, state.to, time - state.t0) : sameView ? 0 : to;
      if (state) {
        state.from = from;
        state.to = to;
        state.t0 = time;
      } else {
        this.particleState.set(e.id, { from, to, t0: time });
      }
      this.edgeCapacity[i] = Math.ceil(Math.max(from, to));
      const o2 = this.table.offset(i, 2);
      d[o2] = from;
      d[o2 + 1] = to;
      d[o2 + 2] = time;
      d[o2 + 3] = rateLevel(this.edgeRps[i]!);
      const total = this.edgeRps[i]!;
      const o3 = this.table.offset(i, 3);
      d[o3] = errorRatio(e.rate);
      d[o3 + 1] = total > 0 ? e.rate.warning / total : 0;
      d[o3 + 2] = e.stale ? 1 : 0;
    }
    if (this.particleState.size > n * 2 + 64) {
      const live = new Set(this.edges.map((e) => e.id));
      for (const id of this.particleState.keys()) if (!live.has(id)) this.particleState.delete(id);
    }
    this.writeEmphasis();
    this.particleLayer.setSlots(this.edgeCapacity, n);
    this.edgeLayer.setCount(n);
    this.table.upload();
  }

  /** Edge lengths for allocation, 0 for edges whose curve's box misses the particle camera's view; returns how many hit it. */
  private onScreenLengths(n: number): number {
    const cam = this.particleCamera;
    const halfW = this.cameraCtl.width / 2 / cam.zoom;
    const halfH = this.cameraCtl.height / 2 / cam.zoom;
    const x0 = cam.cx - halfW;
    const x1 = cam.cx + halfW;
    const y0 = cam.cy - halfH;
    const y1 = cam.cy + halfH;
    const d = this.table.data;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const o = this.table.offset(i, 0);
      const ax = d[o]!, ay = d[o + 1]!, bx = d[o + 2]!, by = d[o + 3]!, cx = d[o + 4]!, cy = d[o + 5]!;
      const hit = Math.max(ax, bx, cx) >= x0 && Math.min(ax, bx, cx) <= x1 && Math.max(ay, by, cy) >= y0 && Math.min(ay, by, cy) <= y1;
      this.allocLength[i] = hit ? this.edgeLength[i]! : 0;
      if (hit && this.edgeLength[i]! > 0) count++;
    }
    return count;
  }

  /** For data updates of the same view: allocate for where the camera is now. */
  private keepParticleCamera(): void {
    this.particleCamera.cx = this.cameraCtl.cx;
    this.particleCamera.cy = this.cameraCtl.cy;
    this.particleCamera.zoom = this.cameraCtl.zoom;
  }

  /** Emphasis texel: selected edge or edges of the selected node bright, the rest dimmed. */
  private writeEmphasis(): void {
    const d = this.table.data;
    const sel = this.selected;
    const nodeSelected = sel !== null && this.nodeIndex.has(sel) && this.view !== 'focus';
    const edgeSelected = sel !== null && !this.nodeIndex.has(sel) && this.edges.some((e) => e.id === sel);
    for (let i = 0; i < this.edges.length; i++) {
      const e = this.edges[i]!;
      let emphasis = 0;
      if (edgeSelected) emphasis = e.id === sel ? 1 : -1;
      else if (nodeSelected) emphasis = e.source === sel || e.target === sel ? 1 : -1;
      d[this.table.offset(i, 3) + 3] = emphasis;
    }
  }

  private rebuildPicking(): void {
    const nodes: PickNode[] = this.nodes.map((node, i) => ({ id: node.id, x: this.toX[i]!, y: this.toY[i]!, r: this.radius[i]! }));
    const edges: PickEdge[] = [];
    const d = this.table.data;
    for (let i = 0; i < this.edges.length; i++) {
      if (this.edgeLength[i]! <= 0) continue;
      const o = this.table.offset(i, 0);
      edges.push({ id: this.edges[i]!.id, sx: d[o]!, sy: d[o + 1]!, ex: d[o + 2]!, ey: d[o + 3]!, cx: d[o + 4]!, cy: d[o + 5]! });
    }
    this.pickIndex.build(nodes, edges);
  }

  // ── per frame ───────────────────────────────────────────────────────────────────────────────────

  private readonly frame = (t: number): void => {
    if (this.disposed) return;
    this.raf = requestAnimationFrame(this.frame);
    const now = performance.now();
    // A hidden tab pauses rAF; that gap is not a frame and must not pollute p95.
    if (this.lastFrame > 0 && t - this.lastFrame < 1000) this.frameStats.record(t - this.lastFrame);
    this.lastFrame = t;
    if (++this.framesSinceQuality >= 90) this.adaptQuality();
    if (this.seconds(now) > TIME_REBASE_SECONDS) this.rebaseTime();
    this.uniforms.uTime!.value = this.seconds(now);
    if (this.fadeStart >= 0) {
      const k = Math.min(1, (now - this.fadeStart) / FADE_MS);
      this.uniforms.uFade!.value = k;
      if (k >= 1) this.fadeStart = -1;
    }
    if (this.tweenStart >= 0) this.stepTween(now);
    if (this.cameraCtl.update(now)) this.cameraChanged();
    if (this.cameraMovedAt >= 0 && now - this.cameraMovedAt > PARTICLE_SETTLE_MS && !this.cameraCtl.animating) this.reshareParticles(now);
    if (this.labelsDirty) this.updateLabels();
    this.renderer.render(this.scene, this.cameraCtl.camera);
  };

  /**
   * The shader clock is float32 seconds: after hours its steps get coarser than a frame and particles
   * stutter, so a wall that runs for weeks moves the origin every quarter hour (particles re-phase once).
   */
  private rebaseTime(): void {
    this.startedAt += TIME_REBASE_SECONDS * 1000;
    const d = this.table.data;
    for (let i = 0; i < this.edges.length; i++) {
      const o = this.table.offset(i, 2) + 2;
      d[o] = d[o]! - TIME_REBASE_SECONDS;
    }
    for (const state of this.particleState.values()) state.t0 -= TIME_REBASE_SECONDS;
    this.table.upload();
  }

  /**
   * Adaptive level of detail: when frames run slow (software GL, 1,000 services), busy edges carry fewer
   * particles; when there is headroom again, density comes back. Every edge keeps its first particle.
   */
  private adaptQuality(): void {
    this.framesSinceQuality = 0;
    const p50 = this.frameStats.percentile(0.5);
    const before = this.quality;
    if (p50 > 26) this.quality = Math.max(0.3, this.quality * 0.8);
    else if (p50 < 19) this.quality = Math.min(1, this.quality * 1.15);
    if (this.quality !== before) this.applyLod();
  }

  private applyLod(): void {
    this.particleLayer.material.uniforms.uLod!.value = this.quality;
  }

  private stepTween(now: number): void {
    const k = Math.min(1, (now - this.tweenStart) / NODE_TWEEN_MS);
    const e = k * k * (3 - 2 * k);
    const n = this.nodes.length;
    for (let i = 0; i < n; i++) {
      this.x[i] = this.fromX[i]! + (this.toX[i]! - this.fromX[i]!) * e;
      this.y[i] = this.fromY[i]! + (this.toY[i]! - this.fromY[i]!) * e;
      this.nodeLayer.move(i, this.x[i]!, this.y[i]!);
    }
    this.nodeLayer.commitMoves(n);
    for (let i = 0; i < this.edges.length; i++) this.writeEdgeGeometry(i);
    this.table.upload();
    this.labelsDirty = true;
    if (k >= 1) {
      this.tweenStart = -1;
      this.rebuildPicking();
    }
  }

  private cameraChanged(): void {
    const zoom = this.cameraCtl.zoom;
    const ratio = this.renderer.getPixelRatio();
    this.uniforms.uPx!.value = 1 / zoom;
    this.applyLod();
    this.particleLayer.material.uniforms.uPointPx!.value = Math.min(7, Math.max(2.6, 2 + 2.4 * Math.sqrt(zoom))) * ratio;
    // Zoomed far out, busy edges get fewer particles (they would merge into a smear) and the GPU runs
    // fewer particle vertices; crossing a zoom step re-allocates and the densities ease to the new counts.
    // Nodes under ~5 px across the board take the cheap program; the halos and rings stay readable.
    this.nodeLayer.setSimple(zoom * 14 < 5);
    this.cameraMovedAt = performance.now();
    this.labelsDirty = true;
  }

  /**
   * Once the camera rests: crossing a zoom step, or a pan/zoom that changes how many edges are on screen by
   * more than a tenth, re-allocates, and the densities ease to the new counts.
   */
  private reshareParticles(now: number): void {
    this.cameraMovedAt = -1;
    if (!this.model) return;
    const before = this.particlesOnScreen;
    const previous = { ...this.particleCamera };
    this.keepParticleCamera();
    const n = this.edges.length;
    const onScreen = this.onScreenLengths(n);
    const scale = zoomBudgetScale(this.particleCamera.zoom);
    if (scale === this.particleScale && Math.abs(onScreen - before) <= Math.max(8, before * 0.1)) {
      Object.assign(this.particleCamera, previous);
      return;
    }
    this.particleScale = scale;
    this.writeEdges(now, true);
  }

  private updateLabels(): void {
    this.labelsDirty = false;
    const cam = this.cameraCtl;
    const zoom = cam.zoom;
    const labels = this.labels;
    labels.begin();
    if (this.awaitingLayout !== null) {
      labels.commit(cam.width, cam.height, this.labelOffsetX, this.labelOffsetY);
      return;
    }
    const global = this.view === 'global';
    // Text grows a little as one zooms in (a wall viewer stepping closer in the picture), never below 11 px.
    const fontPx = Math.round((global ? 16 : Math.min(15, Math.max(11, 12 * Math.pow(zoom / 0.9, 0.3)))) * this.textScale);
    for (let i = 0; i < this.nodes.length; i++) {
      const node = this.nodes[i]!;
      const rPx = this.radius[i]! * zoom;
      const selected = node.id === this.selected;
      const hit = this.highlighted.has(node.id);
      // Far out, tiny nodes lose their names first; selection and search hits always keep theirs.
      if (rPx < 2.5 && !selected && !hit) continue;
      cam.worldToScreen(this.x[i]!, this.y[i]!, _p);
      labels.addObstacle(_p.x, _p.y, rPx);
      const total = totalRate(node.rate);
      let text = node.name + alertLabelSuffix(node.notices);
      if (global) text += '\n' + formatRps(total) + ' rps' + (node.rate.danger > 0 ? ' · ' + formatPercent(errorRatio(node.rate)) + ' err' : '');
      const priority = this.nodeLabelPriority[i]! + (selected || hit ? FORCE_BONUS : 0);
      const dimmed = this.dimming && !this.near.has(node.id) && !hit;
      const near = this.dimming && this.near.has(node.id) ? NEAR_BONUS : 0;
      labels.add(text, _p.x, _p.y + rPx + 2, priority + near, tone(node.class, node.stale || dimmed, selected || hit), 'node', fontPx, selected || hit);
    }
    if (this.labelsOn || this.view === 'focus') this.addEdgeLabels();
    labels.commit(cam.width, cam.height, this.labelOffsetX, this.labelOffsetY);
  }

  private addEdgeLabels(): void {
    const cam = this.cameraCtl;
    const d = this.table.data;
    const fontPx = Math.round(11 * this.textScale);
    // Most important first (rankEdgeLabels); past the cap only the selection's numbers still join.
    let candidates = 0;
    for (let k = 0; k < this.edges.length; k++) {
      const i = this.edgeLabelOrder[k]!;
      if (this.edgeLength[i]! <= 0 || this.edgeLength[i]! * cam.zoom < 70) continue;
      const e = this.edges[i]!;
      const selected = e.id === this.selected || e.source === this.selected || e.target === this.selected;
      if (candidates >= EDGE_LABEL_CANDIDATES && !selected) continue;
      const o = this.table.offset(i, 0);
      bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, 0.5, _q);
      cam.worldToScreen(_q.x, _q.y, _p);
      if (_p.x < 0 || _p.y < 0 || _p.x > cam.width || _p.y > cam.height) continue;
      candidates++;
      const total = this.edgeRps[i]!;
      let text = formatRps(total) + ' rps';
      if (e.rate.danger > 0) text += ' · ' + formatPercent(errorRatio(e.rate));
      if (e.latencyMs !== undefined) text += ' · ' + Math.round(e.latencyMs) + ' ms';
      this.labels.add(text, _p.x, _p.y - fontPx * 0.65, this.edgeLabelPriority[i]! + (selected ? SELECTED_EDGE_BONUS : 0), tone(e.class, e.stale || (this.dimming && !selected), false), 'edge', fontPx, e.id === this.selected);
    }
  }

  // ── public API ──────────────────────────────────────────────────────────────────────────────────

  setLabelsVisible(on: boolean): void {
    if (on === this.labelsOn) return;
    this.labelsOn = on;
    this.labelsDirty = true;
  }

  setWallMode(on: boolean): void {
    if (on === this.wall) return;
    this.wall = on;
    this.textScale = on ? WALL_TEXT_SCALE : 1;
    if (!on && this.awaitingLayout !== null) this.revealSettled(performance.now());
    this.labelsDirty = true;
  }

  highlight(nodeIds: readonly string[]): void {
    if (nodeIds.length === this.highlighted.size && nodeIds.every((id) => this.highlighted.has(id))) return;
    this.highlighted = new Set(nodeIds);
    this.writeNodes();
    this.labelsDirty = true;
  }

  select(id: string | null): void {
    if (id === this.selected) return;
    this.selected = id;
    this.writeNodes();
    this.writeEmphasis();
    this.table.upload();
    this.labelsDirty = true;
  }

  fit(): void {
    this.userMoved = false;
    this.cameraCtl.animateTo(this.cameraCtl.fitState(this.bounds(true), FIT_MARGIN_PX, _fit), performance.now(), 500);
  }

  reveal(nodeId: string): void {
    const i = this.nodeIndex.get(nodeId);
    if (i === undefined) return;
    this.userMoved = true;
    const zoom = Math.max(this.cameraCtl.zoom, 1);
    this.cameraCtl.animateTo({ cx: this.toX[i]!, cy: this.toY[i]!, zoom }, performance.now(), 600);
  }

  setInsets(insets: { top: number; right: number; bottom: number; left: number }): void {
    const own = this.cameraCtl.insets;
    if (own.top === insets.top && own.right === insets.right && own.bottom === insets.bottom && own.left === insets.left) return;
    Object.assign(own, insets);
    if (!this.userMoved && this.model) this.cameraCtl.animateTo(this.cameraCtl.fitState(this.bounds(false), FIT_MARGIN_PX, _fit), performance.now(), 300);
  }

  onPick(handler: (hit: PickHit | null, event: { double: boolean }) => void): void {
    this.pickHandler = handler;
  }

  resize(): void {
    if (this.disposed) return;
    const width = this.canvas.clientWidth || this.canvas.width || 1;
    const height = this.canvas.clientHeight || this.canvas.height || 1;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    if (this.renderer.getPixelRatio() !== ratio) this.renderer.setPixelRatio(ratio);
    this.renderer.setSize(width, height, false);
    this.cameraCtl.setSize(width, height);
    const canvasRect = this.canvas.getBoundingClientRect();
    const layerRect = this.labelRoot.getBoundingClientRect();
    this.labelOffsetX = canvasRect.left - layerRect.left;
    this.labelOffsetY = canvasRect.top - layerRect.top;
    if (!this.userMoved && this.model) this.cameraCtl.jump(this.cameraCtl.fitState(this.bounds(false), FIT_MARGIN_PX, _fit));
    this.cameraChanged();
  }

  stats(): SceneStats {
    const time = this.seconds(performance.now());
    const lod = this.particleLayer.material.uniforms.uLod!.value as number;
    let particles = 0;
    for (let i = 0; i < this.edges.length; i++) {
      const state = this.particleState.get(this.edges[i]!.id);
      if (!state) continue;
      const count = easedCount(state.from, state.to, time - state.t0);
      particles += Math.min(count, 1) + Math.max(count - 1, 0) * lod;
    }
    return {
      nodes: this.nodes.length,
      connections: this.edges.length,
      particles: Math.round(particles),
      frameMsP50: this.frameStats.percentile(0.5),
      frameMsP95: this.frameStats.percentile(0.95),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    cancelAnimationFrame(this.raf);
    this.pointer.dispose();
    this.resizeObserver?.disconnect();
    this.layoutClient.dispose();
    this.labels.dispose();
    this.edgeLayer.dispose();
    this.particleLayer.dispose();
    this.nodeLayer.dispose();
    this.table.dispose();
    this.renderer.dispose();
  }

  private pickAt(event: { clientX: number; clientY: number }): PickHit | null {
    this.pointer.localPoint(event, _p);
    this.cameraCtl.screenToWorld(_p.x, _p.y, _q);
    return this.pickIndex.pick(_q.x, _q.y, 6 / this.cameraCtl.zoom);
  }
}

/** `layout: 'fast'` skips elk (our own layered layout only), e.g. for benchmarks and comparisons. */
export function createScene(options: { canvas: HTMLCanvasElement; labelLayer: HTMLElement; layout?: 'elk' | 'fast' }): FlowScene {
  return new ThreeFlowScene(options.canvas, options.labelLayer, options.layout ?? 'elk');
}
