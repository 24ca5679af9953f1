import { describe, expect, it } from 'vitest';
import type { Graph, TrafficClass } from '../../shared/model';
import { WallCycle, wallLap } from '../../renderer/app/wall-cycle';

function graph(regions: [string, TrafficClass][]): Graph {
  return {
    serverUpdateTime: 0,
    connections: [],
    regions: regions.map(([name, cls]) => ({
      name,
      updated: 0,
      sources: [],
      staleSince: null,
      rate: { normal: 1, danger: 0, warning: 0 },
      class: cls,
      nodes: [],
      connections: [],
    })),
  };
}

describe('wallLap()', () => {
  it('starts global, then regions by name when all is well', () => {
    expect(wallLap(graph([['b', 'normal'], ['a', 'normal']]))).toEqual([
      { view: 'global' },
      { view: 'region', region: 'a' },
      { view: 'region', region: 'b' },
    ]);
  });
  it('puts regions in danger first, then warning', () => {
    const lap = wallLap(graph([['a', 'normal'], ['b', 'warning'], ['c', 'danger']]));
    expect(lap.map((r) => r.region ?? 'global')).toEqual(['global', 'c', 'b', 'a']);
  });
  it('is only global before any data', () => {
    expect(wallLap(null)).toEqual([{ view: 'global' }]);
  });
});

describe('WallCycle', () => {
  it('next() cycles laps and picks up a changed topology at the next lap', () => {
    const cycle = new WallCycle();
    const first = graph([['a', 'normal'], ['b', 'normal']]);
    const seen = [cycle.next(first), cycle.next(first), cycle.next(first)].map((r) => r.region ?? 'global');
    expect(seen).toEqual(['global', 'a', 'b']);
    const changed = graph([['b', 'normal'], ['c', 'danger']]);
    const lap2 = [cycle.next(changed), cycle.next(changed), cycle.next(changed)].map((r) => r.region ?? 'global');
    expect(lap2).toEqual(['global', 'c', 'b']);
  });
  it('next() skips a region that vanished during the lap', () => {
    const cycle = new WallCycle();
    cycle.next(graph([['a', 'normal'], ['b', 'normal']]));
    const after = graph([['b', 'normal']]);
    expect(cycle.next(after)).toEqual({ view: 'region', region: 'b' });
    expect(cycle.next(after)).toEqual({ view: 'global' });
  });
});
