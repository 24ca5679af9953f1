// How far the app's chrome (top bar, tools, side panel, legend) reaches into the scene from each screen edge,
// so fit-to-screen centres the graph in what is left. Each floating box is charged to the one screen edge
// whose band covering it hides the least area: a full-width bar goes to the top, a tall panel to the right,
// a corner legend to whichever of its two edges is cheaper. Pure: the app measures, this decides.

export interface Insets { top: number; right: number; bottom: number; left: number }
/** A box in the scene's CSS pixels (origin at the scene's top-left corner). */
export interface ScreenRect { left: number; top: number; right: number; bottom: number }

export const NO_INSETS: Readonly<Insets> = { top: 0, right: 0, bottom: 0, left: 0 };

/** Insets that keep every box with an area and inside the viewport clear; hidden chrome measures 0×0 and counts nothing. */
export function chromeInsets(width: number, height: number, rects: readonly ScreenRect[]): Insets {
  const out: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const r of rects) {
    const left = Math.max(0, r.left);
    const top = Math.max(0, r.top);
    const right = Math.min(width, r.right);
    const bottom = Math.min(height, r.bottom);
    if (right - left <= 0 || bottom - top <= 0) continue;
    // Band depth needed from each edge, times that band's length: the area it takes from the scene.
    const costs: [keyof Insets, number, number][] = [
      ['top', bottom, bottom * width],
      ['bottom', height - top, (height - top) * width],
      ['left', right, right * height],
      ['right', width - left, (width - left) * height],
    ];
    let best = costs[0]!;
    for (const c of costs) if (c[2] < best[2]) best = c;
    out[best[0]] = Math.max(out[best[0]], Math.ceil(best[1]));
  }
  return out;
}
