// PromQL durations (prometheus.io/docs/prometheus/latest/querying/basics/#float-literals-and-time-durations):
// `30d`, `4w`, `1h30m`. Checked once at start-up, so a typo is a config error, not a failing query.
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
const WHOLE = /^(\d+(ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Seconds in a PromQL duration, or NaN when it is not one. */
export function durationSeconds(text: string): number {
  if (!WHOLE.test(text)) return NaN;
  let total = 0;
  for (const match of text.matchAll(PART)) total += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  return total;
}
