// Which labels to show: the most important first, none overlapping, none off screen, at most a cap.
// Greedy by priority with a uniform grid of placed boxes, so it stays O(n) for 1,000 nodes on every pan.

/**
 * A label's box in screen pixels (top-left corner) and how much it matters (higher wins). An `obstacle`
 * (a node's disc) is never shown or counted but no label may cover it. A `force` label (the selection,
 * a search hit) is always shown when on screen, even over a disc, and other labels make way for it.
 */
export interface LabelBox { x: number; y: number; width: number; height: number; priority: number; obstacle?: boolean; force?: boolean }

export interface Viewport { width: number; height: number }

const CELL = 64;

/**
 * Culls labels with reusable scratch (order, grid cells, result), so panning allocates nothing once warm.
 * `cull` returns a view into its own array, valid until the next call.
 */
export class LabelCuller {
  private order = new Int32Array(256);
  private readonly grid = new Map<number, number[]>();
  private readonly usedCells: number[] = [];
  private readonly shown: number[] = [];

  cull(boxes: readonly LabelBox[], count: number, viewport: Viewport, maxVisible: number, padding = 1): readonly number[] {
    if (this.order.length < count) this.order = new Int32Array(Math.max(count, this.order.length * 2));
    let n = 0;
    for (let i = 0; i < count; i++) {
      const b = boxes[i]!;
      if (b.width <= 0 || b.x + b.width < 0 || b.y + b.height < 0 || b.x > viewport.width || b.y > viewport.height) continue;
      this.order[n++] = i;
    }
    const rank = (b: LabelBox) => (b.force ? 2 : b.obstacle ? 1 : 0);
    const order = this.order.subarray(0, n);
    order.sort((a, b) => rank(boxes[b]!) - rank(boxes[a]!) || boxes[b]!.priority - boxes[a]!.priority || a - b);
    for (const key of this.usedCells) this.grid.get(key)!.length = 0;
    this.usedCells.length = 0;
    const columns = Math.ceil(viewport.width / CELL) + 2;
    const shown = this.shown;
    shown.length = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const b = boxes[i]!;
      if (shown.length >= maxVisible && !b.force) break;
      const obstacle = b.obstacle === true;
      const x0 = b.x - padding;
      const y0 = b.y - padding;
      const x1 = b.x + b.width + padding;
      const y1 = b.y + b.height + padding;
      const cx0 = Math.max(-1, Math.floor(x0 / CELL));
      const cx1 = Math.min(columns - 2, Math.floor(x1 / CELL));
      const cy0 = Math.max(-1, Math.floor(y0 / CELL));
      const cy1 = Math.floor(y1 / CELL);
      let free = !obstacle && !b.force;
      for (let cy = cy0; cy <= cy1 && free; cy++) {
        for (let cx = cx0; cx <= cx1 && free; cx++) {
          const list = this.grid.get(cy * columns + cx);
          if (!list) continue;
          for (const j of list) {
            const o = boxes[j]!;
            if (x0 < o.x + o.width && x1 > o.x && y0 < o.y + o.height && y1 > o.y) {
              free = false;
              break;
            }
          }
        }
      }
      if (!free && !obstacle && !b.force) continue;
      if (!obstacle) shown.push(i);
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const key = cy * columns + cx;
          let list = this.grid.get(key);
          if (!list) {
            list = [];
            this.grid.set(key, list);
          }
          if (list.length === 0) this.usedCells.push(key);
          list.push(i);
        }
      }
    }
    return shown;
  }
}

/** Indices of the labels to show, highest priority first. `padding` keeps neighbours from touching. */
export function cullLabels(boxes: readonly LabelBox[], viewport: Viewport, maxVisible: number, padding = 1): number[] {
  return [...new LabelCuller().cull(boxes, boxes.length, viewport, maxVisible, padding)];
}

/** Approximate text width in pixels for a sans-serif font (no DOM measuring in a pan). */
export function estimateTextWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.56 + 4;
}
