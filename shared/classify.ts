import { errorRatio, type RequestRate, type Thresholds, type TrafficClass } from './model';

/** The traffic class of a rate from its error ratio (Vizceral's normal / warning / danger). */
export function classify(rate: RequestRate, thresholds: Thresholds): TrafficClass {
  const ratio = errorRatio(rate);
  if (ratio >= thresholds.danger && rate.danger > 0) return 'danger';
  if (ratio >= thresholds.warning && rate.danger > 0) return 'warning';
  return 'normal';
}

/** Rates travel and display with four significant digits; more is noise from `rate()`. */
export function roundRate(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Number(value.toPrecision(4));
}
