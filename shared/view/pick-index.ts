// Picking by a uniform grid over node circles and sampled edge curves: a click costs a few distance
// checks, no raycaster and no per-frame work. Rebuilt only when the layout changes.
import { bezierPoint, segmentDistanceSq, type Point } from './geometry';

export interface PickNode { id: string; x: number; y: number; r: number }
export interface PickEdge { id: string; sx: number; sy: number; cx: number; cy: number; ex: number; ey: number }
export interface Pick { type: 'node' | 'edge'; id: string }

const SEGMENTS = 10;
const _p: Point = { x: 0, y: 0 };

export class PickIndex {
  private nodes: PickNode[] = [];
  private edges: PickEdge[] = [];
  private segments = new Float64Array(0); // ax, ay, bx, by per segment
  private readonly nodeCells = new Map<number, number[]>();
  private readonly segmentCells = new Map<number, number[]>();

  constructor(private readonly cell = 80) {}

  /** Numeric cell key (no string building on every hover); exact checks make rare aliasing harmless. */
  private key(cx: number, cy: number): number {
    return (cx + 32768) * 65536 + (cy + 32768);
  }

  private insert(cells: Map<number, number[]>, index: number, x0: number, y0: number, x1: number, y1: number): void {
    for (let cx = Math.floor(x0 / this.cell); cx <= Math.floor(x1 / this.cell); cx++) {
      for (let cy = Math.floor(y0 / this.cell); cy <= Math.floor(y1 / this.cell); cy++) {
        const key = this.key(cx, cy);
        const list = cells.get(key);
        if (list) list.push(index);
        else cells.set(key, [index]);
      }
    }
  }

  build(nodes: readonly PickNode[], edges: readonly PickEdge[]): void {
    this.nodes = nodes.slice();
    this.edges = edges.slice();
    this.nodeCells.clear();
    this.segmentCells.clear();
    nodes.forEach((n, i) => this.insert(this.nodeCells, i, n.x - n.r, n.y - n.r, n.x + n.r, n.y + n.r));
    this.segments = new Float64Array(edges.length * SEGMENTS * 4);
    edges.forEach((e, i) => {
      let ax = e.sx;
      let ay = e.sy;
      for (let s = 1; s <= SEGMENTS; s++) {
        bezierPoint(e.sx, e.sy, e.cx, e.cy, e.ex, e.ey, s / SEGMENTS, _p);
        const k = (i * SEGMENTS + s - 1) * 4;
        this.segments[k] = ax;
        this.segments[k + 1] = ay;
        this.segments[k + 2] = _p.x;
        this.segments[k + 3] = _p.y;
        this.insert(this.segmentCells, i * SEGMENTS + s - 1, Math.min(ax, _p.x), Math.min(ay, _p.y), Math.max(ax, _p.x), Math.max(ay, _p.y));
        ax = _p.x;
        ay = _p.y;
      }
    });
  }

  /** The node under (x, y) (within `tolerance`), else the nearest edge within `tolerance`, else null. */
  pick(x: number, y: number, tolerance: number): Pick | null {
    const reach = Math.ceil(tolerance / this.cell);
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    let best = -1;
    let bestDistance = Infinity;
    for (let i = cx - reach; i <= cx + reach; i++) {
      for (let j = cy - reach; j <= cy + reach; j++) {
        for (const n of this.nodeCells.get(this.key(i, j)) ?? []) {
          const node = this.nodes[n]!;
          const d = Math.hypot(node.x - x, node.y - y) - node.r;
          if (d <= tolerance && d < bestDistance) {
            best = n;
            bestDistance = d;
          }
        }
      }
    }
    if (best >= 0) return { type: 'node', id: this.nodes[best]!.id };
    let bestSegment = -1;
    let bestSq = tolerance * tolerance;
    for (let i = cx - reach; i <= cx + reach; i++) {
      for (let j = cy - reach; j <= cy + reach; j++) {
        for (const s of this.segmentCells.get(this.key(i, j)) ?? []) {
          const k = s * 4;
          const d = segmentDistanceSq(x, y, this.segments[k]!, this.segments[k + 1]!, this.segments[k + 2]!, this.segments[k + 3]!);
          if (d <= bestSq) {
            bestSq = d;
            bestSegment = s;
          }
        }
      }
    }
    return bestSegment >= 0 ? { type: 'edge', id: this.edges[Math.floor(bestSegment / SEGMENTS)]!.id } : null;
  }
}
