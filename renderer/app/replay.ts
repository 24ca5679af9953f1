// Replay in the renderer: `?at=T` after the hash path (`#/region/us-east-1?at=2026-12-01T14:02:10Z`) shows
// instant T from the hub's timeline instead of the present. The display never enters replay by itself.
import { clockTime, ago } from './freshness';

/** The hash path without its `?…` query, and the instant `at=` names (epoch ms), or null when live. */
export function splitReplayHash(hash: string): { path: string; at: number | null } {
  const q = hash.indexOf('?');
  if (q < 0) return { path: hash, at: null };
  const params = new URLSearchParams(hash.slice(q + 1));
  const text = params.get('at');
  return { path: hash.slice(0, q), at: text === null ? null : parseAt(text) };
}

/** Epoch ms or ISO-8601; null for anything else (a bad link stays live rather than showing a wrong instant). */
export function parseAt(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{1,16}$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : null;
}

/** The `?at=` suffix that keeps a replay across navigation. */
export function replaySuffix(at: number | null): string {
  return at === null ? '' : `?at=${new Date(at).toISOString()}`;
}

/** `REPLAY 14:02:10` and ` — 37 min ago`, the strip's two parts while replaying. */
export function replayStripText(at: number, now: number, noData: readonly string[]): { state: string; detail: string } {
  const missing = noData.length > 0 ? ` · no data for ${noData.join(', ')}` : '';
  return { state: `REPLAY ${clockTime(at)}`, detail: ` — ${ago(now - at)}${missing}` };
}
