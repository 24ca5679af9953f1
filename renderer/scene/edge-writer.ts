// The edge table's contents and the particles' shares: each edge's curve between the node rims, its class,
// rate level, error shares and stream width, the selection's emphasis, and how many particles it carries —
// allocated for the edges on the camera's screen, eased from the old count to the new one, re-shared once
// the camera rests after a move. Shaders read it all from the table (edge-table.ts).
import type { IUniform } from 'three';
import { errorRatio, totalRate } from '../../shared/model';
import { edgeControl, type Point } from '../../shared/view/geometry';
import { classIndex } from '../../shared/view/palette';
import { allocateParticles, easedCount, latencySpeedFactor, particleBudget, rateLevel, zoomBudgetScale } from '../../shared/view/particles';
import { shareDensity, streamHalfWidth, volumeShare } from '../../shared/view/volume-scale';
import type { CameraController, CameraState } from './camera-controller';
import type { EdgeLayer } from './edge-layer';
import type { ParticleLayer } from './particle-layer';
import { grownLength, type SceneState } from './scene-state';

/** How long the camera must rest before particles are re-shared among the edges on screen. */
const PARTICLE_SETTLE_MS = 300;

const _c: Point = { x: 0, y: 0 };

export class EdgeWriter {
  private edgeSrc = new Int32Array(0);
  private edgeDst = new Int32Array(0);
  /** Particles per 100 units each edge gains for its share of the view's busiest (volume-scale.ts). */
  private edgeExtra = new Float64Array(0);
  private edgeCapacity = new Uint32Array(0);
  private allocLength = new Float64Array(0);
  /** Each edge's particle count easing (shader seconds), kept across data updates of the same view. */
  private readonly particleState = new Map<string, { from: number; to: number; t0: number }>();
  /** Camera the particles were last allocated for (edges off screen then get one particle each). */
  private readonly particleCamera: CameraState = { cx: 0, cy: 0, zoom: 1 };
  private particleScale = 1;
  private particlesOnScreen = 0;
  /** When the camera last moved, to re-share the particles among the edges on screen once it rests. */
  private cameraMovedAt = -1;

  constructor(
    private readonly s: SceneState,
    private readonly cameraCtl: CameraController,
    private readonly uniforms: Record<string, IUniform>,
    private readonly edgeLayer: EdgeLayer,
    private readonly particleLayer: ParticleLayer,
  ) {}

  /** Particle speed by p95 latency (`?speed=latency`); per edge, the factor its particles run at. */
  private speedByLatency = false;
  private speedFactor = new Float64Array(0);

  /** Turns the latency speed encoding on or off; true when it changed (then write() again). */
  setSpeedByLatency(on: boolean): boolean {
    if (on === this.speedByLatency) return false;
    this.speedByLatency = on;
    return true;
  }

  /** A new view: particle counts start afresh. */
  forgetParticles(): void {
    this.particleState.clear();
  }

  /** Allocate for the camera a new view will be fitted at, not the last view's. */
  aimAt(state: CameraState): void {
    Object.assign(this.particleCamera, state);
  }

  /** For data updates of the same view: allocate for where the camera is now. */
  keepParticleCamera(): void {
    this.particleCamera.cx = this.cameraCtl.cx;
    this.particleCamera.cy = this.cameraCtl.cy;
    this.particleCamera.zoom = this.cameraCtl.zoom;
  }

  /** The zoom step of the camera aimed at decides the particle budget's scale. */
  rescale(): void {
    this.particleScale = zoomBudgetScale(this.particleCamera.zoom);
  }

  /** Every edge's curve again (the nodes moved). */
  writeGeometry(): void {
    for (let i = 0; i < this.s.edges.length; i++) this.writeEdgeGeometry(i);
  }

  /**
   * Every edge into the table at shader time `time` (s): geometry, class, rates, stream width and particle
   * counts easing from what each edge shows now. An edge new to the view eases in from none when the view is
   * the same (`sameView`), and starts at its count in a new view.
   */
  write(time: number, sameView: boolean): void {
    const s = this.s;
    const n = s.edges.length;
    this.ensureArrays(n);
    if (s.table.ensure(n)) this.uniforms.uEdges!.value = s.table.texture;
    const d = s.table.data;
    for (let i = 0; i < n; i++) {
      const e = s.edges[i]!;
      this.edgeSrc[i] = s.nodeIndex.get(e.source) ?? -1;
      this.edgeDst[i] = s.nodeIndex.get(e.target) ?? -1;
      s.edgeRps[i] = totalRate(e.rate);
      this.speedFactor[i] = this.speedByLatency ? latencySpeedFactor(e.latency?.p95 ?? e.latencyMs) : 1;
      this.writeEdgeGeometry(i);
      d[s.table.offset(i, 1) + 3] = classIndex(e.class) * 16 + Math.min(15, rateLevel(s.edgeRps[i]!));
    }
    let maxRps = 0;
    for (let i = 0; i < n; i++) maxRps = Math.max(maxRps, s.edgeRps[i]!);
    for (let i = 0; i < n; i++) this.edgeExtra[i] = shareDensity(s.view, volumeShare(s.edgeRps[i]!, maxRps));
    // Bigger views get a smaller share each; the budget caps the total so the pool never runs out.
    // Density goes to the edges on screen; the others keep one particle each (length 0 wants exactly one).
    const onScreen = this.onScreenLengths(n);
    this.particlesOnScreen = onScreen;
    allocateParticles(s.edgeRps.subarray(0, n), this.allocLength.subarray(0, n), particleBudget(n, onScreen, this.particleCamera.zoom), s.edgeCounts, this.edgeExtra.subarray(0, n));
    for (let i = 0; i < n; i++) {
      const e = s.edges[i]!;
      const to = s.edgeLength[i]! > 0 ? s.edgeCounts[i]! : 0;
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
      const o2 = s.table.offset(i, 2);
      d[o2] = from;
      d[o2 + 1] = to;
      d[o2 + 2] = time;
      d[o2 + 3] = streamHalfWidth(s.view, s.edgeRps[i]!, maxRps);
      const total = s.edgeRps[i]!;
      const o3 = s.table.offset(i, 3);
      d[o3] = errorRatio(e.rate);
      d[o3 + 1] = total > 0 ? e.rate.warning / total : 0;
      d[o3 + 2] = e.stale ? 1 : 0;
    }
    if (this.particleState.size > n * 2 + 64) {
      const live = new Set(s.edges.map((e) => e.id));
      for (const id of this.particleState.keys()) if (!live.has(id)) this.particleState.delete(id);
    }
    this.writeEmphasis();
    this.particleLayer.setSlots(this.edgeCapacity, n);
    this.edgeLayer.setCount(n);
    s.table.upload();
  }

  /** Emphasis texel: selected edge or edges of the selected node bright, the rest dimmed; else the lit edges bright; what the filter left out dimmed. */
  writeEmphasis(): void {
    const s = this.s;
    const d = s.table.data;
    const sel = s.selected;
    const nodeSelected = sel !== null && s.nodeIndex.has(sel) && s.view !== 'focus';
    const edgeSelected = sel !== null && !s.nodeIndex.has(sel) && s.edges.some((e) => e.id === sel);
    for (let i = 0; i < s.edges.length; i++) {
      const e = s.edges[i]!;
      let emphasis = 0;
      if (edgeSelected) emphasis = e.id === sel ? 1 : -1;
      else if (nodeSelected) emphasis = e.source === sel || e.target === sel ? 1 : -1;
      else if (s.highlightedEdges.has(e.id)) emphasis = 1;
      if (s.filteredOut.has(e.id)) emphasis = -1;
      d[s.table.offset(i, 3) + 3] = emphasis;
    }
  }

  /** The camera moved at `now` (ms). */
  cameraMoved(now: number): void {
    this.cameraMovedAt = now;
  }

  /** Per frame: once the camera has rested since it moved, re-share the particles (at shader time `time`). */
  settle(now: number, time: number): void {
    if (this.cameraMovedAt >= 0 && now - this.cameraMovedAt > PARTICLE_SETTLE_MS && !this.cameraCtl.animating) this.reshare(time);
  }

  /** Particles drawn now at shader time `time` with level of detail `lod` (every edge keeps its first). */
  particleCount(time: number, lod: number): number {
    const s = this.s;
    let particles = 0;
    for (let i = 0; i < s.edges.length; i++) {
      const state = this.particleState.get(s.edges[i]!.id);
      if (!state) continue;
      const count = easedCount(state.from, state.to, time - state.t0);
      particles += Math.min(count, 1) + Math.max(count - 1, 0) * lod;
    }
    return particles;
  }

  /** Particles edge `i` carries at shader time `time` (its eased count; 0 for an edge with none yet). */
  particlesAt(i: number, time: number): number {
    const edge = this.s.edges[i];
    const state = edge ? this.particleState.get(edge.id) : undefined;
    return state ? easedCount(state.from, state.to, time - state.t0) : 0;
  }

  /** The shader clock's origin moved forward by `seconds`: the start times stored move back with it. */
  rebase(seconds: number): void {
    const s = this.s;
    const d = s.table.data;
    for (let i = 0; i < s.edges.length; i++) {
      const o = s.table.offset(i, 2) + 2;
      d[o] = d[o]! - seconds;
    }
    for (const state of this.particleState.values()) state.t0 -= seconds;
    s.table.upload();
  }

  /**
   * Once the camera rests: crossing a zoom step, or a pan/zoom that changes how many edges are on screen by
   * more than a tenth, re-allocates, and the densities ease to the new counts.
   */
  private reshare(time: number): void {
    this.cameraMovedAt = -1;
    if (!this.s.model) return;
    const before = this.particlesOnScreen;
    const previous = { ...this.particleCamera };
    this.keepParticleCamera();
    const n = this.s.edges.length;
    const onScreen = this.onScreenLengths(n);
    const scale = zoomBudgetScale(this.particleCamera.zoom);
    if (scale === this.particleScale && Math.abs(onScreen - before) <= Math.max(8, before * 0.1)) {
      Object.assign(this.particleCamera, previous);
      return;
    }
    this.particleScale = scale;
    this.write(time, true);
  }

  /** Endpoints on the node rims, the bend's control point and the length, into the edge table. */
  private writeEdgeGeometry(i: number): void {
    const s = this.s;
    const src = this.edgeSrc[i]!;
    const dst = this.edgeDst[i]!;
    const d = s.table.data;
    const o = s.table.offset(i, 0);
    if (src < 0 || dst < 0 || src === dst) {
      d.fill(0, o, o + 8);
      s.edgeLength[i] = 0;
      return;
    }
    const sx = s.x[src]!;
    const sy = s.y[src]!;
    const tx = s.x[dst]!;
    const ty = s.y[dst]!;
    const dist = Math.hypot(tx - sx, ty - sy) || 1;
    const ux = (tx - sx) / dist;
    const uy = (ty - sy) / dist;
    const rs = Math.min(s.radius[src]!, dist * 0.45);
    const rt = Math.min(s.radius[dst]!, dist * 0.45);
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
    // The particles' lap: the curve's length, shortened for faster particles (latency encoding).
    d[o + 6] = length / (this.speedFactor[i] || 1);
    s.edgeLength[i] = length;
  }

  /** Edge lengths for allocation, 0 for edges whose curve's box misses the particle camera's view; returns how many hit it. */
  private onScreenLengths(n: number): number {
    const s = this.s;
    const cam = this.particleCamera;
    const halfW = this.cameraCtl.width / 2 / cam.zoom;
    const halfH = this.cameraCtl.height / 2 / cam.zoom;
    const x0 = cam.cx - halfW;
    const x1 = cam.cx + halfW;
    const y0 = cam.cy - halfH;
    const y1 = cam.cy + halfH;
    const d = s.table.data;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const o = s.table.offset(i, 0);
      const ax = d[o]!, ay = d[o + 1]!, bx = d[o + 2]!, by = d[o + 3]!, cx = d[o + 4]!, cy = d[o + 5]!;
      const hit = Math.max(ax, bx, cx) >= x0 && Math.min(ax, bx, cx) <= x1 && Math.max(ay, by, cy) >= y0 && Math.min(ay, by, cy) <= y1;
      this.allocLength[i] = hit ? s.edgeLength[i]! : 0;
      if (hit && s.edgeLength[i]! > 0) count++;
    }
    return count;
  }

  private ensureArrays(n: number): void {
    this.s.ensureEdgeArrays(n);
    if (this.edgeSrc.length >= n) return;
    const size = grownLength(this.edgeSrc.length, n);
    this.edgeSrc = new Int32Array(size);
    this.edgeDst = new Int32Array(size);
    this.edgeExtra = new Float64Array(size);
    this.edgeCapacity = new Uint32Array(size);
    this.allocLength = new Float64Array(size);
    this.speedFactor = new Float64Array(size).fill(1);
  }
}
