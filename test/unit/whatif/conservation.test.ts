import { describe, expect, it } from 'vitest';
import { INTERNET } from '../../../shared/model';
import { projectWhatif } from '../../../shared/whatif/project';
import { lcg, world, type Edge } from './world-helpers';

/** A random mesh: every region runs a random subset of services; calls go "down" the list (plus a few back). */
/** `same`: every region has the same call structure (every service runs everywhere); `cross`: add cross-region calls. */
function randomWorld(seed: number, same: boolean, cross = true): { edges: Edge[]; regions: string[] } {
  const random = lcg(seed);
  const regions = ['r0', 'r1', 'r2', 'r3'].slice(0, 2 + Math.floor(random() * 3));
  const names = Array.from({ length: 8 }, (_, i) => `s${i}`);
  const edges: Edge[] = [];
  let template: Array<[number, number]> | null = null;
  for (const region of regions) {
    edges.push(['INTERNET', `${region}/s0`, 10 + Math.round(random() * 200)]);
    const pairs: Array<[number, number]> = [];
    if (template) pairs.push(...template);
    else {
      const runs = names.map((_, i) => i).filter((i) => same || i === 0 || random() < 0.7);
      for (let a = 0; a < runs.length; a++) {
        for (let b = a + 1; b < runs.length; b++) if (random() < 0.3) pairs.push([runs[a]!, runs[b]!]);
        if (a > 0 && random() < 0.1) pairs.push([runs[a]!, 0]); // a retry loop back up
      }
      // Every service is called by someone, so it appears in the graph.
      for (const i of runs) if (i > 0 && !pairs.some(([, b]) => b === i)) pairs.push([0, i]);
      if (same) template = pairs;
    }
    for (const [a, b] of pairs) edges.push([`${region}/s${a}`, `${region}/s${b}`, b === 0 ? 1 : 1 + Math.round(random() * 50)]);
    if (cross && random() < 0.5) {
      const other = regions[Math.floor(random() * regions.length)]!;
      if (other !== region) edges.push([`${region}/s0`, `${other}/s0`, 1 + Math.round(random() * 20)]);
    }
  }
  return { edges, regions };
}

describe('projectWhatif() properties over random worlds', () => {
  it('conserves total INTERNET ingress for any drain, weights and fraction', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { edges, regions } = randomWorld(seed, false);
      const random = lcg(seed * 7);
      const drain = regions.filter(() => random() < 0.4).slice(0, regions.length - 1);
      if (drain.length === 0) drain.push(regions[0]!);
      const fraction = Math.round(random() * 100) / 100;
      const p = projectWhatif(world(edges), { drain, fraction });
      expect(p.ingress.projectedRps, `seed ${seed}`).toBeCloseTo(p.ingress.currentRps, 6);
      const fromOutside = p.calls.filter((c) => c.sourceRegion === INTERNET).reduce((s, c) => s + c.projectedRps, 0);
      expect(fromOutside, `seed ${seed}`).toBeCloseTo(p.ingress.currentRps, 6);
    }
  });

  it('changes nothing at fraction 0', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { edges, regions } = randomWorld(seed, false);
      const p = projectWhatif(world(edges), { drain: [regions[0]!], fraction: 0 });
      for (const s of p.services) expect(s.projectedRps, `seed ${seed} ${s.region}/${s.service}`).toBeCloseTo(s.currentRps, 6);
      expect(p.newCrossRegionCalls).toEqual([]);
      expect(p.unplaceable).toEqual([]);
    }
  });

  it('empties a fully drained region when every service also runs elsewhere', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { edges, regions } = randomWorld(seed, true);
      const p = projectWhatif(world(edges), { drain: [regions[1]!] });
      expect(p.unplaceable).toEqual([]);
      for (const s of p.services.filter((x) => x.region === regions[1])) expect(s.projectedRps, `seed ${seed} ${s.service}`).toBeCloseTo(0, 9);
      expect(p.ingress.projectedRps).toBeCloseTo(p.ingress.currentRps, 6);
    }
  });

  it('is linear in the fraction where no redirected call closes a loop: half the plan moves half the load', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { edges, regions } = randomWorld(seed, false, false);
      const g = world(edges);
      const full = projectWhatif(g, { drain: [regions[0]!] });
      const half = projectWhatif(g, { drain: [regions[0]!], fraction: 0.5 });
      full.services.forEach((s, i) => expect(half.services[i]!.projectedRps).toBeCloseTo((s.currentRps + s.projectedRps) / 2, 6));
    }
  });
});
