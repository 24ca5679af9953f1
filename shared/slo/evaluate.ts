// One SLO's report from the counts and coverage its queries returned: burn rate per window, budget left
// over the SLO window, the alert the Workbook's rules decide, and the time to exhaustion at the 1 h burn.
import { budgetRemaining, burnRate, exhaustsInSeconds, sloAlert, type WindowCount } from './burn-rate';
import { durationSeconds } from './duration';
import { BURN_WINDOWS, type BurnWindow, type SloReport } from './report';
import type { SloSpec } from './slo-queries';

/** Rounded for display and diffing: 4 significant digits, like request rates. */
function round(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return value === 0 ? 0 : Number(value.toPrecision(4));
}

export interface SloFigures {
  burnRates: Record<BurnWindow, number | null>;
  coverage: SloReport['coverage'];
  budgetRemaining: number | null;
  alert: SloReport['alert'];
  exhaustsInSeconds: number | null;
}

export function sloFigures(spec: SloSpec, counts: ReadonlyMap<string, WindowCount>, coverage: ReadonlyMap<string, number>): SloFigures {
  const burnRates = {} as Record<BurnWindow, number | null>;
  const cover = {} as SloReport['coverage'];
  for (const w of BURN_WINDOWS) {
    burnRates[w] = round(burnRate(counts.get(w), spec.objective));
    cover[w] = coverage.get(w) ?? 0;
  }
  // The SLO window may be one of the burn windows (3d), else it was queried under its own name.
  const windowSeconds = durationSeconds(spec.window);
  const own = BURN_WINDOWS.find((w) => durationSeconds(w) === windowSeconds) ?? spec.window;
  cover.window = coverage.get(own) ?? 0;
  const remaining = budgetRemaining(counts.get(own), spec.objective);
  const exhausts = exhaustsInSeconds(remaining, burnRate(counts.get('1h'), spec.objective), windowSeconds);
  return {
    burnRates,
    coverage: cover,
    budgetRemaining: round(remaining),
    alert: sloAlert(burnRates),
    exhaustsInSeconds: exhausts === null ? null : Math.round(exhausts),
  };
}
