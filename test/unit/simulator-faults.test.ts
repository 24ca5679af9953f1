import { describe, expect, it } from 'vitest';
import { INTERNET, totalRate, type Call } from '../../shared/model';
import { createSimulator } from '../../shared/demo/index';
import { applyWorld } from '../../shared/scenario/index';

const T0 = 1_764_000_000_000;
const ingress = (calls: readonly Call[], region?: string) =>
  calls.filter((c) => c.source === INTERNET && (region === undefined || c.destinationRegion === region)).reduce((s, c) => s + totalRate(c.rate), 0);

describe('Simulator scripted controls', () => {
  it('drain() moves a fraction of a region\'s INTERNET ingress to the others, conserving the total', () => {
    const sim = createSimulator({ seed: 1, noise: 0, bursts: false });
    const before = sim.configuredCalls();
    sim.drain('us-east-1', 0.5);
    const after = sim.configuredCalls();
    expect(ingress(after, 'us-east-1')).toBeCloseTo(ingress(before, 'us-east-1') / 2, 6);
    expect(ingress(after)).toBeCloseTo(ingress(before), 6);
    expect(sim.drained()).toEqual({ 'us-east-1': 0.5 });
    sim.drain('us-east-1', 1);
    expect(sim.evacuated()).toEqual(['us-east-1']);
    sim.restore('us-east-1');
    expect(sim.drained()).toEqual({});
    expect(ingress(sim.configuredCalls())).toBeCloseTo(ingress(before), 6);
  });

  it('refuses to drain every region', () => {
    const sim = createSimulator({ seed: 1, regions: 2 });
    sim.drain('us-east-1', 1);
    expect(() => sim.drain('eu-west-1', 1)).toThrow('cannot evacuate the last region');
    expect(sim.drained()).toEqual({ 'us-east-1': 1 });
  });

  it('faults fail, slow and multiply exactly the calls into the named service', () => {
    const sim = createSimulator({ seed: 1, noise: 0, bursts: false });
    const base = sim.calls(T0);
    sim.setFaults([{ region: 'us-east-1', service: 'kafka', errorShare: 0.5, rateFactor: 3, latencyMs: 900 }]);
    const hit = sim.calls(T0);
    base.forEach((b, i) => {
      const h = hit[i]!;
      if (b.destinationRegion === 'us-east-1' && b.destination === 'kafka') {
        expect(totalRate(h.rate)).toBeCloseTo(3 * totalRate(b.rate), 9);
        expect(h.rate.danger).toBeCloseTo(totalRate(h.rate) / 2, 9);
        expect(h.latencyMs).toBe(900);
      } else {
        expect(h).toEqual(b);
      }
    });
    sim.setFaults([]);
    expect(sim.calls(T0)).toEqual(base);
  });

  it('a no-traffic region fault silences calls into and out of the region', () => {
    const sim = createSimulator({ seed: 1, noise: 0, bursts: false });
    sim.setFaults([{ region: 'eu-west-1', rateFactor: 0, outbound: true }]);
    for (const c of sim.calls(T0)) {
      const touches = c.destinationRegion === 'eu-west-1' || c.sourceRegion === 'eu-west-1';
      expect(totalRate(c.rate) === 0, `${c.sourceRegion}/${c.source} → ${c.destinationRegion}/${c.destination}`).toBe(touches);
    }
  });
});

describe('applyWorld()', () => {
  it('moves a two-region shop from one drained region to the other without ever draining both', () => {
    const sim = createSimulator({ seed: 1, regions: 2, bursts: false });
    applyWorld(sim, { faults: {}, drains: { 'us-east-1': 1 } });
    expect(sim.drained()).toEqual({ 'us-east-1': 1 });
    applyWorld(sim, { faults: { x: { region: 'eu-west-1', service: 'kafka', errorShare: 0.2 } }, drains: { 'eu-west-1': 1 } });
    expect(sim.drained()).toEqual({ 'eu-west-1': 1 });
    expect(sim.faults()).toEqual([{ region: 'eu-west-1', service: 'kafka', errorShare: 0.2 }]);
  });
});
