import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { diffGraph, applyDiff } from '../../shared/diff';
import { INTERNET, type Call, type SourceBatch } from '../../shared/model';
import { toVizceral } from '../../shared/vizceral';

const call = (sourceRegion: string, source: string, destinationRegion: string, destination: string, normal: number, danger = 0): Call => ({
  sourceRegion,
  source,
  destinationRegion,
  destination,
  rate: { normal, danger, warning: 0 },
});
const batch = (calls: Call[]): SourceBatch => ({ source: 'p', sampledAt: 1_000, calls, seriesRead: calls.length });

// 25 % of what users send to east fails; 10,000 rps of healthy internal calls would average that to 0.7 %.
const outage = [
  call(INTERNET, INTERNET, 'east', 'edge', 225, 75),
  call('east', 'edge', 'east', 'api', 10_000),
  call('east', 'api', 'east', 'db', 95, 5),
  call('west', 'pay', 'east', 'ledger', 50),
  call(INTERNET, INTERNET, 'west', 'pay', 600),
];

describe('buildGraph() region severity', () => {
  it('classes a region by its ingress (INTERNET and other regions), never diluted by internal calls', () => {
    const graph = buildGraph([{ batch: batch(outage), staleSince: null }], { now: 0 });
    const east = graph.regions.find((r) => r.name === 'east')!;
    expect(east.ingress).toEqual({ normal: 275, danger: 75, warning: 0 });
    // Rates keep four significant digits (roundRate).
    expect(east.internal).toEqual({ normal: 10_100, danger: 5, warning: 0 });
    expect(east.class).toBe('danger');
    expect(east.worstCall).toEqual({ source: 'api', target: 'db', rate: { normal: 95, danger: 5, warning: 0 }, class: 'danger' });
    expect(graph.regions.find((r) => r.name === 'west')!.class).toBe('normal');
  });

  it('classes the INTERNET by what it sends, with the same thresholds', () => {
    const graph = buildGraph([{ batch: batch(outage) , staleSince: null }], { now: 0, thresholds: { warning: 0.05, danger: 0.2 } });
    // 75 of 900 = 8.3 %: warning under these thresholds, and east's 75 of 350 = 21 % is danger.
    expect(graph.internet).toEqual({ rate: { normal: 825, danger: 75, warning: 0 }, class: 'warning' });
    expect(graph.regions.find((r) => r.name === 'east')!.class).toBe('danger');
    expect(graph.thresholds).toEqual({ warning: 0.05, danger: 0.2 });
  });

  it('judges a region nothing enters on what its services serve', () => {
    const graph = buildGraph([{ batch: batch([call('batch', 'cron', 'batch', 'db', 90, 10)]), staleSince: null }], { now: 0 });
    expect(graph.regions[0]!.class).toBe('danger');
    expect(graph.regions[0]!.ingress).toEqual({ normal: 0, danger: 0, warning: 0 });
  });

  it('writes the ingress class into toVizceral and carries the summaries through a diff', () => {
    const healthy = buildGraph([{ batch: batch([call(INTERNET, INTERNET, 'east', 'edge', 300)]), staleSince: null }], { now: 0 });
    const failing = buildGraph([{ batch: batch(outage), staleSince: null }], { now: 1 });
    const viz = toVizceral(failing);
    expect(viz.nodes.find((n) => n.name === INTERNET)!.class).toBe('danger');
    const east = viz.nodes.find((n) => n.name === 'east')!;
    expect(east.class).toBe('danger');
    expect(east.metadata).toMatchObject({ ingress: { normal: 275, danger: 75 }, worstCall: { source: 'api', target: 'db', class: 'danger' } });
    const applied = applyDiff(healthy, diffGraph(healthy, failing));
    expect(applied.internet).toEqual(failing.internet);
    expect(applied.regions.find((r) => r.name === 'east')!.ingress).toEqual(failing.regions.find((r) => r.name === 'east')!.ingress);
  });
});
