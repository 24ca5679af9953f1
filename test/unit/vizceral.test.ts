import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { INTERNET } from '../../shared/model';
import { VizceralFormatError, callsFromVizceral, toVizceral } from '../../shared/vizceral';

const sample: unknown = JSON.parse(readFileSync(new URL('../fixtures/vizceral-sample.json', import.meta.url), 'utf8'));

describe('callsFromVizceral()', () => {
  it("reads Netflix's sample feed into three regions with their services and INTERNET traffic", () => {
    const { calls } = callsFromVizceral(sample);
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: 1, calls, seriesRead: 0 }, staleSince: null }], { now: 1 });
    expect(graph.regions.map((r) => r.name)).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    const east = graph.regions.find((r) => r.name === 'us-east-1')!;
    expect(east.connections).toHaveLength(157);
    expect(east.connections.find((c) => c.source === INTERNET && c.target === 'proxy-prod')?.rate.normal).toBeCloseTo(32456.61, -1);
    expect(graph.connections.some((c) => c.source === INTERNET && c.target === 'us-east-1')).toBe(true);
    expect(graph.connections.some((c) => c.source === 'us-east-1' && c.target === 'us-west-2')).toBe(true);
  });

  it("keeps the feed's own INTERNET → region figures instead of summing the region's INTERNET calls", () => {
    const { calls } = callsFromVizceral(sample);
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: 1, calls, seriesRead: 0 }, staleSince: null }], { now: 1 });
    const ingress = graph.connections.find((c) => c.source === INTERNET && c.target === 'us-east-1')!;
    expect(ingress.rate).toEqual({ normal: 63140, danger: 130.7, warning: 0.102 });
    expect(graph.connections.find((c) => c.source === INTERNET && c.target === 'eu-west-1')!.rate.normal).toBe(31460);
    // The region view keeps its own INTERNET calls as written.
    const east = graph.regions.find((r) => r.name === 'us-east-1')!;
    expect(east.connections.filter((c) => c.source === INTERNET).reduce((sum, c) => sum + c.rate.normal + c.rate.danger, 0)).toBeCloseTo(52657.75, -1);
  });

  it('sums the INTERNET calls of a region whose feed has no global figure for it', () => {
    const feed = {
      renderer: 'global',
      nodes: [{ renderer: 'region', name: 'r', connections: [{ source: INTERNET, target: 'a', metrics: { normal: 3 } }, { source: INTERNET, target: 'b', metrics: { normal: 2 } }] }],
      connections: [],
    };
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: 1, calls: callsFromVizceral(feed).calls, seriesRead: 0 }, staleSince: null }], { now: 1 });
    expect(graph.connections).toMatchObject([{ source: INTERNET, target: 'r', rate: { normal: 5 } }]);
  });

  it('reads a feed whose root is one region node as that one region, its nodes as services', () => {
    const feed = {
      renderer: 'region',
      name: 'us-west-2',
      updated: 1_700_000_000_000,
      nodes: [{ name: INTERNET }, { name: 'proxy' }, { name: 'api' }],
      connections: [
        { source: INTERNET, target: 'proxy', metrics: { normal: 100, danger: 1 } },
        { source: 'proxy', target: 'api', metrics: { normal: 90, warning: 2 } },
      ],
    };
    const { calls, updated } = callsFromVizceral(feed);
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: updated, calls, seriesRead: 0 }, staleSince: null }], { now: 1 });
    expect(graph.regions.map((r) => r.name)).toEqual(['us-west-2']);
    expect(graph.regions[0]!.nodes.map((n) => n.name)).toEqual([INTERNET, 'api', 'proxy']);
    expect(graph.regions[0]!.connections.find((c) => c.source === 'proxy')!.rate).toEqual({ normal: 90, danger: 0, warning: 2 });
    expect(graph.connections).toMatchObject([{ source: INTERNET, target: 'us-west-2', rate: { normal: 100, danger: 1 } }]);
    expect(updated).toBe(1_700_000_000_000);
  });

  it("keeps notices on regions, services and connections, with Vizceral's numeric severities 0/1/2", () => {
    const feed = {
      renderer: 'global',
      nodes: [
        {
          renderer: 'region',
          name: 'r',
          notices: [{ title: 'failover drill', severity: 2 }],
          nodes: [{ name: 'a', notices: [{ title: 'deploying', severity: 0, link: 'https://ci/1' }] }, { name: 'b' }],
          connections: [{ source: 'a', target: 'b', metrics: { normal: 1 }, notices: [{ title: 'slow', severity: 1, link: 'javascript:alert(1)' }, { title: 'note' }] }],
        },
      ],
      connections: [],
    };
    const { calls, notices } = callsFromVizceral(feed);
    expect(notices).toEqual([
      { region: 'r', notice: { severity: 'danger', title: 'failover drill' } },
      { region: 'r', service: 'a', notice: { severity: 'info', title: 'deploying', link: 'https://ci/1' } },
      { region: 'r', service: 'a', target: 'b', notice: { severity: 'warning', title: 'slow' } },
      { region: 'r', service: 'a', target: 'b', notice: { severity: 'info', title: 'note' } },
    ]);
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: 1, calls, notices, seriesRead: 0 }, staleSince: null }], { now: 1 });
    const region = graph.regions[0]!;
    expect(region.notices).toEqual([{ severity: 'danger', title: 'failover drill' }]);
    expect(region.nodes.find((n) => n.name === 'a')!.notices).toHaveLength(1);
    expect(region.connections[0]!.notices).toHaveLength(2);
  });

  it('keeps notices on global connections between regions and from INTERNET', () => {
    const region = (name: string) => ({ renderer: 'region', name, nodes: [{ name: 'api' }], connections: [] });
    const feed = {
      renderer: 'global',
      nodes: [{ name: INTERNET }, region('east'), region('west')],
      connections: [
        { source: INTERNET, target: 'east', metrics: { normal: 100 }, notices: [{ title: 'shedding load', severity: 2 }] },
        { source: 'east', target: 'west', metrics: { normal: 5 }, notices: [{ title: 'failover link', severity: 1 }] },
        { source: 'west', target: 'east', metrics: { normal: 0 }, notices: [{ title: 'idle link' }] },
      ],
    };
    const { calls, notices } = callsFromVizceral(feed);
    expect(notices).toEqual([
      { scope: 'global', service: INTERNET, target: 'east', notice: { severity: 'danger', title: 'shedding load' } },
      { scope: 'global', service: 'east', target: 'west', notice: { severity: 'warning', title: 'failover link' } },
      { scope: 'global', service: 'west', target: 'east', notice: { severity: 'info', title: 'idle link' } },
    ]);
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: 1, calls, notices, seriesRead: 0 }, staleSince: null }], { now: 1 });
    const on = (source: string, target: string) => graph.connections.find((c) => c.source === source && c.target === target)?.notices;
    expect(on(INTERNET, 'east')).toEqual([{ severity: 'danger', title: 'shedding load' }]);
    expect(on('east', 'west')).toEqual([{ severity: 'warning', title: 'failover link' }]);
    // A link at zero rate is still drawn, and keeps its notice.
    expect(on('west', 'east')).toEqual([{ severity: 'info', title: 'idle link' }]);
  });

  it("reads the sample's notices and the feed's own time, and each region's own updated", () => {
    const { notices, updated, regionUpdated } = callsFromVizceral(sample);
    expect(notices.filter((n) => n.region === 'us-west-2' && n.target === 'proxy-prod').map((n) => n.notice.severity)).toEqual(['warning', 'info']);
    expect(updated).toBe(1_477_691_777_441);
    expect(regionUpdated).toEqual({ 'us-east-1': 1_477_690_448_572, 'eu-west-1': 1_477_690_450_280, 'us-west-2': 1_477_690_452_072 });
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: updated, regionUpdated, calls: [], seriesRead: 0 }, staleSince: null }], { now: 1 });
    expect(graph.regions).toEqual([]);
  });

  it('explains what is wrong with a feed that is not Vizceral', () => {
    expect(() => callsFromVizceral({ hello: 1 })).toThrow(VizceralFormatError);
    expect(() => callsFromVizceral({ nodes: [{ name: 'r', connections: [{ source: 1 }] }] })).toThrow(/nodes\[0\]\.connections\[0\]/);
  });
});

describe('toVizceral()', () => {
  it('speaks the global format: INTERNET plus one region node each, services inside, globals between regions', () => {
    const { calls } = callsFromVizceral(sample);
    const graph = buildGraph([{ batch: { source: 'feed', sampledAt: 7, calls, seriesRead: 0 }, staleSince: null }], { now: 9 });
    const out = toVizceral(graph);
    expect(out).toMatchObject({ renderer: 'global', serverUpdateTime: 9 });
    expect(out.nodes.map((n) => n.name)).toEqual([INTERNET, 'eu-west-1', 'us-east-1', 'us-west-2']);
    const east = out.nodes.find((n) => n.name === 'us-east-1')!;
    expect(east).toMatchObject({ renderer: 'region', updated: 7 });
    expect(east.nodes?.every((n) => !['eu-west-1', 'us-west-2'].includes(n.name))).toBe(true);
    expect(east.connections?.[0]?.metrics).toHaveProperty('normal');
  });
});
