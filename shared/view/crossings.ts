// Fewer crossings where elk and the barycentric sweeps leave them: both order layers as if long calls bent
// through every layer they span, but flowsight draws every call as one gentle curve from node to node, so a
// call from api-gateway three layers over cuts straight across the layers between. This pass swaps
// neighbours within a layer while that lowers the crossings of the picture as drawn (straight segments
// between placed nodes). Local counting keeps a swap O(degree × edges); big views skip it.
import type { Point } from './geometry';

/** Views with more calls than this keep the order they were given (counting would cost more than it buys). */
export const UNCROSS_MAX_EDGES = 600;

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 1e-9 ? 1 : v < -1e-9 ? -1 : 0;
}

/** True when segments p1–p2 and q1–q2 cross at a point inside both (touching ends do not count). */
export function segmentsCross(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const a = orient(p1.x, p1.y, p2.x, p2.y, q1.x, q1.y);
  const b = orient(p1.x, p1.y, p2.x, p2.y, q2.x, q2.y);
  const c = orient(q1.x, q1.y, q2.x, q2.y, p1.x, p1.y);
  const d = orient(q1.x, q1.y, q2.x, q2.y, p2.x, p2.y);
  return a * b < 0 && c * d < 0;
}

export interface CallPair { source: string; target: string }

/** True when calls e and f, drawn straight at `positions`, cross; calls sharing a node never do. */
function callsCross(e: CallPair, f: CallPair, positions: ReadonlyMap<string, Point>): boolean {
  if (f.source === e.source || f.source === e.target || f.target === e.source || f.target === e.target) return false;
  const a1 = positions.get(e.source);
  const a2 = positions.get(e.target);
  const b1 = positions.get(f.source);
  const b2 = positions.get(f.target);
  return a1 !== undefined && a2 !== undefined && b1 !== undefined && b2 !== undefined && segmentsCross(a1, a2, b1, b2);
}

/** Crossings between straight calls at `positions` (calls sharing a node never count as crossing). */
export function countCrossings(edges: readonly CallPair[], positions: ReadonlyMap<string, Point>): number {
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) if (callsCross(edges[i]!, edges[j]!, positions)) count++;
  }
  return count;
}

/**
 * Swaps neighbours of each layer (in `positions`, which it changes in place: two nodes trade places) while a
 * swap lowers the crossings of the calls at either node; at most `passes` passes over all layers. The set
 * of places is unchanged, so spacing and overlap guarantees of the placement still hold.
 */
export function uncross(layers: readonly (readonly string[])[], edges: readonly CallPair[], positions: Map<string, Point>, passes = 4): number {
  if (edges.length > UNCROSS_MAX_EDGES) return 0;
  const incident = new Map<string, number[]>();
  edges.forEach((e, i) => {
    if (e.source === e.target) return;
    for (const id of [e.source, e.target]) {
      let list = incident.get(id);
      if (!list) incident.set(id, (list = []));
      list.push(i);
    }
  });
  const local = (u: string, v: string): number => {
    const mine = new Set([...(incident.get(u) ?? []), ...(incident.get(v) ?? [])]);
    let count = 0;
    for (const i of mine) {
      for (let j = 0; j < edges.length; j++) {
        if (j === i || (mine.has(j) && j < i)) continue;
        if (callsCross(edges[i]!, edges[j]!, positions)) count++;
      }
    }
    return count;
  };
  const trade = (u: string, v: string) => {
    const pu = positions.get(u)!;
    const pv = positions.get(v)!;
    positions.set(u, pv);
    positions.set(v, pu);
  };
  let swaps = 0;
  const order = layers.map((layer) => layer.filter((id) => positions.has(id)));
  for (let pass = 0; pass < passes; pass++) {
    let improved = false;
    for (const layer of order) {
      for (let i = 0; i + 1 < layer.length; i++) {
        const u = layer[i]!;
        const v = layer[i + 1]!;
        if (!incident.has(u) && !incident.has(v)) continue;
        const before = local(u, v);
        if (before === 0) continue;
        trade(u, v);
        if (local(u, v) < before) {
          layer[i] = v;
          layer[i + 1] = u;
          swaps++;
          improved = true;
        } else {
          trade(u, v);
        }
      }
    }
    if (!improved) break;
  }
  return swaps;
}
