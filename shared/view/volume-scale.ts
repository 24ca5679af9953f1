// Volume you can see: on a view's own scale (its busiest region or call = 1), a region's disc area, a
// stream's width and its particle count all grow with requests/s, so twice the traffic reads as twice —
// Vizceral's intuition. Regions and streams are compared within one view, never across views.
import type { ViewKind } from './view-model';

/** Smallest and largest region radius in the global view (the layout's slots are sized for the largest). */
export const GLOBAL_RADIUS_MIN = 30;
export const GLOBAL_RADIUS_MAX = 100;
/** The INTERNET is everyone's caller: a fixed disc, its total written on it. */
export const INTERNET_RADIUS = 64;

/** Busiest stream's half-width, world units (global nodes are ~100 across, services ~15). */
const STREAM_HALF_WIDTH: Record<ViewKind, number> = { global: 34, region: 5, focus: 8 };
/** Particles per 100 world units the busiest stream gains on top of the log-scaled floor. */
const SHARE_DENSITY: Record<ViewKind, number> = { global: 110, region: 12, focus: 16 };

/** `rps` as a share of the view's busiest, 0..1 (0 when nothing flows). */
export function volumeShare(rps: number, maxRps: number): number {
  if (!(rps > 0) || !(maxRps > 0)) return 0;
  return Math.min(1, rps / maxRps);
}

/** A region's radius in the global view: its disc's area is proportional to its ingress (2× = 2× the area). */
export function globalRegionRadius(rps: number, maxRps: number): number {
  return Math.max(GLOBAL_RADIUS_MIN, GLOBAL_RADIUS_MAX * Math.sqrt(volumeShare(rps, maxRps)));
}

/**
 * A stream's half-width: the particles spread across it, so a busy call is a broad river and a quiet
 * one a thread. Width ∝ √share (and the particle count ∝ share), so density across it rises too.
 */
export function streamHalfWidth(view: ViewKind, rps: number, maxRps: number): number {
  const share = volumeShare(rps, maxRps);
  return share > 0 ? STREAM_HALF_WIDTH[view] * Math.sqrt(share) : 0;
}

/** Extra particles per 100 world units for a stream at `share` of the view's busiest. */
export function shareDensity(view: ViewKind, share: number): number {
  return SHARE_DENSITY[view] * share;
}
