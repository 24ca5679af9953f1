// How far the app's chrome (top bar, tools, side panel, legend, timeline) reaches into the scene from each
// screen edge, so fit-to-screen centres the graph in what is left. Each floating box is charged to one screen
// edge, and the boxes are charged together so the rectangle left free is the largest: a box in a corner above
// a full-width timeline costs only the strip between them, not a band of its own. Pure: the app measures,
// this decides.

export interface Insets { top: number; right: number; bottom: number; left: number }
/** A box in the scene's CSS pixels (origin at the scene's top-left corner). */
export interface ScreenRect { left: number; top: number; right: number; bottom: number }

export const NO_INSETS: Readonly<Insets> = { top: 0, right: 0, bottom: 0, left: 0 };

const EDGES = ['top', 'bottom', 'left', 'right'] as const;
/** Past this many boxes the search charges each box on its own (4^n assignments otherwise). */
const EXHAUSTIVE_LIMIT = 8;

/** Insets that keep every box with an area and inside the viewport clear; hidden chrome measures 0×0 and counts nothing. */
export function chromeInsets(width: number, height: number, rects: readonly ScreenRect[]): Insets {
  // Per box, the depth of the band from each edge that would cover it (top, bottom, left, right).
  const depths: number[][] = [];
  for (const r of rects) {
    const left = Math.max(0, r.left);
    const top = Math.max(0, r.top);
    const right = Math.min(width, r.right);
    const bottom = Math.min(height, r.bottom);
    if (right - left <= 0 || bottom - top <= 0) continue;
    depths.push([Math.ceil(bottom), Math.ceil(height - top), Math.ceil(right), Math.ceil(width - left)]);
  }
  const area = (i: Insets) => Math.max(0, width - i.left - i.right) * Math.max(0, height - i.top - i.bottom);
  const charge = (into: Insets, box: readonly number[], edge: number) => {
    const key = EDGES[edge]!;
    into[key] = Math.max(into[key], box[edge]!);
  };
  const best: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  if (depths.length > EXHAUSTIVE_LIMIT) {
    // Many boxes: each goes to the edge whose band hides the least on its own.
    for (const box of depths) {
      const costs = [box[0]! * width, box[1]! * width, box[2]! * height, box[3]! * height];
      charge(best, box, costs.indexOf(Math.min(...costs)));
    }
    return best;
  }
  // Every assignment of boxes to edges; the one leaving the largest free rectangle wins (ties: the first,
  // which prefers the top, then the bottom, for the earlier boxes).
  let bestArea = -1;
  const trial: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  const total = 4 ** depths.length;
  for (let code = 0; code < total; code++) {
    trial.top = trial.right = trial.bottom = trial.left = 0;
    let rest = code;
    for (const box of depths) {
      charge(trial, box, rest % 4);
      rest = Math.floor(rest / 4);
    }
    const a = area(trial);
    if (a > bestArea) {
      bestArea = a;
      Object.assign(best, trial);
    }
  }
  return best;
}
