// What the hub says about one SLO: burn rates over the SRE Workbook's windows, the budget left over the
// SLO's own window, and the alert those decide. Every number names its query time and how much of each
// window the data actually covers (a young Prometheus holds minutes, not days).

/** The windows of the multi-window, multi-burn-rate rules (SRE Workbook, "Alerting on SLOs", table 5-8). */
export const BURN_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

export type SloKind = 'availability' | 'latency';
export type SloAlert = 'page' | 'ticket' | null;

export interface SloReport {
  service: string;
  /** null: the SLO spans every region the source reports. */
  region: string | null;
  kind: SloKind;
  /** Target, percent of good requests (99.9). */
  objective: number;
  /** The SLO's window as configured (`30d`). */
  window: string;
  /** Latency SLOs: a request is good when it took at most this long. */
  thresholdMs?: number;
  /**
   * Share of the window's error budget not yet spent: 1 untouched, 0 spent, negative overspent; null with no
   * requests in the window. Computed over the part of the window the data covers.
   */
  budgetRemaining: number | null;
  /** Error ratio ÷ (1 − objective) per window; 1 spends the budget exactly over the SLO window. null: no requests. */
  burnRates: Record<BurnWindow, number | null>;
  /** Share (0..1) of each window, and of the SLO window, that holds data. */
  coverage: Record<BurnWindow | 'window', number>;
  alert: SloAlert;
  /** Seconds until the budget is gone at the 1h burn rate; null when it is not being spent. */
  exhaustsInSeconds: number | null;
  /** The flowsight source queried. */
  source: string;
  /** Epoch ms the queries were evaluated at, or null before the first success. */
  evaluatedAt: number | null;
  /** The last evaluation's error, or null; on error the figures are the last good ones. */
  error: string | null;
  /** The PromQL behind these numbers. */
  queries: string[];
}
