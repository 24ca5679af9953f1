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
