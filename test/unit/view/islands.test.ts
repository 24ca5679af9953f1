import { describe, expect, it } from 'vitest';
import { INTERNET, type Connection, type Graph, type RequestRate, type ServiceNode } from '../../../shared/model';
import { DEFAULT_ISLANDS, ISLAND_MIN_SERVICES, islandId, islandKeyOf, NAMESPACE_RULE, parseGroupBy, type IslandSettings } from '../../../shared/view/islands';
import { buildViewModel, NO_FILTER } from '../../../shared/view/view-model';

const rate = (normal: number, danger = 0, warning = 0): RequestRate => ({ normal, danger, warning });
const service = (name: string, r: RequestRate, kind: ServiceNode['kind'] = 'service'): ServiceNode => ({ name, kind, rate: r, class: 'normal' });
const call = (source: string, target: string, r: RequestRate, latencyMs?: number): Connection => ({ source, target, rate: r, class: 'normal', ...(latencyMs === undefined ? {} : { latencyMs }) });

function graphOf(nodes: ServiceNode[], connections: Connection[]): Graph {
  return {
    serverUpdateTime: 0,
    regions: [{ name: 'r', updated: 0, sources: ['s'], staleSince: null, rate: rate(0), class: 'normal', nodes, connections }],
    connections: [],
    thresholds: { warning: 0.01, danger: 0.05 },
  };
}

/** Two islands (web-a: 2 services, db-x: 3), a name with no family (`solo`) and a family of one (`lone-1`). */
const small = graphOf(
  [
    service(INTERNET, rate(135, 15), 'internet'),
    service('web-a-1', rate(90, 10)),
    service('web-a-2', rate(52, 5)),
    service('db-x-1', rate(30, 0, 2)),
    service('db-x-2', rate(18, 2)),
    service('db-x-3', rate(10)),
    service('solo', rate(4)),
    service('lone-1', rate(1)),
  ],
  [
    call(INTERNET, 'web-a-1', rate(90, 10)),
    call(INTERNET, 'web-a-2', rate(45, 5)),
    call('web-a-1', 'db-x-1', rate(30, 0, 2)),
    call('web-a-2', 'db-x-2', rate(18, 2), 40),
    call('web-a-1', 'db-x-3', rate(10), 25),
    call('web-a-1', 'web-a-2', rate(7)),
    call('db-x-1', 'solo', rate(4)),
    call('solo', 'lone-1', rate(1)),
  ],
);
const anyRegion = (expanded: string[] = []): IslandSettings => ({ rule: NAMESPACE_RULE, minServices: 0, expanded: new Set(expanded) });
const region = { view: 'region' as const, region: 'r' };

describe('islands', () => {
  it('finds a service’s island from the namespace part of its name, or its family without the last dash part', () => {
    expect(islandKeyOf('reviews.bookinfo', NAMESPACE_RULE)).toBe('bookinfo');
    expect(islandKeyOf('reviews.bookinfo.svc.cluster.local', NAMESPACE_RULE)).toBe('bookinfo');
    expect(islandKeyOf('svc-accounts-7', NAMESPACE_RULE)).toBe('svc-accounts');
    expect(islandKeyOf('solo', NAMESPACE_RULE)).toBeNull();
    expect(islandKeyOf('api-web-3', parseGroupBy('^([a-z]+)-'))).toBe('api');
    expect(islandKeyOf('nomatch', parseGroupBy('^([a-z]+)-'))).toBeNull();
    expect(() => parseGroupBy('^[a-z]+-')).toThrow(/capture group/);
  });

  it('draws a collapsed island as one node with its members’ summed rates, classed by the summed error ratio', () => {
    const model = buildViewModel(small, region, NO_FILTER, anyRegion());
    expect(model.nodes.map((n) => n.id)).toEqual([INTERNET, islandId('web-a'), islandId('db-x'), 'solo', 'lone-1']);
    const web = model.nodes.find((n) => n.id === islandId('web-a'))!;
    expect(web.rate).toEqual(rate(142, 15, 0));
    expect(web.class).toBe('danger'); // 15 / 157 = 9.6 % ≥ 5 %
    expect(web.island).toEqual({ key: 'web-a', members: 2 });
    expect(web.name).toBe('web-a (2)');
    const db = model.nodes.find((n) => n.id === islandId('db-x'))!;
    expect(db.rate).toEqual(rate(58, 2, 2));
    expect(db.class).toBe('warning'); // 2 / 62 = 3.2 %: at or above 1 %, below 5 %
    expect(model.islands?.islands.map((i) => [i.key, i.members.length, i.expanded])).toEqual([
      ['db-x', 3, false],
      ['web-a', 2, false],
    ]);
  });

  it('merges the calls between islands into one edge per ordered pair and hides a call inside a collapsed island', () => {
    const model = buildViewModel(small, region, NO_FILTER, anyRegion());
    const edges = Object.fromEntries(model.edges.map((e) => [e.id, e]));
    expect(Object.keys(edges).sort()).toEqual(
      [`${INTERNET}→island:web-a`, 'island:web-a→island:db-x', 'island:db-x→solo', 'solo→lone-1'].sort(),
    );
    expect(edges[`${INTERNET}→island:web-a`]!.rate).toEqual(rate(135, 15, 0));
    expect(edges[`${INTERNET}→island:web-a`]!.class).toBe('danger');
    const between = edges['island:web-a→island:db-x']!;
    expect(between.rate).toEqual(rate(58, 2, 2));
    expect(between.class).toBe('warning');
    expect(between.latencyMs).toBe(40);
    expect(edges['island:db-x→solo']!.rate).toEqual(rate(4));
    // web-a-1 → web-a-2 (7 rps) is inside web-a: in the island's rate, not an edge of its own.
    expect(model.edges.some((e) => e.source === e.target)).toBe(false);
  });

  it('shows an expanded island’s services with their own calls, the other islands still merged', () => {
    const model = buildViewModel(small, region, NO_FILTER, anyRegion(['web-a']));
    expect(model.nodes.map((n) => n.id)).toEqual([INTERNET, 'web-a-1', 'web-a-2', islandId('db-x'), 'solo', 'lone-1']);
    expect(model.nodes.find((n) => n.id === 'web-a-1')?.islandKey).toBe('web-a');
    const edges = Object.fromEntries(model.edges.map((e) => [e.id, e]));
    expect(edges['web-a-1→web-a-2']!.rate).toEqual(rate(7));
    expect(edges['web-a-1→island:db-x']!.rate).toEqual(rate(40, 0, 2));
    expect(edges['web-a-1→island:db-x']!.latencyMs).toBe(25);
    expect(edges['web-a-2→island:db-x']!.rate).toEqual(rate(18, 2, 0));
    expect(edges['web-a-2→island:db-x']!.class).toBe('danger'); // 2 / 20 = 10 %
    expect(model.edges).toHaveLength(7);
  });

  it('keeps an island under "errors only" by its own class', () => {
    const model = buildViewModel(small, region, { errorsOnly: true, minRps: 0 }, anyRegion());
    expect(model.edges.map((e) => e.id).sort()).toEqual([`${INTERNET}→island:web-a`, 'island:web-a→island:db-x'].sort());
  });

  it(`leaves a region of ${ISLAND_MIN_SERVICES} services as it is and groups one of ${ISLAND_MIN_SERVICES + 1}`, () => {
    const big = (count: number): Graph => {
      const nodes = [service(INTERNET, rate(count), 'internet')];
      const connections: Connection[] = [];
      for (let i = 0; i < count; i++) {
        const name = `family${i % 10}-${i}`;
        nodes.push(service(name, rate(1)));
        connections.push(call(INTERNET, name, rate(1)));
      }
      return graphOf(nodes, connections);
    };
    const atLimit = buildViewModel(big(ISLAND_MIN_SERVICES), region, NO_FILTER, DEFAULT_ISLANDS);
    expect(atLimit.islands).toBeUndefined();
    expect(atLimit.nodes).toHaveLength(ISLAND_MIN_SERVICES + 1);
    const above = buildViewModel(big(ISLAND_MIN_SERVICES + 1), region, NO_FILTER);
    expect(above.nodes).toHaveLength(11); // INTERNET + family0 … family9
    const family0 = above.nodes.find((n) => n.id === islandId('family0'))!;
    expect(family0.island?.members).toBe(31); // i = 0, 10, …, 300
    expect(family0.rate).toEqual(rate(31));
    expect(above.edges.find((e) => e.target === islandId('family0'))?.rate).toEqual(rate(31));
  });

  it('does not group a focus view', () => {
    const model = buildViewModel(small, { view: 'focus', region: 'r', service: 'web-a-1' }, NO_FILTER, anyRegion());
    expect(model.islands).toBeUndefined();
    expect(model.nodes.map((n) => n.id).sort()).toEqual([INTERNET, 'db-x-1', 'db-x-3', 'web-a-1', 'web-a-2'].sort());
  });
});
