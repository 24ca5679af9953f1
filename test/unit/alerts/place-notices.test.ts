import { describe, expect, it } from 'vitest';
import { summariseNotices, regionNotices } from '../../../shared/alerts/index';
import { buildGraph } from '../../../shared/build-graph';
import type { Call, Notice, NoticeTarget, SourceBatch } from '../../../shared/model';

const call = (region: string, source: string, destination: string): Call => ({
  sourceRegion: region,
  source,
  destinationRegion: region,
  destination,
  rate: { normal: 10, danger: 0, warning: 0 },
});
const traffic: SourceBatch = { source: 'prom', sampledAt: 1_000, calls: [call('east', 'edge', 'checkout'), call('east', 'checkout', 'db')], seriesRead: 2 };

const notice = (id: string, severity: Notice['severity'] = 'danger', state: 'active' | 'muted' = 'active'): Notice => ({
  severity,
  title: id,
  alert: { source: 'am', id, name: id, startsAt: null, state },
});
const alerts = (targets: NoticeTarget[]): SourceBatch => ({ source: 'am', sampledAt: 2_000, calls: [], seriesRead: targets.length, notices: targets });

describe('buildGraph() with alerts', () => {
  it('puts an alert on the node its service label names, even when the alert source comes before the traffic', () => {
    const graph = buildGraph(
      [
        { batch: alerts([{ region: 'east', service: 'checkout', notice: notice('a') }]), staleSince: null },
        { batch: traffic, staleSince: null },
      ],
      { now: 0 },
    );
    const east = graph.regions[0]!;
    expect(east.nodes.find((n) => n.name === 'checkout')?.notices?.map((n) => n.title)).toEqual(['a']);
    expect(east.sources).toEqual(['prom']); // the alert source owns no traffic, so it never makes a region stale
  });

  it('tries the aliases when the first service label names no node', () => {
    const graph = buildGraph(
      [{ batch: traffic, staleSince: null }, { batch: alerts([{ region: 'east', service: 'kubernetes-pods', aliases: ['db'], notice: notice('a') }]), staleSince: null }],
      { now: 0 },
    );
    expect(graph.regions[0]!.nodes.find((n) => n.name === 'db')?.notices).toHaveLength(1);
  });

  it('lists an alert naming no node of its region on the region, marked unmatched, never dropping it', () => {
    const graph = buildGraph(
      [{ batch: traffic, staleSince: null }, { batch: alerts([{ region: 'east', service: 'ghost', notice: notice('a') }]), staleSince: null }],
      { now: 0 },
    );
    expect(graph.regions[0]!.notices).toEqual([expect.objectContaining({ title: 'a', alert: expect.objectContaining({ unmatched: true }) })]);
  });

  it('puts alerts of an unknown region or of no region on the board, and muted ones only there', () => {
    const graph = buildGraph(
      [
        { batch: traffic, staleSince: null },
        {
          batch: alerts([
            { region: 'mars', service: 'checkout', notice: notice('far') },
            { service: 'checkout', notice: notice('nowhere') },
            { region: 'east', service: 'checkout', notice: notice('hush', 'danger', 'muted') },
          ]),
          staleSince: null,
        },
      ],
      { now: 0 },
    );
    expect(graph.alerts?.unplaced.map((n) => n.title)).toEqual(['far', 'nowhere']);
    expect(graph.alerts?.muted.map((n) => n.title)).toEqual(['hush']);
    expect(graph.regions[0]!.nodes.every((n) => n.notices === undefined)).toBe(true);
  });

  it('marks the notices of a failing alert source with its stale time and leaves the traffic live', () => {
    const graph = buildGraph(
      [{ batch: traffic, staleSince: null }, { batch: alerts([{ region: 'east', service: 'checkout', notice: notice('a') }]), staleSince: 1_500 }],
      { now: 0 },
    );
    const east = graph.regions[0]!;
    expect(east.staleSince).toBeNull();
    expect(east.nodes.find((n) => n.name === 'checkout')?.notices?.[0]?.alert?.staleSince).toBe(1_500);
  });

  it('has no board when no source reports alerts', () => {
    expect(buildGraph([{ batch: traffic, staleSince: null }], { now: 0 }).alerts).toBeUndefined();
  });
});

describe('summariseNotices() and regionNotices()', () => {
  it('counts firing notices with the worst severity, skipping muted ones; a region counts its services too', () => {
    const graph = buildGraph(
      [
        { batch: traffic, staleSince: null },
        {
          batch: alerts([
            { region: 'east', service: 'checkout', notice: notice('a', 'warning') },
            { region: 'east', service: 'db', notice: notice('b', 'danger') },
            { region: 'east', notice: notice('c', 'info') },
            { region: 'east', service: 'db', notice: notice('d', 'danger', 'muted') },
          ]),
          staleSince: null,
        },
      ],
      { now: 0 },
    );
    expect(summariseNotices(regionNotices(graph.regions[0]!))).toEqual({ count: 3, worst: 'danger', staleCount: 0 });
    expect(summariseNotices(graph.regions[0]!.nodes.find((n) => n.name === 'checkout')?.notices)).toEqual({ count: 1, worst: 'warning', staleCount: 0 });
  });
});
