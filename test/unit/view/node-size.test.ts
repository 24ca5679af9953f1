import { describe, expect, it } from 'vitest';
import { maxNodeRadius, nearestDistances, nodeRadius, viewSizeScale } from '../../../shared/view/node-size';

describe('nodeRadius()', () => {
  it('grows with volume on a log scale and stays within the view\'s slot', () => {
    const r1 = nodeRadius('region', 'service', 1);
    const r5k = nodeRadius('region', 'service', 5000);
    const r50k = nodeRadius('region', 'service', 50_000);
    expect(r1).toBeLessThan(r5k);
    expect(r5k).toBeLessThan(r50k);
    expect(r50k).toBeLessThanOrEqual(maxNodeRadius('region'));
    expect(nodeRadius('global', 'region', 1e9)).toBeLessThanOrEqual(maxNodeRadius('global'));
  });
});

describe('viewSizeScale()', () => {
  it('enlarges nodes of small views only, and never the global view', () => {
    expect(viewSizeScale('region', 20)).toBeGreaterThan(1.5);
    expect(viewSizeScale('region', 1000)).toBe(1);
    expect(viewSizeScale('global', 3)).toBe(1);
  });
});

describe('nearestDistances()', () => {
  it('finds each point\'s nearest neighbour, capped', () => {
    const out = nearestDistances([0, 30, 0, 500], [0, 40, 10, 500], 4, 100, new Float64Array(4));
    expect([...out]).toEqual([10, Math.hypot(30, 30), 10, 100]);
  });
});
