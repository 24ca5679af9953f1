// The colour language, tuned for a dark wall display and colour-blind viewers (Okabe-Ito derived):
// normal is sky blue, warning amber, danger a red-magenta; danger also differs in brightness and size,
// and stale is a flat grey, so no state relies on hue alone.
import type { TrafficClass } from '../model';

export const COLORS = {
  background: 0x0b0f17,
  normal: 0x5ec8f2,
  warning: 0xffb000,
  danger: 0xff2e6e,
  stale: 0x6b7280,
  nodeFill: 0x111a29,
  select: 0xffffff,
  highlight: 0xffe45c,
} as const;

export function classIndex(c: TrafficClass): 0 | 1 | 2 {
  return c === 'danger' ? 2 : c === 'warning' ? 1 : 0;
}

/** 0xRRGGBB as three 0..1 floats, written into `out` at `offset`. */
export function writeRgb(hex: number, out: Float32Array, offset: number): void {
  out[offset] = ((hex >> 16) & 255) / 255;
  out[offset + 1] = ((hex >> 8) & 255) / 255;
  out[offset + 2] = (hex & 255) / 255;
}

/** Human rate: < 0.1, 0.3, 12, 1.2k, 48k rps. A trickle never reads "0": only no traffic at all does. */
export function formatRps(rps: number): string {
  if (rps >= 10_000) return Math.round(rps / 1000) + 'k';
  if (rps >= 1000) return (rps / 1000).toFixed(1) + 'k';
  if (rps >= 10) return String(Math.round(rps));
  if (rps >= 0.1) return rps.toFixed(1);
  if (rps > 0) return '< 0.1';
  return '0';
}

/** Error share as a percentage with useful precision: 0%, 0.04%, 1.3%, 12%. */
export function formatPercent(ratio: number): string {
  const p = ratio * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return p.toFixed(2) + '%';
  if (p < 10) return p.toFixed(1) + '%';
  return Math.round(p) + '%';
}
