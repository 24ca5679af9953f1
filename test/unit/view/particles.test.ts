import { describe, expect, it } from 'vitest';
import { allocateParticles, BUDGET_REFERENCE_EDGES, easedCount, lapUniform, particleBudget, particleClass, particleDensity, PARTICLE_BUDGET, slotPhase, wantedParticles } from '../../../shared/view/particles';

describe('particleDensity()', () => {
  it('rises monotonically with requests per second', () => {
    let previous = particleDensity(0);
    for (const rps of [0.01, 0.1, 1, 3, 10, 100, 1000, 5000, 10_000, 50_000, 200_000]) {
      const d = particleDensity(rps);
      expect(d).toBeGreaterThan(previous);
      previous = d;
    }
  });

  it('shows at least one particle on an edge carrying 1 rps', () => {
    expect(particleDensity(0)).toBe(0);
    expect(wantedParticles(1, 200)).toBeGreaterThanOrEqual(1);
    expect(wantedParticles(0.01, 50)).toBe(1);
  });

  it('makes 50,000 rps clearly denser than 5,000 rps, and both far denser than 1 rps', () => {
    expect(particleDensity(50_000) / particleDensity(5_000)).toBeGreaterThan(1.3);
    expect(particleDensity(5_000) / particleDensity(1)).toBeGreaterThan(5);
  });

  it('stays finite for absurd input', () => {
    expect(particleDensity(Number.POSITIVE_INFINITY)).toBe(0);
    expect(particleDensity(Number.NaN)).toBe(0);
    expect(particleDensity(-5)).toBe(0);
  });
});

describe('allocateParticles()', () => {
  it('gives every edge what it wants while under the budget', () => {
    const out = allocateParticles([1, 100, 50_000], [300, 300, 300], PARTICLE_BUDGET, new Uint32Array(3));
    expect([...out]).toEqual([wantedParticles(1, 300), wantedParticles(100, 300), wantedParticles(50_000, 300)]);
  });

  it('never exceeds the budget at 5,000 edges and keeps one particle on every busy edge', () => {
    const n = 5000;
    const rps = Float64Array.from({ length: n }, (_, i) => 10 ** ((i % 50) / 10));
    const lengths = Float64Array.from({ length: n }, (_, i) => 200 + (i % 7) * 300);
    const out = allocateParticles(rps, lengths, 12_000, new Uint32Array(n));
    let total = 0;
    for (const c of out) total += c;
    expect(total).toBeLessThanOrEqual(12_000);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(1);
    // Busier edges keep more particles after scaling.
    let busy = 0;
    let quiet = 0;
    out.forEach((c, i) => {
      if (i % 50 >= 40) busy += c;
      else if (i % 50 < 10) quiet += c;
    });
    expect(busy).toBeGreaterThan(quiet * 1.5);
    expect(total).toBeGreaterThan(11_900);
  });

  it('never exceeds a budget smaller than the number of busy edges, favouring the busiest', () => {
    const out = allocateParticles([5, 500, 50, 0], [100, 100, 100, 100], 2, new Uint32Array(4));
    expect([...out]).toEqual([0, 1, 1, 0]);
  });
});

describe('particle colours', () => {
  it('turns red in the share of laps equal to the error ratio', () => {
    const dangerRatio = 0.07;
    let red = 0;
    let orange = 0;
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const cls = particleClass(lapUniform(3, i % 40, Math.floor(i / 40)), dangerRatio, 0.02);
      if (cls === 2) red++;
      if (cls === 1) orange++;
    }
    expect(red / draws).toBeCloseTo(dangerRatio, 2);
    expect(orange / draws).toBeCloseTo(0.02, 2);
  });

  it('never shows a red particle on an edge without failures', () => {
    for (let lap = 0; lap < 1000; lap++) expect(particleClass(lapUniform(1, 2, lap), 0, 0)).toBe(0);
  });
});

describe('slots and easing', () => {
  it('spreads any prefix of slots evenly along the edge', () => {
    const phases = Array.from({ length: 8 }, (_, i) => slotPhase(0, i)).sort((a, b) => a - b);
    let largestGap = 1 - phases[phases.length - 1]! + phases[0]!;
    for (let i = 1; i < phases.length; i++) largestGap = Math.max(largestGap, phases[i]! - phases[i - 1]!);
    expect(largestGap).toBeLessThan(0.25);
  });

  it('eases a rate change over about a second', () => {
    expect(easedCount(10, 40, 0)).toBe(10);
    expect(easedCount(10, 40, 0.5)).toBeCloseTo(25);
    expect(easedCount(10, 40, 1)).toBe(40);
    expect(easedCount(10, 40, 5)).toBe(40);
  });
});

describe('particleBudget()', () => {
  it('gives small views the whole budget when zoomed in, as before', () => {
    expect(particleBudget(157, 157, 1)).toBe(PARTICLE_BUDGET);
    expect(particleBudget(BUDGET_REFERENCE_EDGES, BUDGET_REFERENCE_EDGES, 0.8)).toBe(PARTICLE_BUDGET);
  });

  it('shrinks with the number of edges on screen and with zoom, never below one particle per edge', () => {
    const few = particleBudget(1552, 300, 0.3);
    const many = particleBudget(1552, 1552, 0.3);
    const more = particleBudget(5075, 5075, 0.3);
    expect(many).toBeLessThan(few);
    expect(particleBudget(1552, 1552, 0.2)).toBeLessThan(many);
    expect(particleBudget(1552, 1552, 1)).toBeGreaterThan(many);
    expect(many).toBeGreaterThan(1552);
    expect(more).toBeGreaterThan(5075);
    expect(more).toBeLessThan(5075 * 1.1);
  });

  it('keeps every edge with traffic moving and the log-density order, in a 5,000-edge view zoomed out', () => {
    const n = 5000;
    const rps = Float64Array.from({ length: n }, (_, i) => 10 ** ((i % 50) / 10));
    const lengths = new Float64Array(n).fill(300);
    const out = allocateParticles(rps, lengths, particleBudget(n, n, 0.2), new Uint32Array(n));
    let total = 0;
    for (let i = 0; i < n; i++) {
      expect(out[i]).toBeGreaterThanOrEqual(1);
      total += out[i]!;
    }
    expect(total).toBeLessThanOrEqual(particleBudget(n, n, 0.2));
    // Busier edges never get fewer particles than quieter edges of the same length.
    const busiest = out[49]!;
    const quietest = out[0]!;
    expect(busiest).toBeGreaterThan(quietest);
    for (let k = 1; k < 50; k++) expect(out[k]!).toBeGreaterThanOrEqual(out[k - 1]!);
  });

  it('gives an off-screen edge (allocated with length 0) exactly one particle and the rest to edges on screen', () => {
    const out = allocateParticles([1000, 1000], [0, 600], 40, new Uint32Array(2));
    expect(out[0]).toBe(1);
    expect(out[1]).toBeGreaterThan(1);
  });
});
