import { describe, expect, it } from 'vitest';
import { PeakTracker } from '../../../shared/whatif/peak-tracker';
import { projectWhatif } from '../../../shared/whatif/project';
import { projectedGraph } from '../../../shared/whatif/projected-graph';
import { markdownText, reportMarkdown, whatifReport } from '../../../shared/whatif/report';
import { world } from './world-helpers';

describe('PeakTracker', () => {
  it('keeps the highest rate seen per region and service, since the first graph', () => {
    const tracker = new PeakTracker();
    tracker.observe(world([['INTERNET', 'a/web', 10]]));
    tracker.observe(world([['INTERNET', 'a/web', 30]]));
    tracker.observe(world([['INTERNET', 'a/web', 20]]));
    expect(tracker.peak('a', 'web')).toBe(30);
    expect(tracker.peak('b', 'web')).toBeUndefined();
    expect(tracker.since).toBe(2_000);
  });

  it('forgets the services seen least recently beyond its bound', () => {
    const tracker = new PeakTracker(2);
    tracker.observe(world([['INTERNET', 'a/old', 1]]));
    tracker.observe(world([['INTERNET', 'a/x', 1], ['INTERNET', 'a/y', 1]]));
    expect(tracker.size).toBe(2);
    expect(tracker.peak('a', 'old')).toBeUndefined();
    expect(tracker.peak('a', 'x')).toBe(1);
  });
});

describe('projectedGraph()', () => {
  it('keeps live notices (alerts) on their nodes and regions in the projection', () => {
    const live = world([
      ['INTERNET', 'a/web', 100],
      ['INTERNET', 'b/web', 100],
    ]);
    const alert = { severity: 'warning' as const, title: 'HighLatency' };
    live.regions[1]!.nodes.find((n) => n.name === 'web')!.notices = [alert];
    live.regions[1]!.notices = [alert];
    const g = projectedGraph(live, projectWhatif(live, { drain: ['a'] }), { now: 3_000 });
    const b = g.regions.find((r) => r.name === 'b')!;
    expect(b.nodes.find((n) => n.name === 'web')?.notices).toEqual([alert]);
    expect(b.notices).toEqual([alert]);
  });

  it('draws overloaded services as danger with their utilisation, and keeps each region’s freshness', () => {
    const live = world([
      ['INTERNET', 'a/web', 100],
      ['INTERNET', 'b/web', 100],
    ]);
    live.regions[1]!.staleSince = 1_500;
    const p = projectWhatif(live, { drain: ['a'] }, { configured: { b: { web: 150 } } });
    const g = projectedGraph(live, p, { now: 3_000 });
    const b = g.regions.find((r) => r.name === 'b')!;
    expect(b.staleSince).toBe(1_500);
    expect(b.nodes.find((n) => n.name === 'web')).toMatchObject({ class: 'danger', notices: [{ severity: 'danger', title: 'projected 133% of capacity (200.0 of 150.0 rps)' }] });
    expect(b.notices).toEqual([{ severity: 'danger', title: '1 service projected over capacity' }]);
    expect(g.regions.find((r) => r.name === 'a')).toMatchObject({ nodes: [], notices: [{ severity: 'info', title: 'drained 100% in this rehearsal' }] });
    expect(g.connections).toEqual([expect.objectContaining({ source: 'INTERNET', target: 'b', rate: { normal: 200, danger: 0, warning: 0 } })]);
  });
});

describe('reportMarkdown()', () => {
  it('writes the plan, verdict, ranked overloads and unplaceable traffic, with names escaped', () => {
    const live = world([
      ['INTERNET', 'a/web', 100],
      ['INTERNET', 'a/le|gacy', 5],
      ['INTERNET', 'b/web', 100],
    ]);
    const p = projectWhatif(live, { drain: ['a'] }, { configured: { b: { web: 150 } } });
    const report = whatifReport(p, { live, generatedAt: Date.UTC(2026, 0, 1), headroom: 1, peakSince: null });
    expect(report.verdict).toBe('overloads-and-unplaceable-traffic');
    expect(report.capacity.services).toEqual({ config: 1, 'observed-peak': 0, unknown: 2 });
    const md = reportMarkdown(report);
    expect(md).toContain('# Evacuation rehearsal: drain a (100%)');
    expect(md).toContain('| 1 | b | web | 200 | 150 | 133% | 75% | config |');
    expect(md).toContain('| a | le\\|gacy | 5.00 |');
    expect(md).toContain('| 100% | 1 |');
    expect(md).toContain('**No capacity known** (no config entry, no traffic seen yet) for 1 service: a/le\\|gacy.');
    expect(report.services.map((x) => [x.region, x.service, x.capacitySource])).toEqual([
      ['a', 'le|gacy', 'unknown'],
      ['a', 'web', 'unknown'],
      ['b', 'web', 'config'],
    ]);
  });

  it('markdownText() keeps a name from becoming markup', () => {
    expect(markdownText('<img src=x>*[a](b)*\n|')).toBe('\\<img src=x\\>\\*\\[a\\](b)\\*\\ \\|'.replace('\\ ', ' '));
  });
});

describe('formatUtilisation()', () => {
  it('shows one decimal within a point of 100 % so that over and under read apart', async () => {
    const { formatUtilisation } = await import('../../../shared/whatif/format');
    expect([0.5, 0.995, 1.004, 1.43].map(formatUtilisation)).toEqual(['50%', '99.5%', '100.4%', '143%']);
  });
});
