import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { applyDiff, diffGraph, isEmptyDiff } from '../../shared/diff';
import { INTERNET, type Call } from '../../shared/model';

const call = (region: string, source: string, destination: string, normal: number, danger = 0, destinationRegion = region): Call => ({
  sourceRegion: source === INTERNET ? INTERNET : region,
  source,
  destinationRegion,
  destination,
  rate: { normal, danger, warning: 0 },
});

const graphOf = (calls: Call[], now = 0, staleSince: number | null = null) =>
  buildGraph([{ batch: { source: 's', sampledAt: now, calls, seriesRead: 0 }, staleSince }], { now });

describe('diffGraph()', () => {
  const before = graphOf([call('east', INTERNET, 'edge', 100), call('east', 'edge', 'api', 90), call('west', 'api', 'db', 5), call('east', 'api', 'ledger', 1, 0, 'west')]);

  it('round-trips: applying the diff of a and b to a gives b', () => {
    const after = graphOf(
      [call('east', INTERNET, 'edge', 120, 3), call('east', 'edge', 'search', 7), call('north', 'x', 'y', 1), call('east', 'api', 'ledger', 2, 0, 'west')],
      10,
      7,
    );
    expect(applyDiff(before, diffGraph(before, after))).toEqual(after);
    expect(applyDiff(after, diffGraph(after, before))).toEqual(before);
  });

  it('carries latency quantiles in the compact rate tuple, and drops them when they go', () => {
    const withLatency = (counts: number[]) =>
      graphOf([{ ...call('east', 'edge', 'api', 90), latencyBuckets: { le: [10, 100, Number.POSITIVE_INFINITY], counts } }]);
    const a = withLatency([50, 90, 90]);
    const b = withLatency([10, 90, 90]);
    const diff = diffGraph(a, b);
    expect(diff.regions.upsert[0]!.connections).toBeUndefined();
    expect(applyDiff(a, diff)).toEqual(b);
    const none = graphOf([call('east', 'edge', 'api', 90)]);
    expect(applyDiff(b, diffGraph(b, none))).toEqual(none);
  });

  it('sends only what changed: one changed rate is one compact rate tuple', () => {
    const after = graphOf([call('east', INTERNET, 'edge', 100), call('east', 'edge', 'api', 91), call('west', 'api', 'db', 5), call('east', 'api', 'ledger', 1, 0, 'west')]);
    const diff = diffGraph(before, after);
    expect(diff.regions.upsert).toHaveLength(1);
    const east = diff.regions.upsert[0]!;
    expect(east.rates).toEqual([['edge', 'api', 91, 0, 0, 0, null]]);
    expect(east.connections).toBeUndefined();
    expect(east.nodeRates?.map((n) => n[0])).toEqual(['api']);
    expect(JSON.stringify(diff).length).toBeLessThan(JSON.stringify(after).length / 2);
  });

  it('sends a whole connection when more than its rate changed (a new notice)', () => {
    const after = structuredClone(before);
    after.regions[0]!.connections[0]!.notices = [{ severity: 'danger', title: 'HighErrorRate' }];
    const east = diffGraph(before, after).regions.upsert[0]!;
    expect(east.connections?.upsert).toHaveLength(1);
    expect(east.rates).toBeUndefined();
    expect(applyDiff(before, diffGraph(before, after))).toEqual(after);
  });

  it('is empty when nothing changed', () => {
    expect(isEmptyDiff(diffGraph(before, graphOf([call('east', INTERNET, 'edge', 100), call('east', 'edge', 'api', 90), call('west', 'api', 'db', 5), call('east', 'api', 'ledger', 1, 0, 'west')])))).toBe(true);
  });

  it('removes a region that vanished and its global connections', () => {
    const after = graphOf([call('east', INTERNET, 'edge', 100), call('east', 'edge', 'api', 90)]);
    const diff = diffGraph(before, after);
    expect(diff.regions.remove).toEqual(['west']);
    expect(diff.connections.remove).toEqual([['east', 'west']]);
  });

  it('does not modify the graph it applies to', () => {
    const copy = structuredClone(before);
    applyDiff(before, diffGraph(before, graphOf([call('south', 'a', 'b', 1)])));
    expect(before).toEqual(copy);
  });
});
