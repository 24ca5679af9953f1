import { describe, expect, it } from 'vitest';
import { budgetRemaining, burnRate, durationSeconds, exhaustsInSeconds, sloAlert, sloFigures, type BurnWindow } from '../../../shared/slo/index';

const burns = (b: Partial<Record<BurnWindow, number | null>>): Record<BurnWindow, number | null> => ({ '5m': null, '30m': null, '1h': null, '6h': null, '3d': null, ...b });

describe('burnRate()', () => {
  it('is the bad ratio over the error budget: 0.5 % bad against 99.9 % is 5×', () => {
    expect(burnRate({ good: 995, total: 1000 }, 99.9)).toBeCloseTo(5, 12);
    expect(burnRate({ good: 1000, total: 1000 }, 99.9)).toBe(0);
    expect(burnRate({ good: 0, total: 1000 }, 99)).toBeCloseTo(100, 12);
  });

  it('is null with no requests: no traffic is not a clean record', () => {
    expect(burnRate({ good: 0, total: 0 }, 99.9)).toBeNull();
    expect(burnRate(undefined, 99.9)).toBeNull();
  });
});

describe('sloAlert()', () => {
  it('pages when both 1h and 5m burn above 14.4, or both 6h and 30m above 6', () => {
    expect(sloAlert(burns({ '1h': 14.5, '5m': 15 }))).toBe('page');
    expect(sloAlert(burns({ '1h': 14.5, '5m': 14.4 }))).toBeNull(); // the short window has recovered
    expect(sloAlert(burns({ '6h': 6.1, '30m': 7 }))).toBe('page');
    expect(sloAlert(burns({ '6h': 6.1, '30m': 5.9 }))).toBeNull();
  });

  it('opens a ticket when both 3d and 6h burn above 1, and stays quiet below', () => {
    expect(sloAlert(burns({ '3d': 1.2, '6h': 1.5 }))).toBe('ticket');
    expect(sloAlert(burns({ '3d': 1.2, '6h': 0.9 }))).toBeNull();
    expect(sloAlert(burns({ '5m': 100 }))).toBeNull(); // one short spike alone never pages
  });
});

describe('budgetRemaining() and exhaustsInSeconds()', () => {
  it('leaves 75 % of a 99.9 % budget after 0.025 % bad, none after 0.1 %, −100 % after 0.2 %', () => {
    expect(budgetRemaining({ good: 99_975, total: 100_000 }, 99.9)).toBeCloseTo(0.75, 12);
    expect(budgetRemaining({ good: 99_900, total: 100_000 }, 99.9)).toBeCloseTo(0, 12);
    expect(budgetRemaining({ good: 99_800, total: 100_000 }, 99.9)).toBeCloseTo(-1, 12);
  });

  it('spends half a 30-day budget at 10× in 1.5 days, is 0 once spent and null when nothing burns', () => {
    expect(exhaustsInSeconds(0.5, 10, 30 * 86_400)).toBe(1.5 * 86_400);
    expect(exhaustsInSeconds(-0.2, 10, 30 * 86_400)).toBe(0);
    expect(exhaustsInSeconds(0.5, 0, 30 * 86_400)).toBeNull();
    expect(exhaustsInSeconds(null, 2, 30 * 86_400)).toBeNull();
  });
});

describe('sloFigures()', () => {
  it('reports burn per window, budget over the SLO window, the alert and the time left at the 1h burn', () => {
    const counts = new Map([
      ['5m', { good: 980, total: 1000 }],
      ['30m', { good: 9_900, total: 10_000 }],
      ['1h', { good: 19_700, total: 20_000 }],
      ['6h', { good: 119_900, total: 120_000 }],
      ['3d', { good: 1_439_000, total: 1_440_000 }],
      ['30d', { good: 14_395_000, total: 14_400_000 }],
    ]);
    const coverage = new Map([['5m', 1], ['30m', 1], ['1h', 1], ['6h', 1], ['3d', 0.5], ['30d', 0.05]]);
    const figures = sloFigures({ service: 'checkout', objective: 99.9, window: '30d', kind: 'availability' }, counts, coverage);
    expect(figures.burnRates).toEqual({ '5m': 20, '30m': 10, '1h': 15, '6h': 0.8333, '3d': 0.6944 });
    expect(figures.alert).toBe('page'); // 1h 15 > 14.4 and 5m 20 > 14.4
    expect(figures.budgetRemaining).toBeCloseTo(1 - 5_000 / 14_400_000 / 0.001, 3);
    expect(figures.coverage).toEqual({ '5m': 1, '30m': 1, '1h': 1, '6h': 1, '3d': 0.5, window: 0.05 });
    // 0.6528 of 30 days at 15×: 0.6528 × 2,592,000 s ÷ 15.
    expect(figures.exhaustsInSeconds).toBe(Math.round(((1 - 5_000 / 14_400_000 / 0.001) * 2_592_000) / 15));
  });

  it('uses a burn window as the SLO window when they are the same length', () => {
    const counts = new Map([['3d', { good: 999, total: 1000 }]]);
    const figures = sloFigures({ service: 's', objective: 99, window: '72h', kind: 'availability' }, counts, new Map([['3d', 0.25]]));
    expect(figures.budgetRemaining).toBeCloseTo(0.9, 12);
    expect(figures.coverage.window).toBe(0.25);
  });
});

describe('durationSeconds()', () => {
  it('reads PromQL durations and refuses anything else', () => {
    expect(durationSeconds('30d')).toBe(2_592_000);
    expect(durationSeconds('1h30m')).toBe(5_400);
    expect(durationSeconds('4w')).toBe(2_419_200);
    expect(durationSeconds('30 days')).toBeNaN();
    expect(durationSeconds('')).toBeNaN();
  });
});
