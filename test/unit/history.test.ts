import { describe, expect, it } from 'vitest';
import type { Graph } from '../../shared/model';
import { RateHistory, historyKey } from '../../renderer/app/history';

function graph(services: string[], rps: number): Graph {
  const rate = { normal: rps * 0.75, danger: rps * 0.25, warning: 0 };
  return {
    serverUpdateTime: 0,
    connections: [{ source: 'INTERNET', target: 'east', rate, class: 'danger' }],
    regions: [
      {
        name: 'east',
        updated: 0,
        sources: [],
        staleSince: null,
        rate,
        class: 'danger',
        nodes: services.map((name) => ({ name, kind: 'service' as const, rate, class: 'danger' as const })),
        connections: [],
      },
    ],
  };
}

describe('RateHistory', () => {
  it('record() keeps rps and error ratio per entity, oldest first', () => {
    const h = new RateHistory(4);
    h.record(graph(['api'], 8), 1);
    h.record(graph(['api'], 16), 2);
    expect(h.series(historyKey.node('east', 'api'))).toEqual([
      { time: 1, rps: 8, errorRatio: 0.25 },
      { time: 2, rps: 16, errorRatio: 0.25 },
    ]);
    expect(h.series(historyKey.globalCall('INTERNET', 'east')).map((s) => s.rps)).toEqual([8, 16]);
  });

  it('keeps only the last ring of updates', () => {
    const h = new RateHistory(3);
    for (let i = 1; i <= 5; i++) h.record(graph(['api'], i * 4), i);
    expect(h.series(historyKey.node('east', 'api')).map((s) => s.time)).toEqual([3, 4, 5]);
  });

  it('marks a gap while an entity is absent and forgets it after a whole ring', () => {
    const h = new RateHistory(3);
    h.record(graph(['api', 'old'], 4), 1);
    h.record(graph(['api'], 4), 2);
    const gap = h.series(historyKey.node('east', 'old'));
    expect(gap[0]?.rps).toBe(4);
    expect(gap[1]?.rps).toBeNaN();
    h.record(graph(['api'], 4), 3);
    h.record(graph(['api'], 4), 4);
    expect(h.series(historyKey.node('east', 'old'))).toEqual([]);
  });

  it('stays bounded while the topology keeps changing', () => {
    const h = new RateHistory(10);
    for (let i = 0; i < 1000; i++) h.record(graph([`svc-${i}`], 4), i);
    // region, global call, INTERNET total, and the services of the last ring
    expect(h.size).toBeLessThanOrEqual(3 + 10);
  });
});
