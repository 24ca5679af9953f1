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

describe('positional rates (every rate of a big region changed)', () => {
  // A chain of 40 services in one region: 40 connections and 41 nodes, every rate scaled by `k`.
  const chain = (k: number, extra: (i: number) => Partial<Call> = () => ({})) =>
    graphOf(Array.from({ length: 40 }, (_, i) => ({ ...call('east', i === 0 ? INTERNET : `s${i}`, `s${i + 1}`, (i + 1) * k, i % 3 === 0 ? k / 7 : 0), ...extra(i) })), k);
  const json = (value: unknown) => JSON.stringify(value);

  it('sends the values without names and applies them to exactly the next graph', () => {
    const a = chain(1);
    const b = chain(1.37);
    const diff = diffGraph(a, b);
    const east = diff.regions.upsert.find((p) => p.name === 'east')!;
    expect(east.connValues).toHaveLength(b.regions.find((r) => r.name === 'east')!.connections.length * 5);
    expect(east.nodeValues).toHaveLength(b.regions.find((r) => r.name === 'east')!.nodes.length * 4);
    expect(east.rates).toBeUndefined();
    expect(east.nodeRates).toBeUndefined();
    expect(json(east)).not.toContain('"s12"');
    expect(applyDiff(a, diff)).toStrictEqual(b);
  });

  it('carries latency quantiles, a plain latency, and their disappearance', () => {
    const withLatency = (k: number, counts: number[]) =>
      chain(k, (i) => (i % 2 === 0 ? { latencyBuckets: { le: [10, 100, Number.POSITIVE_INFINITY], counts } } : i % 5 === 1 ? { latencyMs: 12 * k } : {}));
    const a = withLatency(1, [50, 90, 90]);
    const b = withLatency(2, [10, 60, 90]);
    const plain = chain(3);
    const ab = diffGraph(a, b);
    expect(ab.regions.upsert.find((p) => p.name === 'east')!.connValues).toBeDefined();
    expect(ab.regions.upsert.find((p) => p.name === 'east')!.nodeValues).toBeDefined();
    expect(b.regions.find((r) => r.name === 'east')!.nodes.some((n) => n.latency !== undefined)).toBe(true);
    expect(applyDiff(a, ab)).toStrictEqual(b);
    expect(applyDiff(b, diffGraph(b, plain))).toStrictEqual(plain);
    expect(applyDiff(plain, diffGraph(plain, a))).toStrictEqual(a);
  });

  it('combines positional rates with a whole connection whose notice changed', () => {
    const a = chain(1);
    const b = structuredClone(chain(2));
    b.regions.find((r) => r.name === 'east')!.connections[3]!.notices = [{ severity: 'danger', title: 'HighErrorRate' }];
    const diff = diffGraph(a, b);
    const east = diff.regions.upsert.find((p) => p.name === 'east')!;
    expect(east.connValues).toBeDefined();
    expect(east.connections?.upsert).toHaveLength(1);
    expect(applyDiff(a, diff)).toStrictEqual(b);
  });

  it('sends whole what positional values cannot say beside them, and names again when a latency is negative', () => {
    const a = chain(1);
    const b = structuredClone(chain(2));
    const east = b.regions.find((r) => r.name === 'east')!;
    east.connections[4]!.traceOnly = true;
    east.nodes[2]!.notices = [{ severity: 'warning', title: 'Slow' }];
    const patch = diffGraph(a, b).regions.upsert.find((p) => p.name === 'east')!;
    expect(patch.nodeValues).toBeDefined();
    expect(patch.nodes?.upsert.map((n) => n.name)).toEqual([east.nodes[2]!.name]);
    expect(patch.connValues).toBeDefined();
    expect(patch.connections?.upsert).toEqual([east.connections[4]]);
    expect(applyDiff(a, diffGraph(a, b))).toStrictEqual(b);

    const c = structuredClone(chain(3));
    c.regions.find((r) => r.name === 'east')!.connections[6]!.latencyMs = -1; // would read as "no latency" positionally
    const named = diffGraph(a, c).regions.upsert.find((p) => p.name === 'east')!;
    expect(named.connValues).toBeUndefined();
    expect(named.rates).toHaveLength(c.regions.find((r) => r.name === 'east')!.connections.length);
    expect(named.nodeValues).toBeDefined();
    expect(applyDiff(a, diffGraph(a, c))).toStrictEqual(c);
  });

  it('uses names again when the list of connections changed or few rates did', () => {
    const a = chain(1);
    const longer = graphOf([...Array.from({ length: 40 }, (_, i) => call('east', i === 0 ? INTERNET : `s${i}`, `s${i + 1}`, (i + 1) * 2)), call('east', 's1', 'cache', 3)], 2);
    const grown = diffGraph(a, longer).regions.upsert.find((p) => p.name === 'east')!;
    expect(grown.connValues).toBeUndefined();
    expect(applyDiff(a, diffGraph(a, longer))).toStrictEqual(longer);
    const one = structuredClone(a);
    one.regions.find((r) => r.name === 'east')!.connections[5]!.rate.normal = 999;
    expect(diffGraph(a, one).regions.upsert[0]!.rates).toHaveLength(1);
  });

  it('refuses positional values that do not fit the graph they are applied to', () => {
    const diff = diffGraph(chain(1), chain(2));
    const shorter = graphOf(Array.from({ length: 39 }, (_, i) => call('east', i === 0 ? INTERNET : `s${i}`, `s${i + 1}`, i + 1)));
    expect(() => applyDiff(shorter, diff)).toThrow(RangeError);
  });
});
