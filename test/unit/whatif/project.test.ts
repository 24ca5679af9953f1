import { describe, expect, it } from 'vitest';
import { PeakTracker } from '../../../shared/whatif/peak-tracker';
import { projectWhatif, type Projection } from '../../../shared/whatif/project';
import { world } from './world-helpers';

const service = (p: Projection, region: string, name: string) => p.services.find((s) => s.region === region && s.service === name)!;
const call = (p: Projection, from: string, to: string) => {
  const [fr, fs] = from.split('/');
  const [tr, ts] = to.split('/');
  return p.calls.find((c) => c.sourceRegion === fr && c.source === (fs ?? fr) && c.destinationRegion === tr && c.destination === (ts ?? tr));
};

const twoRegions = world([
  ['INTERNET', 'a/web', 100],
  ['a/web', 'a/db', 200],
  ['INTERNET', 'b/web', 50],
  ['b/web', 'b/db', 100],
]);

function peaksOf(...graphs: Parameters<PeakTracker['observe']>[0][]) {
  const tracker = new PeakTracker();
  for (const g of graphs) tracker.observe(g);
  return (region: string, name: string) => tracker.peak(region, name);
}

describe('projectWhatif()', () => {
  it('moves a drained region’s ingress to the survivor and carries it down by each service’s fan-out', () => {
    const p = projectWhatif(twoRegions, { drain: ['a'] });
    expect(service(p, 'b', 'web').projectedRps).toBeCloseTo(150, 9);
    expect(service(p, 'b', 'db').projectedRps).toBeCloseTo(300, 9); // b/web calls b/db twice per request
    expect(service(p, 'a', 'web').projectedRps).toBe(0);
    expect(service(p, 'a', 'db').projectedRps).toBe(0);
    expect(call(p, 'INTERNET', 'b/web')?.projectedRps).toBeCloseTo(150, 9);
    expect(p.ingress.currentRps).toBe(150);
    expect(p.ingress.projectedRps).toBeCloseTo(150, 9);
    expect(p.plan).toEqual({ drain: ['a'], fraction: 1, to: { b: 1 }, weightsFrom: 'current-ingress' });
  });

  it('ranks overloaded services by utilisation, capacity from config first, else the observed peak × headroom', () => {
    const p = projectWhatif(twoRegions, { drain: ['a'] }, { configured: { b: { web: 120 } }, peak: peaksOf(twoRegions), headroom: 1 });
    expect(p.overloaded).toEqual([
      { region: 'b', service: 'db', projectedRps: expect.closeTo(300, 9), capacityRps: 100, utilisation: expect.closeTo(3, 9), capacitySource: 'observed-peak', firstOverAt: 25 },
      { region: 'b', service: 'web', projectedRps: expect.closeTo(150, 9), capacityRps: 120, utilisation: expect.closeTo(1.25, 9), capacitySource: 'config', firstOverAt: 75 },
    ]);
    expect(p.steps).toEqual([
      { percent: 25, overloaded: 1 },
      { percent: 50, overloaded: 1 },
      { percent: 75, overloaded: 2 },
      { percent: 100, overloaded: 2 },
    ]);
  });

  it('applies headroom to observed peaks only', () => {
    const p = projectWhatif(twoRegions, { drain: ['a'] }, { configured: { b: { web: 120 } }, peak: peaksOf(twoRegions), headroom: 4 });
    expect(service(p, 'b', 'db')).toMatchObject({ capacityRps: 400, utilisation: 0.75, capacitySource: 'observed-peak', firstOverAt: null });
    expect(service(p, 'b', 'web')).toMatchObject({ capacityRps: 120, capacitySource: 'config' });
  });

  it('moves only the fraction of a gradual plan and reports only its steps', () => {
    const p = projectWhatif(twoRegions, { drain: ['a'], fraction: 0.5 }, { peak: peaksOf(twoRegions) });
    expect(service(p, 'a', 'web').projectedRps).toBeCloseTo(50, 9);
    expect(service(p, 'b', 'web').projectedRps).toBeCloseTo(100, 9);
    expect(service(p, 'b', 'db').projectedRps).toBeCloseTo(200, 9);
    expect(p.steps.map((s) => s.percent)).toEqual([25, 50]);
    expect(service(p, 'b', 'web').firstOverAt).toBe(25);
  });

  it('splits by the plan’s weights, else in proportion to the survivors’ current ingress', () => {
    const three = world([
      ['INTERNET', 'a/web', 100],
      ['INTERNET', 'b/web', 50],
      ['INTERNET', 'c/web', 150],
    ]);
    const byIngress = projectWhatif(three, { drain: ['a'] });
    expect(service(byIngress, 'b', 'web').projectedRps).toBeCloseTo(75, 9);
    expect(service(byIngress, 'c', 'web').projectedRps).toBeCloseTo(225, 9);
    const byPlan = projectWhatif(three, { drain: ['a'], to: { b: 3, c: 1 } });
    expect(service(byPlan, 'b', 'web').projectedRps).toBeCloseTo(125, 9);
    expect(service(byPlan, 'c', 'web').projectedRps).toBeCloseTo(175, 9);
    expect(byPlan.plan.to).toEqual({ b: 0.75, c: 0.25 });
  });

  it('sends calls into a drained region to the same service in a survivor, as new cross-region calls', () => {
    const g = world([
      ['INTERNET', 'c/web', 10],
      ['c/web', 'd/auth', 30],
      ['INTERNET', 'e/auth', 5],
      ['INTERNET', 'd/auth', 5],
    ]);
    const p = projectWhatif(g, { drain: ['d'], to: { e: 1 } });
    expect(call(p, 'c/web', 'd/auth')?.projectedRps).toBe(0);
    expect(call(p, 'c/web', 'e/auth')?.projectedRps).toBeCloseTo(30, 9);
    expect(service(p, 'e', 'auth').projectedRps).toBeCloseTo(40, 9);
    expect(p.newCrossRegionCalls).toEqual([expect.objectContaining({ sourceRegion: 'c', source: 'web', destinationRegion: 'e', destination: 'auth', currentRps: 0, projectedRps: expect.closeTo(30, 9) })]);
  });

  it('reports a service that runs only in the drained region as unplaceable and keeps its traffic (ingress conserved)', () => {
    const g = world([
      ['INTERNET', 'a/web', 100],
      ['INTERNET', 'a/legacy', 20],
      ['a/legacy', 'a/db', 40],
      ['INTERNET', 'b/web', 100],
      ['b/web', 'b/db', 10],
    ]);
    const p = projectWhatif(g, { drain: ['a'] });
    expect(p.unplaceable).toEqual([{ region: 'a', service: 'legacy', rps: 20, reason: 'no surviving region runs legacy' }]);
    expect(service(p, 'a', 'legacy').projectedRps).toBe(20);
    // legacy stays in a and its calls stay local: what a drained region keeps is what cannot leave and what it needs.
    expect(service(p, 'a', 'db').projectedRps).toBe(40);
    expect(service(p, 'b', 'web').projectedRps).toBeCloseTo(200, 9);
    expect(p.ingress.projectedRps).toBeCloseTo(p.ingress.currentRps, 9);
  });

  it('serves a peer call to a drained copy of the caller’s own service in-process, never bouncing it between survivors', () => {
    const g = world([
      ['INTERNET', 'p/pay', 10],
      ['INTERNET', 'q/pay', 10],
      ['INTERNET', 'r/pay', 10],
      ['q/pay', 'p/pay', 5],
      ['r/pay', 'p/pay', 5],
    ]);
    const p = projectWhatif(g, { drain: ['p'] });
    expect(service(p, 'q', 'pay').projectedRps).toBeCloseTo(15, 9);
    expect(service(p, 'r', 'pay').projectedRps).toBeCloseTo(15, 9);
    expect(p.newCrossRegionCalls).toEqual([]);
    expect(p.converged).toBe(true);
  });

  it('carries load round a call cycle to its steady state', () => {
    // a serves 16 (12 from outside + 4 from b); a calls b 0.5 per request, b calls a 0.5 per request.
    const g = world([
      ['INTERNET', 'x/a', 12],
      ['x/a', 'x/b', 8],
      ['x/b', 'x/a', 4],
      ['INTERNET', 'y/a', 12],
      ['y/a', 'y/b', 8],
      ['y/b', 'y/a', 4],
    ]);
    const p = projectWhatif(g, { drain: ['x'] });
    expect(p.converged).toBe(true);
    expect(service(p, 'y', 'a').projectedRps).toBeCloseTo(32, 9);
    expect(service(p, 'y', 'b').projectedRps).toBeCloseTo(16, 9);
    expect(call(p, 'y/b', 'y/a')?.projectedRps).toBeCloseTo(8, 9);
  });

  it('keeps each call’s outcome mix: a call failing 10 % now fails 10 % of its projected requests', () => {
    const g = world([
      ['INTERNET', 'a/web', 100, 10],
      ['INTERNET', 'b/web', 100],
    ]);
    const p = projectWhatif(g, { drain: ['a'] });
    expect(call(p, 'INTERNET', 'b/web')?.rate).toEqual({ normal: 190, danger: 10, warning: 0 });
  });

  it('moves the self-started calls of a pure caller (a batch job) to its copy in the survivors', () => {
    const g = world([
      ['a/cron', 'a/db', 6],
      ['b/cron', 'b/db', 2],
      ['INTERNET', 'b/web', 1],
    ]);
    const p = projectWhatif(g, { drain: ['a'] });
    expect(service(p, 'b', 'db').projectedRps).toBeCloseTo(8, 9);
    expect(service(p, 'a', 'db').projectedRps).toBe(0);
  });

  it('scales a region-level call (no service detail) with its region and moves it off a drained target', () => {
    const g = world([
      ['INTERNET', 'a/web', 10],
      ['INTERNET', 'b/web', 10],
      ['INTERNET', 'c/web', 10],
    ]);
    g.connections.push({ source: 'b', target: 'a', rate: { normal: 4, danger: 0, warning: 0 }, class: 'normal' });
    const p = projectWhatif(g, { drain: ['a'] });
    expect(p.regionCalls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sourceRegion: 'b', destinationRegion: 'a', projectedRps: 0 }),
        expect.objectContaining({ sourceRegion: 'b', destinationRegion: 'c', projectedRps: expect.closeTo(6, 9) }),
      ]),
    );
  });
});
