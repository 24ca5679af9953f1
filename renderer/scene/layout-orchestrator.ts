// Where the nodes go and how big they are: a layout per view (cached, least recently shown evicted),
// elk's layered layout refining a region view in a worker, nodes gliding to new positions, and the bounds
// the camera fits (which only refit by themselves when the layout grows). Layout math lives in shared/view.
import { totalRate } from '../../shared/model';
import { ELK_MAX_EDGES, ELK_MAX_NODES } from '../../shared/view/elk-graph';
import { emptyBounds, growBounds, type Bounds, type Point } from '../../shared/view/geometry';
import { estimateTextWidth } from '../../shared/view/label-cull';
import { LABEL_FONT_PX } from '../../shared/view/layered-layout';
import { layoutInputOf, MEMBER_RADIUS, type Positions } from '../../shared/view/layout';
import { LayoutMemory } from '../../shared/view/layout-memory';
import { maxNodeRadius, nearestDistances, nodeRadius, viewSizeScale } from '../../shared/view/node-size';
import { globalRegionRadius, INTERNET_RADIUS } from '../../shared/view/volume-scale';
import type { ViewModel } from '../../shared/view/view-model';
import { LayoutClient } from './layout-client';
import type { NodeLayer } from './node-layer';
import { grownLength, type SceneState } from './scene-state';

export const NODE_TWEEN_MS = 650;

/** What the scene does when elk answers for a view after `show` returned. */
export interface LayoutListener {
  /** elk failed, or is slow, for the view `key` (a slow answer may still come: then `refined`). */
  refineFailed(key: string): void;
  /**
   * elk's positions are the targets (state.toX/toY, radii resized) of the view on screen. `snapped`: the view
   * was waiting blank for them (a wall), and the nodes are already there; otherwise they should glide.
   */
  refined(key: string, snapped: boolean): void;
}

export class LayoutOrchestrator {
  /** Layouts per view (least recently shown forgotten first), from each view's whole, unfiltered node set. */
  private readonly memory = new LayoutMemory(64);
  private readonly client = new LayoutClient();
  private fromX = new Float64Array(0);
  private fromY = new Float64Array(0);
  private nearest = new Float64Array(0);
  private tweenStart = -1;
  private lastBounds: Bounds = emptyBounds();

  constructor(private readonly s: SceneState, private readonly mode: 'elk' | 'fast', private readonly listener: LayoutListener) {}

  /** elk layouts asked for and not answered yet (the view may still move). */
  get refining(): number {
    return this.client.waiting;
  }

  get tweening(): boolean {
    return this.tweenStart >= 0;
  }

  /**
   * The view's positions (from its remembered layout where there is one; pass the drawn, unfiltered model);
   * `refine` when elk should improve them: the first time the view has data, whatever route led to it.
   */
  place(model: ViewModel): { positions: Positions; refine: boolean } {
    const { positions, fresh } = this.memory.layout(model);
    const refine = this.mode === 'elk' && model.route.view === 'region' && fresh && model.nodes.length > 2 && model.nodes.length <= ELK_MAX_NODES && model.edges.length <= ELK_MAX_EDGES;
    return { positions, refine };
  }

  /** Where each node of the view on screen is now, so that a node moved by the layout glides instead of jumping. */
  currentPositions(): Map<string, Point> {
    const s = this.s;
    const current = new Map<string, Point>();
    s.nodes.forEach((n, i) => current.set(n.id, { x: s.x[i]!, y: s.y[i]! }));
    return current;
  }

  /**
   * Targets for the nodes of the state's (new) model, each starting from where it was drawn (`current`),
   * radii sized; a glide starts at `now` when any node moves.
   */
  start(positions: Positions, current: ReadonlyMap<string, Point> | null, now: number): void {
    const s = this.s;
    const n = s.nodes.length;
    s.ensureNodeArrays(n);
    this.ensureArrays(n);
    let moving = false;
    s.nodes.forEach((node, i) => {
      const to = positions.get(node.id) ?? { x: 0, y: 0 };
      const from = current?.get(node.id) ?? to;
      s.toX[i] = to.x;
      s.toY[i] = to.y;
      this.fromX[i] = from.x;
      this.fromY[i] = from.y;
      s.x[i] = from.x;
      s.y[i] = from.y;
      if (from.x !== to.x || from.y !== to.y) moving = true;
    });
    this.sizeNodes();
    this.tweenStart = moving ? now : -1;
  }

  startTween(now: number): void {
    this.tweenStart = now;
  }

  stopTween(): void {
    this.tweenStart = -1;
  }

  /** One frame of the glide: nodes moved (state.x/y and the node layer); true when it has ended. */
  stepTween(now: number, nodeLayer: NodeLayer): boolean {
    const s = this.s;
    const k = Math.min(1, (now - this.tweenStart) / NODE_TWEEN_MS);
    const e = k * k * (3 - 2 * k);
    const n = s.nodes.length;
    for (let i = 0; i < n; i++) {
      s.x[i] = this.fromX[i]! + (s.toX[i]! - this.fromX[i]!) * e;
      s.y[i] = this.fromY[i]! + (s.toY[i]! - this.fromY[i]!) * e;
      nodeLayer.move(i, s.x[i]!, s.y[i]!);
    }
    nodeLayer.commitMoves(n);
    if (k < 1) return false;
    this.tweenStart = -1;
    return true;
  }

  /** Where the nodes are heading, with room for their rings; `remember`: the camera fits this now. */
  bounds(remember: boolean): Bounds {
    const s = this.s;
    const b = emptyBounds();
    for (let i = 0; i < s.nodes.length; i++) growBounds(b, s.toX[i]!, s.toY[i]!, s.radius[i]! * 1.3);
    if (remember) this.lastBounds = b;
    return b;
  }

  /**
   * Room (CSS px) the fitted picture should leave on its right for the names written right of the last
   * column, in a view of islands (the layout leaves room for every other name between its columns); else 0.
   * `textScale`: the labels' size factor (a wall's are larger).
   */
  rightRoom(fitMarginPx: number, textScale = 1): number {
    const s = this.s;
    if (!s.model?.islands) return 0;
    let maxX = -Infinity;
    for (let i = 0; i < s.nodes.length; i++) maxX = Math.max(maxX, s.toX[i]!);
    let widest = 0;
    for (let i = 0; i < s.nodes.length; i++) if (s.toX[i]! >= maxX - 1) widest = Math.max(widest, estimateTextWidth(s.nodes[i]!.name, LABEL_FONT_PX * textScale));
    return Math.max(0, widest + 16 - fitMarginPx);
  }

  /** The camera was fitted to `bounds`. */
  fitted(bounds: Bounds): void {
    this.lastBounds = bounds;
  }

  /** True when the layout now reaches beyond what the camera last fitted (a new service at an edge). */
  grew(bounds: Bounds): boolean {
    const b = this.lastBounds;
    const grown = bounds.minX < b.minX - 1 || bounds.minY < b.minY - 1 || bounds.maxX > b.maxX + 1 || bounds.maxY > b.maxY + 1;
    this.lastBounds = bounds;
    return grown;
  }

  /** Asks elk for the view `key`; its answer reaches the listener, or the cache when the view has gone. */
  refine(key: string, model: ViewModel, made: Positions): void {
    // Slow (a busy machine): a waiting wall shows the fast layout meanwhile; elk's answer still wins when it comes.
    void this.client.layout(layoutInputOf(model), () => this.listener.refineFailed(key)).then((elk) => {
      const s = this.s;
      if (s.disposed) return;
      if (!elk) {
        this.listener.refineFailed(key);
        return;
      }
      if (s.key !== key || !s.model) {
        // Not on screen any more: keep elk's layout for next time if nothing changed meanwhile.
        this.memory.adopt(model, made, elk, false);
        return;
      }
      const current = s.model;
      const positions = this.memory.adopt(current, made, elk, true)!;
      current.nodes.forEach((node, i) => {
        const p = positions.get(node.id)!;
        this.fromX[i] = s.x[i]!;
        this.fromY[i] = s.y[i]!;
        s.toX[i] = p.x;
        s.toY[i] = p.y;
      });
      this.sizeNodes();
      const snapped = s.awaitingLayout === key;
      if (snapped) {
        // Nobody has seen the fast layout: place the nodes where elk put them.
        current.nodes.forEach((_, i) => {
          s.x[i] = this.fromX[i] = s.toX[i]!;
          s.y[i] = this.fromY[i] = s.toY[i]!;
        });
      }
      this.listener.refined(key, snapped);
    });
  }

  dispose(): void {
    this.client.dispose();
  }

  /** Radii by volume, enlarged in small views but never past half the distance to the nearest neighbour. */
  private sizeNodes(): void {
    const s = this.s;
    const n = s.nodes.length;
    const view = s.view;
    const scale = viewSizeScale(view, n);
    if (scale > 1) nearestDistances(s.toX, s.toY, n, 2 * maxNodeRadius(view) * scale + 8, this.nearest);
    if (view === 'global') return this.sizeRegions();
    for (let i = 0; i < n; i++) {
      const node = s.nodes[i]!;
      const focused = view === 'focus' && node.id === s.model?.route.service;
      const base = nodeRadius(view, node.kind, totalRate(node.rate), focused);
      // A service of an island opened in place is drawn small, in the list-like grid it was laid out in.
      if (node.islandKey !== undefined && s.model?.islands) s.radius[i] = Math.min(base, MEMBER_RADIUS);
      else s.radius[i] = scale > 1 ? Math.min(base * scale, Math.max(base, this.nearest[i]! / 2 - 5)) : base;
    }
  }

  /** Global view: a region's disc area follows its ingress, on the scale of the busiest region. */
  private sizeRegions(): void {
    const s = this.s;
    let max = 0;
    for (const node of s.nodes) if (node.kind === 'region') max = Math.max(max, totalRate(node.rate));
    for (let i = 0; i < s.nodes.length; i++) {
      const node = s.nodes[i]!;
      s.radius[i] = node.kind === 'region' ? globalRegionRadius(totalRate(node.rate), max) : INTERNET_RADIUS;
    }
  }

  private ensureArrays(n: number): void {
    if (this.fromX.length >= n) return;
    const size = grownLength(this.fromX.length, n);
    this.fromX = new Float64Array(size);
    this.fromY = new Float64Array(size);
    this.nearest = new Float64Array(size);
  }
}
