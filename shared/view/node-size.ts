// Node radius by volume, on a log scale so that 1 rps and 50,000 rps are both visible and distinguishable.
import type { NodeKind } from '../model';
import type { ViewKind } from './view-model';

/** The largest radius a node can have in a view: layout slots are sized for it so rates never cause overlap. */
export function maxNodeRadius(view: ViewKind): number {
  return view === 'global' ? 100 : view === 'focus' ? 40 : 24;
}

export function nodeRadius(view: ViewKind, kind: NodeKind, rps: number, focused = false): number {
  const level = Math.log10(1 + Math.max(0, rps));
  if (view === 'global') {
    if (kind === 'internet') return 72;
    return Math.min(100, 34 + 13 * level);
  }
  if (focused) return 40;
  if (kind === 'internet') return 22;
  if (kind === 'region') return 20;
  return Math.min(maxNodeRadius(view) - 2, 7 + 3.2 * level);
}

/**
 * How much bigger nodes may draw in a small view (a 20-service region would otherwise be a few dots on a
 * wall); each node is still capped by its neighbours' distance (see nearestDistances), so nothing overlaps.
 */
export function viewSizeScale(view: ViewKind, nodeCount: number): number {
  if (view === 'global') return 1;
  return Math.min(1.7, Math.max(1, Math.sqrt(80 / Math.max(1, nodeCount))));
}

/**
 * Distance from each of the first `n` points to its nearest other point, capped at `cap` (a uniform grid
 * of `cap`-sized cells finds every neighbour closer than that), written into `out`.
 */
export function nearestDistances(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, cap: number, out: Float64Array): Float64Array {
  const cells = new Map<number, number[]>();
  const key = (cx: number, cy: number) => (cx + 32768) * 65536 + (cy + 32768);
  for (let i = 0; i < n; i++) {
    const k = key(Math.floor(xs[i]! / cap), Math.floor(ys[i]! / cap));
    const list = cells.get(k);
    if (list) list.push(i);
    else cells.set(k, [i]);
  }
  for (let i = 0; i < n; i++) {
    const cx = Math.floor(xs[i]! / cap);
    const cy = Math.floor(ys[i]! / cap);
    let best = cap * cap;
    for (let a = cx - 1; a <= cx + 1; a++) {
      for (let b = cy - 1; b <= cy + 1; b++) {
        for (const j of cells.get(key(a, b)) ?? []) {
          if (j === i) continue;
          const dx = xs[j]! - xs[i]!;
          const dy = ys[j]! - ys[i]!;
          const d = dx * dx + dy * dy;
          if (d < best) best = d;
        }
      }
    }
    out[i] = Math.sqrt(best);
  }
  return out;
}

/**
 * How far (CSS px from a node's centre) the rings drawn around a node reach, for a disc of `radiusPx`: the
 * selection ring (1.1 r plus its width, at least 2.5 px) and the search hit's ring (1.12 r plus at least
 * 3 px), as node-layer's shader draws them. Text starts `gapPx` beyond, so a ring never cuts a name.
 */
export function labelClearance(radiusPx: number, ringed: boolean, gapPx = 3): number {
  if (!ringed) return radiusPx + gapPx;
  const selection = radiusPx * 1.1 + Math.max(0.07 * radiusPx, 2.5);
  const search = radiusPx * 1.12 + Math.max(0.1 * radiusPx, 3);
  return Math.max(selection, search) + 1 + gapPx;
}
