// Offsets and durations in scenario files: `90s`, `2m`, `1m30s`, `500ms`, or a plain number of seconds.
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!WHOLE.test(text)) return null;
  let ms = 0;
  for (const match of text.matchAll(PART)) ms += Number(match[1]) * UNIT_MS[match[2]!]!;
  return Math.round(ms);
}

/** `1m30s`, `45s`, `0s`: how the timeline and the debrief print an offset. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
  if (m > 0) return s === 0 ? `${m}m` : `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
