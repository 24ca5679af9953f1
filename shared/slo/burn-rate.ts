// Error-budget arithmetic from the SRE Workbook, "Alerting on SLOs" (sre.google/workbook/alerting-on-slos/):
// burn rate = error ratio ÷ (1 − objective); multi-window, multi-burn-rate alerting pages on a 2 % budget
// spend in 1 h (14.4×, confirmed over 5 m) or 5 % in 6 h (6×, confirmed over 30 m), tickets on 10 % in 3 d
// (1×, confirmed over 6 h).
import type { BurnWindow, SloAlert } from './report';

/** Good and total requests counted over one window. */
export interface WindowCount {
  good: number;
  total: number;
}

export const PAGE_FAST = 14.4;
export const PAGE_SLOW = 6;
export const TICKET = 1;

/** The allowed bad share: 1 − objective, objective in percent (99.9 → 0.001). */
export function errorBudget(objectivePercent: number): number {
  // 100 − 99.9 is 0.0999999999999943 in binary floating point; 12 digits give back the 0.001 that was meant.
  return Number(((100 - objectivePercent) / 100).toPrecision(12));
}

/** Bad share of a window's requests, or null with no requests (nothing to judge, not "no errors"). */
export function badRatio(count: WindowCount | undefined): number | null {
  if (!count || !(count.total > 0)) return null;
  const bad = Math.min(count.total, Math.max(0, count.total - count.good));
  return bad / count.total;
}

export function burnRate(count: WindowCount | undefined, objectivePercent: number): number | null {
  const ratio = badRatio(count);
  return ratio === null ? null : ratio / errorBudget(objectivePercent);
}

/** Share of the budget left after the window's bad ratio: 1 − ratio ÷ budget (negative when overspent). */
export function budgetRemaining(count: WindowCount | undefined, objectivePercent: number): number | null {
  const ratio = badRatio(count);
  return ratio === null ? null : 1 - ratio / errorBudget(objectivePercent);
}

const over = (value: number | null, threshold: number): boolean => value !== null && value > threshold;

/** The Workbook's rules; a window without requests never fires. */
export function sloAlert(burn: Record<BurnWindow, number | null>): SloAlert {
  if ((over(burn['1h'], PAGE_FAST) && over(burn['5m'], PAGE_FAST)) || (over(burn['6h'], PAGE_SLOW) && over(burn['30m'], PAGE_SLOW))) return 'page';
  if (over(burn['3d'], TICKET) && over(burn['6h'], TICKET)) return 'ticket';
  return null;
}

/**
 * Seconds until the budget left is spent at `burn` (1 = the whole budget per SLO window): remaining ×
 * window ÷ burn. 0 when already spent; null when nothing burns or nothing is known.
 */
export function exhaustsInSeconds(remaining: number | null, burn: number | null, windowSeconds: number): number | null {
  if (remaining === null || burn === null) return null;
  if (remaining <= 0) return 0;
  if (!(burn > 0)) return null;
  return (remaining * windowSeconds) / burn;
}
