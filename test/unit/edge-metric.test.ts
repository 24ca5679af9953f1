import { describe, expect, it } from 'vitest';
import { edgeMetricName, edgeMetricText, nextEdgeMetric } from '../../shared/view/edge-metric';
import { keyAction } from '../../renderer/app/keymap';
import { latencySpeedFactor } from '../../shared/view/particles';

const rate = (normal: number, danger = 0) => ({ normal, danger, warning: 0 });

describe('edge label metric', () => {
  it('cycles rps → error % → p95 → rps on the m key', () => {
    expect(keyAction({ key: 'm', ctrlKey: false, metaKey: false, altKey: false }, false)).toBe('metric');
    expect(keyAction({ key: 'm', ctrlKey: false, metaKey: false, altKey: false }, true)).toBeNull();
    expect([nextEdgeMetric('rps'), nextEdgeMetric('errors'), nextEdgeMetric('p95')]).toEqual(['errors', 'p95', 'rps']);
    expect(edgeMetricName('p95')).toBe('p95 latency');
  });

  it('writes rps (with error % and latency as before), the error %, or the p95 from buckets', () => {
    const edge = { rate: rate(95, 5), latencyMs: 91.82, latency: { p50: 18.18, p95: 91.82, p99: 98.36 } };
    expect(edgeMetricText(edge, 'rps')).toBe('100 rps · 5.0% · 92 ms');
    expect(edgeMetricText(edge, 'errors')).toBe('5.0% err');
    expect(edgeMetricText(edge, 'p95')).toBe('p95 92 ms');
    expect(edgeMetricText({ rate: rate(1), latencyMs: 4.25 }, 'p95')).toBe('p95 4.3 ms');
  });

  it('says the p95 is unknown rather than 0, and an idle edge is idle', () => {
    expect(edgeMetricText({ rate: rate(10) }, 'p95')).toBe('p95 —');
    expect(edgeMetricText({ rate: rate(0) }, 'errors')).toBe('idle');
    expect(edgeMetricText({ rate: rate(10) }, 'errors')).toBe('0% err');
  });
});

describe('particle speed by latency (?speed=latency)', () => {
  it('runs particles faster on quick calls and slower on slow ones, in steps, and normally where p95 is unknown', () => {
    expect([5, 10, 10.1, 50, 200, 201, 1000, 1001, 60_000].map(latencySpeedFactor)).toEqual([1.6, 1.6, 1.25, 1.25, 1, 0.7, 0.7, 0.45, 0.45]);
    expect(latencySpeedFactor(undefined)).toBe(1);
    expect(latencySpeedFactor(Number.NaN)).toBe(1);
  });
});
