// The three.js scene: one draw call each for edges, particles and nodes, DOM labels on top, an
// orthographic camera with pan/zoom/transitions, and grid picking. Layout and schedule math live in
// shared/view (pure, tested). This file composes the parts, each in its own file:
//   scene-state.ts         what is drawn now (model, per-node/per-edge arrays, edge table, selection)
//   layout-orchestrator.ts layout cache, elk refinement, node glides, radii, the bounds the camera fits
//   node-writer.ts         node instances (class, alerts, selection, dimming) for node-layer.ts
//   edge-writer.ts         the edge table (curves, classes, emphasis) and the particles' shares
//   label-placement.ts     which names and numbers go where
//   picking.ts             what is under the pointer; how a node or edge is drawn (inspect)
//   frame-loop.ts          the frame callback, frame stats, level of detail, the shader clock
//   scene-clock.ts         the injected clock every animation reads (browser's, or paused and stepped)
//   camera-controller.ts, pointer-controls.ts, node/edge/particle/label-layer.ts  camera, input, GPU, DOM
// and owns the view transitions (camera glide, fade in) and the public FlowScene API.
import { Scene, WebGLRenderer, type IUniform } from 'three';
import { PARTICLE_BUDGET } from '../../shared/view/particles';
import { COLORS } from '../../shared/view/palette';
import type { Point } from '../../shared/view/geometry';
import { MEMBER_ZOOM, type Positions } from '../../shared/view/layout';
import { drawnView } from '../../shared/view/layout-memory';
import type { ViewKind, ViewModel } from '../../shared/view/view-model';
import { CameraController, type CameraState } from './camera-controller';
import { EdgeLayer } from './edge-layer';
import { EdgeWriter } from './edge-writer';
import { FrameLoop, type FrameTarget } from './frame-loop';
import type { ShownLabel } from './label-layer';
import { LabelPlacement } from './label-placement';
import { LayoutOrchestrator, NODE_TWEEN_MS, type LayoutListener } from './layout-orchestrator';
import { NodeLayer } from './node-layer';
import { NodeWriter } from './node-writer';
import { ParticleLayer } from './particle-layer';
import { Picking, type DrawnItem, type PickHit } from './picking';
import { PointerControls } from './pointer-controls';
import { browserClock, type SceneClock } from './scene-clock';
import { SceneState, viewKey } from './scene-state';
import type { EdgeMetric } from '../../shared/view/edge-metric';

export type { DrawnItem, PickHit } from './picking';
export type { ShownLabel } from './label-layer';
export interface SceneStats {
  nodes: number;
  connections: number;
  particles: number;
  frameMsP50: number;
  frameMsP95: number;
  /** True while the nodes may still move by themselves: elk's layout asked for, or a glide under way. */
  layoutPending: boolean;
}
/** A zoom by the user: its focus (CSS px of the canvas), the zoom reached, and the canvas's size. */
export interface ZoomEvent { x: number; y: number; zoom: number; width: number; height: number }

export interface FlowScene {
  /** A new view (animate=true: camera transition) or new data for the same view (rates ease over ~1 s, layout stable). */
  show(model: ViewModel, options: { animate: boolean }): void;
  setLabelsVisible(on: boolean): void;
  /** What the edge numbers say: requests/s, error % or p95 latency. */
  setEdgeMetric(metric: EdgeMetric): void;
  /** Particle speed by each call's p95 (faster = quicker calls); off: one speed everywhere. */
  setParticleSpeedByLatency(on: boolean): void;
  highlight(nodeIds: readonly string[]): void;
  /** Edges to draw at full strength while nothing is selected (the calls "what changed" lists). */
  highlightEdges(edgeIds: readonly string[]): void;
  select(id: string | null): void;
  fit(): void;
  onPick(handler: (hit: PickHit | null, event: { double: boolean }) => void): void;
  /** The user zoomed (wheel, pinch) about (x, y) CSS px of the canvas, to `zoom` CSS px per world unit. */
  onZoom(handler: (event: ZoomEvent) => void): void;
  resize(): void;
  stats(): SceneStats;
  /** A drawn node or edge by id, or null when it is not in the view. */
  inspect(id: string): DrawnItem | null;
  /** The labels on screen now: text and box in CSS px of the canvas (the coordinates `inspect` uses). */
  shownLabels(): ShownLabel[];
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
const FIT_MARGIN_PX = 64;
/** Labels on a wall are this much larger (renderer/scene/label-placement.ts WALL_TEXT_SCALE). */
const WALL_TEXT_SCALE = 1.5;
const POOL = PARTICLE_BUDGET * 2 + 8192;

const DEPTH: Record<ViewKind, number> = { global: 0, region: 1, focus: 2 };

const _p: Point = { x: 0, y: 0 };
const _fit: CameraState = { cx: 0, cy: 0, zoom: 1 };
const _from: CameraState = { cx: 0, cy: 0, zoom: 1 };

class ThreeFlowScene implements FlowScene, FrameTarget, LayoutListener {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly cameraCtl = new CameraController();
  private readonly uniforms: Record<string, IUniform> = { uTime: { value: 0 }, uFade: { value: 1 }, uPx: { value: 1 }, uEdges: { value: null } };
  private readonly s = new SceneState();
  private readonly edgeLayer: EdgeLayer;
  private readonly particleLayer: ParticleLayer;
  private readonly nodeLayer: NodeLayer;
  private readonly layout: LayoutOrchestrator;
  private readonly nodes: NodeWriter;
  private readonly edges: EdgeWriter;
  private readonly labels: LabelPlacement;
  private readonly picking: Picking;
  private readonly loop: FrameLoop;
  private readonly pointer: PointerControls<PickHit>;
  private readonly resizeObserver: ResizeObserver | null;

  private wall = false;
  private pickHandler: ((hit: PickHit | null, event: { double: boolean }) => void) | null = null;
  private zoomHandler: ((event: ZoomEvent) => void) | null = null;
  private fadeStart = -1;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly labelRoot: HTMLElement, layoutMode: 'elk' | 'fast', private readonly clock: SceneClock) {
    this.renderer = new WebGLRenderer({ canvas, antialias: false, alpha: false, powerPreference: 'high-performance' });
    this.renderer.setClearColor(COLORS.background, 1);
    this.uniforms.uEdges!.value = this.s.table.texture;
    this.edgeLayer = new EdgeLayer(this.uniforms);
    this.particleLayer = new ParticleLayer(POOL, this.uniforms);
    this.nodeLayer = new NodeLayer(this.uniforms);
    this.scene.add(this.edgeLayer.object, this.particleLayer.object, this.nodeLayer.object);
    this.loop = new FrameLoop(clock, this, this.particleLayer.material.uniforms.uLod!);
    this.layout = new LayoutOrchestrator(this.s, layoutMode, this);
    this.nodes = new NodeWriter(this.s, this.nodeLayer);
    this.edges = new EdgeWriter(this.s, this.cameraCtl, this.uniforms, this.edgeLayer, this.particleLayer);
    this.labels = new LabelPlacement(this.s, this.cameraCtl, labelRoot);
    this.picking = new Picking(this.s, this.cameraCtl, (i) => this.nodes.dimmed(i), (k) => this.edges.particlesAt(k, this.loop.seconds(this.clock.now())));
    this.pointer = new PointerControls(canvas, this.cameraCtl, {
      pick: (event) => {
        this.pointer.localPoint(event, _p);
        return this.picking.at(_p.x, _p.y);
      },
      picked: (hit, double) => this.pickHandler?.(hit, { double }),
      moved: () => (this.s.userMoved = true),
      zoomed: (x, y) => {
        const cam = this.cameraCtl;
        this.zoomHandler?.({ x, y, zoom: cam.zoom, width: cam.width, height: cam.height });
      },
    });
    this.resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : null;
    this.resizeObserver?.observe(canvas);
    this.resize();
    this.loop.start();
  }

  // ── show ────────────────────────────────────────────────────────────────────────────────────────

  show(filtered: ViewModel, options: { animate: boolean }): void {
    const s = this.s;
    if (s.disposed) return;
    const now = this.clock.now();
    // The whole view is laid out and drawn; what the filter left out stays in its place, dimmed.
    const { model, filteredOut } = drawnView(filtered);
    s.filteredOut = filteredOut;
    s.shownNodes = filtered.nodes.length;
    s.shownEdges = filtered.edges.length;
    const key = viewKey(model.route);
    const sameView = key === s.key && s.model !== null;
    const previousModel = s.model;
    const { positions, refine } = this.layout.place(model);
    if (!sameView) s.awaitingLayout = this.wall && refine ? key : null;
    if (refine) this.layout.refine(key, model, positions);

    const current = sameView ? this.layout.currentPositions() : null;
    if (!sameView) this.edges.forgetParticles();
    this.adopt(model, key, positions, current, now);
    this.nodes.write();
    this.fitRoom();
    const bounds = this.layout.bounds(false);
    // A new view is allocated particles for the camera it will be fitted at, not the last view's.
    if (!sameView || options.animate) this.edges.aimAt(this.cameraCtl.fitState(bounds, FIT_MARGIN_PX, _fit));
    else this.edges.keepParticleCamera();
    this.edges.rescale();
    this.edges.write(this.loop.seconds(now), sameView);
    this.labels.rank(model);
    this.picking.rebuild();

    if (!sameView || options.animate) {
      s.userMoved = false;
      this.layout.fitted(bounds);
      this.cameraCtl.fitState(bounds, FIT_MARGIN_PX, _fit);
      if (options.animate && previousModel !== null && !sameView && s.awaitingLayout === null) {
        const deeper = DEPTH[model.route.view] >= DEPTH[previousModel.route.view];
        _from.cx = _fit.cx;
        _from.cy = _fit.cy;
        _from.zoom = _fit.zoom * (deeper ? 0.35 : 2.6);
        this.cameraCtl.animateTo(_fit, now, TRANSITION_MS, _from);
      } else {
        this.cameraCtl.jump(_fit);
      }
      if (!sameView) this.fadeStart = s.awaitingLayout === null ? now : -1;
      if (s.awaitingLayout !== null) this.uniforms.uFade!.value = 0;
      this.cameraCtl.minZoom = _fit.zoom * 0.3;
    } else if (!s.userMoved && this.layout.grew(bounds)) {
      this.cameraCtl.animateTo(this.cameraCtl.fitState(bounds, FIT_MARGIN_PX, _fit), now, 500);
    }
    s.labelsDirty = true;
  }

  /** The model becomes the one drawn; its nodes head for `positions` from where they are (`current`). */
  private adopt(model: ViewModel, key: string, positions: Positions, current: ReadonlyMap<string, Point> | null, now: number): void {
    const s = this.s;
    s.model = model;
    s.key = key;
    s.view = model.route.view;
    s.nodes = model.nodes;
    s.edges = model.edges;
    s.nodeIndex.clear();
    model.nodes.forEach((node, i) => s.nodeIndex.set(node.id, i));
    this.layout.start(positions, current, now);
  }

  // ── elk's answer (LayoutListener) ─────────────────────────────────────────────────────────────────

  refineFailed(key: string): void {
    // elk failed or was too slow: a waiting wall shows the fast layout rather than nothing.
    if (this.s.awaitingLayout === key) this.revealSettled(this.clock.now());
  }

  refined(_key: string, snapped: boolean): void {
    const now = this.clock.now();
    this.nodes.write();
    if (snapped) {
      // Nobody has seen the fast layout: show the view already fitted.
      this.edges.write(this.loop.seconds(now), true);
      this.picking.rebuild();
      this.revealSettled(now);
      return;
    }
    this.layout.startTween(now);
    this.fitRoom();
    if (!this.s.userMoved) this.cameraCtl.animateTo(this.cameraCtl.fitState(this.layout.bounds(true), FIT_MARGIN_PX, _fit), now, NODE_TWEEN_MS);
  }

  /** Room beside the fitted picture for labels: the label placement's, and in a view of islands the last column's names. */
  private fitRoom(): void {
    this.labels.fitRoom(FIT_MARGIN_PX, this.cameraCtl.room);
    this.cameraCtl.room.right = Math.max(this.cameraCtl.room.right, this.layout.rightRoom(FIT_MARGIN_PX, this.wall ? WALL_TEXT_SCALE : 1));
  }

  /** Ends a wall's wait for the layout: fitted at once, then faded in. */
  private revealSettled(now: number): void {
    const s = this.s;
    s.awaitingLayout = null;
    this.layout.stopTween();
    this.fitRoom();
    this.cameraCtl.fitState(this.layout.bounds(true), FIT_MARGIN_PX, _fit);
    this.cameraCtl.jump(_fit);
    this.cameraCtl.minZoom = _fit.zoom * 0.3;
    s.userMoved = false;
    this.fadeStart = now;
    s.labelsDirty = true;
  }

  // ── per frame (FrameTarget) ──────────────────────────────────────────────────────────────────────

  draw(now: number, time: number): void {
    this.uniforms.uTime!.value = time;
    if (this.fadeStart >= 0) {
      const k = Math.min(1, (now - this.fadeStart) / FADE_MS);
      this.uniforms.uFade!.value = k;
      if (k >= 1) this.fadeStart = -1;
    }
    if (this.layout.tweening) this.stepTween(now);
    if (this.cameraCtl.update(now)) this.cameraChanged();
    this.edges.settle(now, time);
    if (this.s.labelsDirty) this.labels.update();
    this.renderer.render(this.scene, this.cameraCtl.camera);
  }

  rebased(seconds: number): void {
    this.edges.rebase(seconds);
  }

  private stepTween(now: number): void {
    const done = this.layout.stepTween(now, this.nodeLayer);
    this.edges.writeGeometry();
    this.s.table.upload();
    this.s.labelsDirty = true;
    if (done) this.picking.rebuild();
  }

  private cameraChanged(): void {
    const zoom = this.cameraCtl.zoom;
    const ratio = this.renderer.getPixelRatio();
    this.uniforms.uPx!.value = 1 / zoom;
    this.loop.applyLod();
    this.particleLayer.material.uniforms.uPointPx!.value = Math.min(7, Math.max(2.6, 2 + 2.4 * Math.sqrt(zoom))) * ratio;
    // Zoomed far out, busy edges get fewer particles (they would merge into a smear) and the GPU runs
    // fewer particle vertices; crossing a zoom step re-allocates and the densities ease to the new counts.
    // Nodes under ~5 px across the board take the cheap program; the halos and rings stay readable.
    this.nodeLayer.setSimple(zoom * 14 < 5);
    this.edges.cameraMoved(this.clock.now());
    this.s.labelsDirty = true;
  }

  // ── public API ──────────────────────────────────────────────────────────────────────────────────

  setLabelsVisible(on: boolean): void {
    if (this.labels.setVisible(on)) this.s.labelsDirty = true;
  }

  setEdgeMetric(metric: EdgeMetric): void {
    if (this.labels.setEdgeMetric(metric)) this.s.labelsDirty = true;
  }

  setParticleSpeedByLatency(on: boolean): void {
    if (!this.edges.setSpeedByLatency(on) || this.s.edges.length === 0) return;
    this.edges.write(this.loop.seconds(this.clock.now()), true);
  }

  setWallMode(on: boolean): void {
    if (on === this.wall) return;
    this.wall = on;
    this.labels.setWallText(on);
    this.fitRoom();
    if (!on && this.s.awaitingLayout !== null) this.revealSettled(this.clock.now());
    this.s.labelsDirty = true;
  }

  highlight(nodeIds: readonly string[]): void {
    const s = this.s;
    if (nodeIds.length === s.highlighted.size && nodeIds.every((id) => s.highlighted.has(id))) return;
    s.highlighted = new Set(nodeIds);
    this.nodes.write();
    s.labelsDirty = true;
  }

  highlightEdges(edgeIds: readonly string[]): void {
    const s = this.s;
    if (edgeIds.length === s.highlightedEdges.size && edgeIds.every((id) => s.highlightedEdges.has(id))) return;
    s.highlightedEdges = new Set(edgeIds);
    this.edges.writeEmphasis();
    s.table.upload();
  }

  select(id: string | null): void {
    const s = this.s;
    if (id === s.selected) return;
    s.selected = id;
    this.nodes.write();
    this.edges.writeEmphasis();
    s.table.upload();
    s.labelsDirty = true;
  }

  fit(): void {
    this.s.userMoved = false;
    this.cameraCtl.animateTo(this.cameraCtl.fitState(this.layout.bounds(true), FIT_MARGIN_PX, _fit), this.clock.now(), 500);
  }

  reveal(nodeId: string): void {
    const s = this.s;
    const i = s.nodeIndex.get(nodeId);
    if (i === undefined) return;
    s.userMoved = true;
    // A service of an open island is drawn small among its island's: zoom in to where their names are read.
    const zoom = Math.max(this.cameraCtl.zoom, s.nodes[i]!.islandKey !== undefined && s.model?.islands ? MEMBER_ZOOM : 1);
    this.cameraCtl.animateTo({ cx: s.toX[i]!, cy: s.toY[i]!, zoom }, this.clock.now(), 600);
  }

  setInsets(insets: { top: number; right: number; bottom: number; left: number }): void {
    const own = this.cameraCtl.insets;
    if (own.top === insets.top && own.right === insets.right && own.bottom === insets.bottom && own.left === insets.left) return;
    Object.assign(own, insets);
    this.fitRoom();
    if (!this.s.userMoved && this.s.model) this.cameraCtl.animateTo(this.cameraCtl.fitState(this.layout.bounds(false), FIT_MARGIN_PX, _fit), this.clock.now(), 300);
  }

  onPick(handler: (hit: PickHit | null, event: { double: boolean }) => void): void {
    this.pickHandler = handler;
  }

  onZoom(handler: (event: ZoomEvent) => void): void {
    this.zoomHandler = handler;
  }

  resize(): void {
    if (this.s.disposed) return;
    const width = this.canvas.clientWidth || this.canvas.width || 1;
    const height = this.canvas.clientHeight || this.canvas.height || 1;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    if (this.renderer.getPixelRatio() !== ratio) this.renderer.setPixelRatio(ratio);
    this.renderer.setSize(width, height, false);
    this.cameraCtl.setSize(width, height);
    const canvasRect = this.canvas.getBoundingClientRect();
    const layerRect = this.labelRoot.getBoundingClientRect();
    this.labels.setOffset(canvasRect.left - layerRect.left, canvasRect.top - layerRect.top);
    this.fitRoom();
    if (!this.s.userMoved && this.s.model) this.cameraCtl.jump(this.cameraCtl.fitState(this.layout.bounds(false), FIT_MARGIN_PX, _fit));
    this.cameraChanged();
  }

  stats(): SceneStats {
    const time = this.loop.seconds(this.clock.now());
    const lod = this.particleLayer.material.uniforms.uLod!.value as number;
    return {
      nodes: this.s.shownNodes,
      connections: this.s.shownEdges,
      particles: Math.round(this.edges.particleCount(time, lod)),
      frameMsP50: this.loop.percentile(0.5),
      frameMsP95: this.loop.percentile(0.95),
      layoutPending: this.layout.refining > 0 || this.layout.tweening,
    };
  }

  inspect(id: string): DrawnItem | null {
    return this.picking.inspect(id);
  }

  shownLabels(): ShownLabel[] {
    return this.labels.shown();
  }

  dispose(): void {
    const s = this.s;
    if (s.disposed) return;
    s.disposed = true;
    this.loop.stop();
    this.pointer.dispose();
    this.resizeObserver?.disconnect();
    this.layout.dispose();
    this.labels.dispose();
    this.edgeLayer.dispose();
    this.particleLayer.dispose();
    this.nodeLayer.dispose();
    s.table.dispose();
    this.renderer.dispose();
  }
}

/**
 * `layout: 'fast'` skips elk (our own layered layout only), e.g. for benchmarks and comparisons. `clock`:
 * where every animation takes its time and frames from (scene-clock.ts); the browser's by default.
 */
export function createScene(options: { canvas: HTMLCanvasElement; labelLayer: HTMLElement; layout?: 'elk' | 'fast'; clock?: SceneClock }): FlowScene {
  return new ThreeFlowScene(options.canvas, options.labelLayer, options.layout ?? 'elk', options.clock ?? browserClock);
}
