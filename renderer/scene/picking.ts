// What is under the pointer (a grid over the nodes' discs and the edges' curves, rebuilt when the layout
// settles) and how a node or edge is drawn on screen now (inspect, for tests and scripts that check the picture).
import type { TrafficClass } from '../../shared/model';
import { bezierPoint, type Point } from '../../shared/view/geometry';
import { labelClearance } from '../../shared/view/node-size';
import { PickIndex, type PickEdge, type PickNode } from '../../shared/view/pick-index';
import type { CameraController } from './camera-controller';
import type { SceneState } from './scene-state';

export interface PickHit { type: 'node' | 'edge'; id: string }

/** What one node or edge looks like on screen now (CSS px), for tests and scripts that check the picture. */
export interface DrawnItem {
  type: 'node' | 'edge';
  id: string;
  class: TrafficClass;
  stale: boolean;
  /** Node: centre on screen; edge: its midpoint. */
  x: number;
  y: number;
  /** Node only. */
  radiusPx?: number;
  /** Node only: how far its outermost ring reaches (the selection or search ring; the disc's rim without). */
  ringRadiusPx?: number;
  /** Edge only: its curve on screen as points x0, y0, x1, y1, … (17 of them, end to end). */
  pathPx?: number[];
  /** Edge only: particles it carries once eased, its length and its stream's half-width at the middle. */
  particles?: number;
  /** Edge only: particles it carries at this instant of the scene's clock (easing towards `particles`). */
  particlesNow?: number;
  lengthPx?: number;
  streamHalfWidthPx?: number;
  /** Edge only: how fast its particles run relative to the normal speed (≠ 1 only with ?speed=latency). */
  particleSpeed?: number;
  dimmed: boolean;
}

const _p: Point = { x: 0, y: 0 };
const _q: Point = { x: 0, y: 0 };
const _r: Point = { x: 0, y: 0 };

export class Picking {
  private readonly index = new PickIndex(80);

  constructor(
    private readonly s: SceneState,
    private readonly cameraCtl: CameraController,
    private readonly nodeDimmed: (i: number) => boolean,
    private readonly particlesNow: (edge: number) => number,
  ) {}

  /** The grid for where the nodes are heading and the edges as the table holds them. */
  rebuild(): void {
    const s = this.s;
    const nodes: PickNode[] = s.nodes.map((node, i) => ({ id: node.id, x: s.toX[i]!, y: s.toY[i]!, r: s.radius[i]! }));
    const edges: PickEdge[] = [];
    const d = s.table.data;
    for (let i = 0; i < s.edges.length; i++) {
      if (s.edgeLength[i]! <= 0) continue;
      const o = s.table.offset(i, 0);
      edges.push({ id: s.edges[i]!.id, sx: d[o]!, sy: d[o + 1]!, ex: d[o + 2]!, ey: d[o + 3]!, cx: d[o + 4]!, cy: d[o + 5]! });
    }
    this.index.build(nodes, edges);
  }

  /** The node or edge under a point on the canvas (CSS px), with a few pixels' slack. */
  at(px: number, py: number): PickHit | null {
    this.cameraCtl.screenToWorld(px, py, _q);
    return this.index.pick(_q.x, _q.y, 6 / this.cameraCtl.zoom);
  }

  inspect(id: string): DrawnItem | null {
    const s = this.s;
    const cam = this.cameraCtl;
    const i = s.nodeIndex.get(id);
    if (i !== undefined) {
      const node = s.nodes[i]!;
      cam.worldToScreen(s.x[i]!, s.y[i]!, _p);
      const radiusPx = s.radius[i]! * cam.zoom;
      const ringed = s.selected === id || s.highlighted.has(id);
      const ringRadiusPx = ringed ? labelClearance(radiusPx, true, 0) : radiusPx;
      return { type: 'node', id, class: node.class, stale: node.stale, x: _p.x, y: _p.y, radiusPx, ringRadiusPx, dimmed: this.nodeDimmed(i) };
    }
    const k = s.edges.findIndex((e) => e.id === id);
    if (k < 0) return null;
    const e = s.edges[k]!;
    const d = s.table.data;
    const o = s.table.offset(k, 0);
    bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, 0.5, _q);
    cam.worldToScreen(_q.x, _q.y, _p);
    const dimmed = d[s.table.offset(k, 3) + 3]! < -0.5;
    const pathPx: number[] = [];
    for (let step = 0; step <= 16; step++) {
      bezierPoint(d[o]!, d[o + 1]!, d[o + 4]!, d[o + 5]!, d[o + 2]!, d[o + 3]!, step / 16, _r);
      cam.worldToScreen(_r.x, _r.y, _r);
      pathPx.push(_r.x, _r.y);
    }
    return { type: 'edge', id, class: e.class, stale: e.stale, x: _p.x, y: _p.y, particles: s.edgeCounts[k]!, particlesNow: this.particlesNow(k), lengthPx: s.edgeLength[k]! * cam.zoom, streamHalfWidthPx: d[s.table.offset(k, 2) + 3]! * cam.zoom, particleSpeed: d[s.table.offset(k, 1) + 2]! > 0 ? s.edgeLength[k]! / d[s.table.offset(k, 1) + 2]! : 1, pathPx, dimmed };
  }
}
