// Durations as config files write them (`90s`, `15m`, `1h30m`, `7d`): Prometheus's units, without years.
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const WHOLE = /^(\d+(ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/** Milliseconds of a duration such as `15m` or `1h30m`; NaN when the text is not one. */
export function durationMs(text: string): number {
  if (!WHOLE.test(text)) return NaN;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}
