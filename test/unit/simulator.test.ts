import { describe, expect, it } from 'vitest';
import { INTERNET, totalRate, type Call } from '../../shared/model';
import { createSimulator } from '../../shared/demo/index';

const T0 = 1_764_000_000_000;

function total(calls: readonly Call[]): number {
  return calls.reduce((sum, c) => sum + totalRate(c.rate), 0);
}

function key(c: Call): string {
  return `${c.sourceRegion}/${c.source} → ${c.destinationRegion}/${c.destination}`;
}

describe('createSimulator()', () => {
  it('gives exactly the same traffic for the same seed and time, whatever was asked before', () => {
    const a = createSimulator({ seed: 42 });
    const b = createSimulator({ seed: 42 });
    b.calls(T0 + 999_000);
    expect(a.calls(T0 + 5_000)).toEqual(b.calls(T0 + 5_000));
  });

  it('gives different traffic for a different seed', () => {
    expect(createSimulator({ seed: 1 }).calls(T0)).not.toEqual(createSimulator({ seed: 2 }).calls(T0));
  });

  it('models a shop of at least 3 regions and 15 services per region with INTERNET and cross-region calls', () => {
    const sim = createSimulator({ seed: 1 });
    const calls = sim.configuredCalls();
    expect(sim.regions.length).toBeGreaterThanOrEqual(3);
    for (const region of sim.regions) {
      const services = new Set(calls.filter((c) => c.destinationRegion === region && c.sourceRegion === region).flatMap((c) => [c.source, c.destination]));
      expect(services.size).toBeGreaterThanOrEqual(15);
      expect(calls.some((c) => c.source === INTERNET && c.destinationRegion === region && c.destination === 'edge-proxy')).toBe(true);
    }
    expect(calls.some((c) => c.sourceRegion !== INTERNET && c.sourceRegion !== c.destinationRegion)).toBe(true);
  });

  it('keeps noise within a few percent of the configured rates', () => {
    const sim = createSimulator({ seed: 3, noise: 0.03, bursts: false });
    const configured = new Map(sim.configuredCalls().map((c) => [key(c), totalRate(c.rate)]));
    for (let t = T0; t < T0 + 60_000; t += 7_000) {
      for (const call of sim.calls(t)) {
        const expected = configured.get(key(call))!;
        expect(Math.abs(totalRate(call.rate) - expected)).toBeLessThanOrEqual(expected * 0.03 + 1e-9);
      }
    }
  });

  it('raises the failure share during a burst while the total rate stays the configured rate', () => {
    const sim = createSimulator({ seed: 5, noise: 0, bursts: { everyMs: 60_000, probability: 1, durationMs: 20_000, errorShare: 0.3 } });
    let at = T0;
    while (sim.burstAt(at) === null) at += 1_000;
    const burst = sim.burstAt(at)!;
    const during = sim.calls(at);
    const configured = sim.configuredCalls();
    expect(total(during)).toBeCloseTo(total(configured), 6);
    const hit = during.filter((c) => c.destination === burst.service && c.destinationRegion === burst.region);
    expect(hit.length).toBeGreaterThan(0);
    for (const call of hit) expect(call.rate.danger / totalRate(call.rate)).toBeCloseTo(0.3, 6);
    const next = sim.burstAt(burst.endMs);
    expect(next?.startMs).not.toBe(burst.startMs);
    if (next?.service !== burst.service) {
      for (const call of sim.calls(burst.endMs).filter((c) => c.destination === burst.service && c.destinationRegion === burst.region)) {
        expect(call.rate.danger / totalRate(call.rate)).toBeLessThan(0.01);
      }
    }
  });

  it('moves an evacuated region\'s INTERNET traffic to the other regions', () => {
    const sim = createSimulator({ seed: 1, noise: 0, bursts: false });
    const internet = (calls: readonly Call[], region: string) =>
      total(calls.filter((c) => c.source === INTERNET && c.destinationRegion === region));
    const before = sim.configuredCalls();
    const allBefore = total(before.filter((c) => c.source === INTERNET));
    sim.evacuate('eu-west-1');
    const after = sim.configuredCalls();
    expect(internet(after, 'eu-west-1')).toBe(0);
    expect(total(after.filter((c) => c.source === INTERNET))).toBeCloseTo(allBefore, 6);
    const share = internet(before, 'us-east-1') / (internet(before, 'us-east-1') + internet(before, 'ap-southeast-2'));
    expect(internet(after, 'us-east-1')).toBeCloseTo(allBefore * share, 6);
    expect(sim.evacuated()).toEqual(['eu-west-1']);
    sim.restore('eu-west-1');
    expect(sim.configuredCalls()).toEqual(before);
  });

  it('refuses to evacuate the last region or a region it does not have', () => {
    const sim = createSimulator({ seed: 1, regions: 2 });
    expect(() => sim.evacuate('mars-1')).toThrow(/no region/);
    sim.evacuate(sim.regions[0]!);
    expect(() => sim.evacuate(sim.regions[1]!)).toThrow(/last region/);
  });

  it('scales to 2,000 services for benchmarks', () => {
    const sim = createSimulator({ seed: 1, regions: 4, servicesPerRegion: 500 });
    const services = new Set(sim.configuredCalls().flatMap((c) => [`${c.sourceRegion}/${c.source}`, `${c.destinationRegion}/${c.destination}`]));
    services.delete(`${INTERNET}/${INTERNET}`);
    expect(services.size).toBe(2_000);
  });

  it('makes one service appear and the previous one disappear every churn period', () => {
    const sim = createSimulator({ seed: 1, startMs: T0, churn: { everyMs: 60_000 } });
    const names = (calls: readonly Call[]) => new Set(calls.map((c) => c.destination).filter((n) => n.startsWith('experiment-')));
    sim.step(T0 + 1_000);
    expect([...names(sim.configuredCalls())]).toEqual(['experiment-0']);
    expect([...names(sim.calls(T0 + 61_000))]).toEqual(['experiment-1']);
  });

  it('starts a call added with addCall() at its rate and stops it with removeCall()', () => {
    const sim = createSimulator({ seed: 1, startMs: T0, noise: 0, bursts: false });
    const region = sim.regions[0]!;
    const call = sim.addCall({ sourceRegion: region, source: 'api-gateway', destinationRegion: region, destination: 'fresh', rate: 7 });
    const fresh = (calls: readonly Call[]) => calls.find((c) => c.destination === 'fresh');
    expect(fresh(sim.calls(T0 + 1_000))?.rate).toEqual({ normal: 7, danger: 0, warning: 0 });
    expect(fresh(sim.configuredCalls())?.rate.normal).toBe(7);
    sim.removeCall(call);
    expect(fresh(sim.calls(T0 + 2_000))).toBeUndefined();
  });
});
