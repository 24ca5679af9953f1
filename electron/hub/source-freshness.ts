// How old a source's data may be before the picture of it is stale, judged by the data's own time (sample
// timestamps, a Vizceral feed's `updated`, a file's modification time) — not by when the hub last polled.
import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `maxAge` on any source: seconds, or a duration such as `90s`, `10m`, `2h`. */
export const maxAgeKey = z
  .union([z.number().positive().max(30 * 86_400), z.string().regex(DURATION, 'a duration such as 90s, 10m or 2h')])
  .optional();

/** Files are written by a job on its own schedule: five minutes before their data counts as old. */
export const FILE_MAX_AGE_MS = 5 * 60_000;
/** A polled source's data is old after this many of its poll intervals. */
export const POLLS_OF_AGE = 3;

export function durationMs(value: number | string): number {
  if (typeof value === 'number') return value * 1000;
  const match = DURATION.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** The source's maxAge in ms: its own key, else 5 minutes for a file, else three poll intervals. */
export function maxAgeMs(source: { type: string; maxAge?: number | string | undefined }, intervalSeconds: number): number {
  if (source.maxAge !== undefined) return durationMs(source.maxAge);
  return source.type === 'vizceral' ? FILE_MAX_AGE_MS : POLLS_OF_AGE * intervalSeconds * 1000;
}

/**
 * The rate window of a Prometheus source in ms (`auto` = four scrape intervals, taken here as four poll
 * intervals), for "rate window still filling" after a start or a gap; null for sources without one.
 */
export function rateWindowMs(source: { type: string; rateWindow?: string | undefined }, intervalSeconds: number): number | null {
  if (source.type !== 'prometheus') return null;
  const window = source.rateWindow;
  if (window === undefined || window === 'auto' || !DURATION.test(window)) return 4 * intervalSeconds * 1000;
  return durationMs(window);
}
