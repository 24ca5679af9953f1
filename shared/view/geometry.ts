// Small 2-D geometry shared by layout, picking and the shaders' CPU mirrors.

export interface Point { x: number; y: number }

/** Edges bend by this share of their length, so A→B and B→A stay apart (the bend flips with direction). */
export const EDGE_BEND = 0.12;

/** Control point of the quadratic Bézier from (sx, sy) to (ex, ey), written into `out`. */
export function edgeControl(sx: number, sy: number, ex: number, ey: number, out: Point): Point {
  const dx = ex - sx;
  const dy = ey - sy;
  out.x = (sx + ex) / 2 - dy * EDGE_BEND;
  out.y = (sy + ey) / 2 + dx * EDGE_BEND;
  return out;
}

/** The point at `t` on a quadratic Bézier, written into `out` (no allocation). */
export function bezierPoint(sx: number, sy: number, cx: number, cy: number, ex: number, ey: number, t: number, out: Point): Point {
  const u = 1 - t;
  out.x = u * u * sx + 2 * u * t * cx + t * t * ex;
  out.y = u * u * sy + 2 * u * t * cy + t * t * ey;
  return out;
}

/** Squared distance from p to the segment a–b. */
export function segmentDistanceSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  let t = lengthSq > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSq : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

export interface Bounds { minX: number; minY: number; maxX: number; maxY: number }

export function emptyBounds(): Bounds {
  return { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
}

export function growBounds(b: Bounds, x: number, y: number, r: number): void {
  if (x - r < b.minX) b.minX = x - r;
  if (y - r < b.minY) b.minY = y - r;
  if (x + r > b.maxX) b.maxX = x + r;
  if (y + r > b.maxY) b.maxY = y + r;
}
