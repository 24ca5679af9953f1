import { describe, expect, it } from 'vitest';
import {
  FALLBACK_RATE_WINDOW,
  PrometheusAnswerError,
  RateWindowTracker,
  rateWindowFor,
  samplesProbe,
  scrapeIntervalOf,
  seriesProbe,
  windowFillingUntil,
} from '../../shared/presets/index';
import { FIRST_RETRY_MS, MAX_RETRY_MS, RECHECK_MS } from '../../shared/presets/rate-window-tracker';

const vector = (result: unknown[]) => ({ status: 'success', data: { resultType: 'vector', result } });
const matrix = (result: unknown[]) => ({ status: 'success', data: { resultType: 'matrix', result } });
const series = (times: number[]) => ({ metric: {}, values: times.map((t, i) => [t, String(i * 3)]) });

describe('rate window probes', () => {
  it('seriesProbe() asks for one live series of the metric', () => {
    expect(seriesProbe('istio_requests_total')).toBe('topk(1, istio_requests_total)');
  });

  it('samplesProbe() selects exactly that series over ten minutes, quoting label values', () => {
    const answer = vector([{ metric: { __name__: 'istio_requests_total', app: 'a "b"\\c', 'bad-name': 'x' }, value: [1, '5'] }]);
    expect(samplesProbe(answer)).toBe('{__name__="istio_requests_total", app="a \\"b\\"\\\\c"}[10m]');
  });

  it('samplesProbe() returns null while the metric has no series and throws on a wrong shape', () => {
    expect(samplesProbe(vector([]))).toBeNull();
    expect(() => samplesProbe(matrix([]))).toThrow(PrometheusAnswerError);
    expect(() => samplesProbe({ status: 'error', error: 'nope' })).toThrow(/nope/);
  });

  it('scrapeIntervalOf() takes the median spacing, so a missed or late scrape does not change it', () => {
    expect(scrapeIntervalOf(matrix([series([100, 101, 102.002, 103, 105, 106, 107])]))).toBe(1);
    expect(scrapeIntervalOf(matrix([series([0, 15, 30, 45, 60.01])]))).toBe(15);
  });

  it('scrapeIntervalOf() needs three samples, and reads the longest series of several', () => {
    expect(scrapeIntervalOf(matrix([series([100, 101])]))).toBeNull();
    expect(scrapeIntervalOf(matrix([]))).toBeNull();
    expect(scrapeIntervalOf(matrix([series([0, 30]), series([0, 10, 20, 30])]))).toBe(10);
    expect(() => scrapeIntervalOf(vector([]))).toThrow(PrometheusAnswerError);
  });

  it('rateWindowFor() is four scrape intervals, in whole seconds from 1 s up', () => {
    expect(rateWindowFor(1)).toBe('4s');
    expect(rateWindowFor(1.004)).toBe('4s');
    expect(rateWindowFor(15)).toBe('60s');
    expect(rateWindowFor(0.25)).toBe('1000ms');
  });
});

describe('RateWindowTracker', () => {
  it('starts on the fallback window, due at once', () => {
    const tracker = new RateWindowTracker('m');
    expect(tracker.info).toMatchObject({ window: FALLBACK_RATE_WINDOW, auto: true, scrapeIntervalSeconds: null });
    expect(tracker.due(0)).toBe(true);
  });

  it('uses four measured intervals and re-checks them every ten minutes', () => {
    const tracker = new RateWindowTracker('istio_requests_total');
    expect(tracker.measured(1, 1_000)).toBe(true);
    expect(tracker.info).toEqual({ window: '4s', auto: true, scrapeIntervalSeconds: 1, reason: '4 × the 1 s scrape interval of istio_requests_total' });
    expect(tracker.due(1_000 + RECHECK_MS - 1)).toBe(false);
    expect(tracker.due(1_000 + RECHECK_MS)).toBe(true);
    expect(tracker.measured(1, 2_000)).toBe(false);
  });

  it('falls back with the reason and retries with back-off until the interval is found', () => {
    const tracker = new RateWindowTracker('m');
    expect(tracker.unmeasured('no m series yet', 0)).toBe(true);
    expect(tracker.info.reason).toBe('fallback 1m: no m series yet');
    expect(tracker.due(FIRST_RETRY_MS - 1)).toBe(false);
    expect(tracker.due(FIRST_RETRY_MS)).toBe(true);
    expect(tracker.unmeasured('no m series yet', FIRST_RETRY_MS)).toBe(false);
    expect(tracker.due(FIRST_RETRY_MS + 2 * FIRST_RETRY_MS - 1)).toBe(false);
    for (let i = 0; i < 20; i++) tracker.unmeasured('x', 0);
    expect(tracker.due(MAX_RETRY_MS)).toBe(true);
  });

  it('keeps a window once found when a later re-check fails', () => {
    const tracker = new RateWindowTracker('m');
    tracker.measured(15, 0);
    expect(tracker.unmeasured('HTTP 503', RECHECK_MS)).toBe(false);
    expect(tracker.info.window).toBe('60s');
  });

  describe('whether the window is full, from the probed series\' own samples', () => {
    // A 60 s window at 15 s scrapes, evaluated at t = 1000 s.
    it('is full when the first sample in the window lies within 1.1 scrape intervals of its start', () => {
      expect(windowFillingUntil(matrix([series([945, 960, 975, 990])]), 1000, 60, 15)).toBeNull();
    });

    it('is filling after a fresh start or a new target, until the first sample is that close to the start', () => {
      // First sample at 975 s: full once the window starts at 975 − 16.5 s, i.e. at 1018.5 s.
      expect(windowFillingUntil(matrix([series([975, 990])]), 1000, 60, 15)).toBe(1_018_500);
    });

    it('is filling after a scrape gap: only the samples since it are in the window', () => {
      // Prometheus was down from 900 s to 985 s; the window's samples are those after it.
      expect(windowFillingUntil(matrix([series([985, 1000])]), 1000, 60, 15)).toBe(1_028_500);
    });

    it('is filling for a whole window when the series has no samples in it at all', () => {
      expect(windowFillingUntil(matrix([]), 1000, 60, 15)).toBe(1_060_000);
    });
  });
});
