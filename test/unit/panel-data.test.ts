import { describe, expect, it } from 'vitest';
import type { Graph, SourceStatus } from '../../shared/model';
import { buildViewModel } from '../../shared/view/view-model';
import { panelData, safeLink } from '../../renderer/app/panel-data';
import { historyKey } from '../../renderer/app/history';

const r = (normal: number, danger = 0) => ({ normal, danger, warning: 0 });
const graph: Graph = {
  serverUpdateTime: 10,
  connections: [
    { source: 'INTERNET', target: 'east', rate: r(100, 5), class: 'danger' },
    { source: 'east', target: 'west', rate: r(10), class: 'normal' },
  ],
  regions: [
    {
      name: 'east',
      updated: 5_000,
      sources: ['prod-east'],
      staleSince: null,
      rate: r(200, 5),
      class: 'normal',
      notices: [{ severity: 'warning', title: 'deploy in progress' }],
      nodes: [
        { name: 'INTERNET', kind: 'internet', rate: r(100, 5), class: 'danger' },
        { name: 'api', kind: 'service', rate: r(100, 5), class: 'danger' },
        { name: 'db', kind: 'service', rate: r(60), class: 'normal' },
        { name: 'cache', kind: 'service', rate: r(40), class: 'normal' },
      ],
      connections: [
        { source: 'INTERNET', target: 'api', rate: r(100, 5), class: 'danger' },
        { source: 'api', target: 'cache', rate: r(40), class: 'normal' },
        { source: 'api', target: 'db', rate: r(60), class: 'normal', latencyMs: 12.5 },
      ],
    },
    { name: 'west', updated: 4_000, sources: ['prod-west'], staleSince: 3_000, rate: r(10), class: 'normal', nodes: [], connections: [] },
  ],
};
const sources: SourceStatus[] = [
  { name: 'prod-east', type: 'prometheus', ok: true, lastSuccess: 5_000, error: null, failingSince: null, detail: 'sum(rate(x[1m]))' },
  { name: 'prod-west', type: 'prometheus', ok: false, lastSuccess: 3_000, error: 'connection refused', failingSince: 3_500, detail: 'http://w' },
];
const filter = { errorsOnly: false, minRps: 0 };

describe('panelData()', () => {
  it('gives a service its figures, callers and callees by volume, and its region’s provenance', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, filter);
    const data = panelData(graph, model, 'api', sources);
    expect(data.title).toBe('api');
    expect(data.figures).toEqual([
      { label: 'requests/s', value: '105' },
      { label: 'errors', value: '4.8%' },
    ]);
    expect(data.callers.map((p) => [p.name, p.id])).toEqual([['INTERNET', 'INTERNET']]);
    expect(data.callees.map((p) => p.name)).toEqual(['db', 'cache']);
    expect(data.history).toBe(historyKey.node('east', 'api'));
    expect(data.sources.map((s) => s.name)).toEqual(['prod-east']);
    expect(data.sampledAt).toBe(5_000);
    expect(data.stale).toBe(false);
  });

  it('shows an edge’s latency', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, filter);
    const edge = model.edges.find((e) => e.source === 'api' && e.target === 'db');
    const data = panelData(graph, model, edge?.id ?? '', sources);
    expect(data.title).toBe('api → db');
    expect(data.figures).toContainEqual({ label: 'latency', value: '13 ms' });
    expect(data.history).toBe(historyKey.call('east', 'api', 'db'));
  });

  it('summarises the region view when nothing is selected, with its notices', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, filter);
    const data = panelData(graph, model, null, sources);
    expect(data.title).toBe('east');
    expect(data.subtitle).toBe('region · 3 services · 3 connections');
    expect(data.notices).toEqual([{ severity: 'warning', title: 'deploy in progress' }]);
    expect(data.busiest.map((p) => [p.name, p.id])).toEqual([['api', 'api'], ['db', 'db'], ['cache', 'cache']]);
  });

  it('marks a stale region and names its failing source in the global view', () => {
    const model = buildViewModel(graph, { view: 'global' }, filter);
    const data = panelData(graph, model, 'west', sources);
    expect(data.stale).toBe(true);
    expect(data.sources).toEqual([sources[1]]);
    expect(data.callers.map((p) => p.name)).toEqual(['east']);
  });

  it('summarises the global view with every source', () => {
    const model = buildViewModel(graph, { view: 'global' }, filter);
    const data = panelData(graph, model, null, sources);
    expect(data.figures[0]).toEqual({ label: 'from INTERNET requests/s', value: '105' });
    expect(data.sources).toHaveLength(2);
    expect(data.callees.map((p) => p.name)).toEqual(['east']);
  });
});

describe('safeLink()', () => {
  it('keeps http and https links', () => {
    expect(safeLink('https://runbooks.example/api')).toBe('https://runbooks.example/api');
    expect(safeLink('http://x.test/a?b=1')).toBe('http://x.test/a?b=1');
  });
  it('refuses javascript:, data: and relative links', () => {
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeLink('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeLink('/relative')).toBeNull();
    expect(safeLink(undefined)).toBeNull();
  });
});

describe('panelData() for an island', () => {
  it('names the island’s size and its callers and callees among the nodes on screen', () => {
    const names = Array.from({ length: 301 }, (_, i) => `team${i % 2}-svc${i}`);
    const big: Graph = {
      serverUpdateTime: 0,
      connections: [],
      regions: [
        {
          name: 'big',
          updated: 0,
          sources: [],
          staleSince: null,
          rate: r(0),
          class: 'normal',
          nodes: [{ name: 'INTERNET', kind: 'internet', rate: r(3), class: 'normal' }, ...names.map((name) => ({ name, kind: 'service' as const, rate: r(1), class: 'normal' as const }))],
          connections: [
            { source: 'INTERNET', target: 'team0-svc0', rate: r(2), class: 'normal' },
            { source: 'INTERNET', target: 'team0-svc2', rate: r(1), class: 'normal' },
            { source: 'team0-svc0', target: 'team1-svc1', rate: r(4, 1), class: 'danger' },
          ],
        },
      ],
    };
    const model = buildViewModel(big, { view: 'region', region: 'big' }, { errorsOnly: false, minRps: 0 });
    const data = panelData(big, model, 'island:team0', []);
    expect(data.title).toBe('team0 (151)');
    expect(data.subtitle).toBe('island of 151 services · in big');
    expect(data.callers.map((p) => [p.name, p.id, p.rps])).toEqual([['INTERNET', 'INTERNET', 3]]);
    expect(data.callees.map((p) => [p.name, p.id, p.rps, p.errorRatio])).toEqual([['team1 (150)', 'island:team1', 5, 0.2]]);
  });
});
