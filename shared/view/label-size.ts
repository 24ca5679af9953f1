// How large the labels are written (CSS px): with the square root of the scene's size, so a big screen's
// labels are larger and a laptop's smaller, the same way in every view; 1.5× on a wall, read from across a room.

/** Text size factor on a wall. */
export const WALL_TEXT_SCALE = 1.5;

/**
 * The scene's text scale: 1 on a scene of about 1200×880 CSS px (a 1600×900 screen's, the panel beside it),
 * with the square root of the scene's smaller proportion (a wide strip is as tall as it is).
 */
export function viewportTextScale(width: number, height: number): number {
  return Math.sqrt(Math.max(0, Math.min(width / 1200, height / 880)));
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));
const wallFactor = (wall: boolean): number => (wall ? WALL_TEXT_SCALE : 1);

/** The global view's names and headlines: 16 px at scale 1, 12 to 22 px. */
export function globalLabelFontPx(width: number, height: number, wall: boolean): number {
  return Math.round(clamp(16 * viewportTextScale(width, height), 12, 22) * wallFactor(wall));
}

/**
 * A region or focus view's names: 12 px at zoom 0.9 on a scene of scale 1, growing a little as one zooms in
 * (to 15 px; a wall viewer stepping closer in the picture), times the scene's scale; 11 to 22 px.
 * `zoom` Infinity gives the largest the scene writes them (to keep room for them before the fit is known).
 */
export function detailLabelFontPx(width: number, height: number, zoom: number, wall: boolean): number {
  const byZoom = clamp(12 * Math.pow(Math.max(zoom, 0) / 0.9, 0.3), 11, 15);
  return Math.round(clamp(byZoom * viewportTextScale(width, height), 11, 22) * wallFactor(wall));
}

/** The numbers on the edges: 11 px at scale 1 and below, up to 16 px. */
export function edgeLabelFontPx(width: number, height: number, wall: boolean): number {
  return Math.round(clamp(11 * viewportTextScale(width, height), 11, 16) * wallFactor(wall));
}
