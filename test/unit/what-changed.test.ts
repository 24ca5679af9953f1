import { describe, expect, it } from 'vitest';
import type { Connection, Graph } from '../../shared/model';
import { whatChanged } from '../../shared/timeline/what-changed';

function c(source: string, target: string, normal: number, danger = 0): Connection {
  return { source, target, rate: { normal, danger, warning: 0 }, class: 'normal' };
}

function graph(calls: Connection[], global: Connection[] = []): Graph {
  return {
    serverUpdateTime: 0,
    connections: global,
    regions: [{ name: 'east', updated: 0, sources: [], staleSince: null, rate: { normal: 0, danger: 0, warning: 0 }, class: 'normal', nodes: [], connections: calls }],
  };
}

describe('whatChanged()', () => {
  it('lists calls that appeared, vanished, grew, shrank or changed error share, biggest change first', () => {
    const before = graph([c('web', 'api', 100), c('api', 'db', 50), c('api', 'cache', 10), c('web', 'old', 30), c('api', 'queue', 200, 0)], [c('east', 'west', 40)]);
    const after = graph([c('web', 'api', 100), c('api', 'db', 80), c('api', 'cache', 5), c('web', 'new', 12), c('api', 'queue', 180, 20)], [c('east', 'west', 40)]);
    expect(whatChanged(before, after)).toEqual([
      // 30 rps moved each; equal changes go by name.
      { region: 'east', source: 'api', target: 'db', kind: 'grew', rpsBefore: 50, rpsAfter: 80, errorPctBefore: 0, errorPctAfter: 0 },
      { region: 'east', source: 'web', target: 'old', kind: 'vanished', rpsBefore: 30, rpsAfter: 0, errorPctBefore: 0, errorPctAfter: 0 },
      // Same traffic, 10 points more errors: 20 of its 200 rps now fail.
      { region: 'east', source: 'api', target: 'queue', kind: 'errors-up', rpsBefore: 200, rpsAfter: 200, errorPctBefore: 0, errorPctAfter: 10 },
      { region: 'east', source: 'web', target: 'new', kind: 'appeared', rpsBefore: 0, rpsAfter: 12, errorPctBefore: 0, errorPctAfter: 0 },
      { region: 'east', source: 'api', target: 'cache', kind: 'shrank', rpsBefore: 10, rpsAfter: 5, errorPctBefore: 0, errorPctAfter: 0 },
    ]);
  });

  it('ignores changes under the thresholds: ±19 % of rps, < 1 rps, < 1 error point', () => {
    const before = graph([c('a', 'b', 100), c('a', 'tiny', 0.5), c('a', 'e', 99.5, 0.5)], [c('east', 'west', 10)]);
    const after = graph([c('a', 'b', 119), c('a', 'tiny', 0.1), c('a', 'e', 99, 1)], [c('east', 'west', 20)]);
    // Only the global call between regions moved enough (10 → 20 rps).
    expect(whatChanged(before, after)).toEqual([
      { region: null, source: 'east', target: 'west', kind: 'grew', rpsBefore: 10, rpsAfter: 20, errorPctBefore: 0, errorPctAfter: 0 },
    ]);
    expect(whatChanged(before, after, { rpsRatio: 0.1, minRps: 1, errorPoints: 0.5 }).map((x) => [x.target, x.kind])).toEqual([
      ['b', 'grew'],
      ['west', 'grew'],
      ['e', 'errors-up'],
    ]);
  });
});
