import { describe, expect, it } from 'vitest';
import { withRegionAlerts } from '../../renderer/app/alert-badges';
import { alertPanelData, firingCount } from '../../renderer/app/alert-panel-data';
import { alertStripText } from '../../renderer/app/alert-strip';
import { alertLabelSuffix } from '../../shared/alerts/alert-summary';
import { applyDiff, diffGraph } from '../../shared/diff';
import type { Graph, Notice } from '../../shared/model';
import { decodeServerMessage, encode } from '../../shared/protocol';
import { BURN_WINDOWS, type SloReport } from '../../shared/slo/report';
import { buildViewModel } from '../../shared/view/view-model';

const r = (normal: number, danger = 0) => ({ normal, danger, warning: 0 });
const alert = (id: string, severity: Notice['severity'], extra: Partial<NonNullable<Notice['alert']>> = {}): Notice => ({
  severity,
  title: id,
  alert: { source: extra.source ?? 'am', id, name: id, startsAt: 1_000, state: 'active', ...extra },
});
const slo = (service: string, alertLevel: SloReport['alert']): SloReport => ({
  service,
  region: 'east',
  kind: 'availability',
  objective: 99.9,
  window: '30d',
  budgetRemaining: 0.5,
  burnRates: Object.fromEntries(BURN_WINDOWS.map((w) => [w, 2])) as SloReport['burnRates'],
  coverage: { '5m': 1, '30m': 1, '1h': 1, '6h': 1, '3d': 1, window: 0.1 },
  alert: alertLevel,
  exhaustsInSeconds: 1_000,
  source: 'mesh',
  evaluatedAt: 2_000,
  error: null,
  queries: ['q'],
});

const graph: Graph = {
  serverUpdateTime: 10,
  connections: [{ source: 'INTERNET', target: 'east', rate: r(100), class: 'normal' }],
  regions: [
    {
      name: 'east',
      updated: 5_000,
      sources: ['p'],
      staleSince: null,
      rate: r(200),
      class: 'normal',
      notices: [alert('ghost-service', 'warning', { unmatched: true, service: 'ledger', region: 'east' })],
      nodes: [
        { name: 'INTERNET', kind: 'internet', rate: r(100), class: 'normal' },
        { name: 'api', kind: 'service', rate: r(100), class: 'normal', notices: [alert('ApiDown', 'danger'), alert('slo', 'warning', { source: 'slo' })] },
        { name: 'db', kind: 'service', rate: r(60), class: 'normal' },
      ],
      connections: [
        { source: 'INTERNET', target: 'api', rate: r(100), class: 'normal' },
        { source: 'api', target: 'db', rate: r(60), class: 'normal' },
      ],
    },
  ],
  alerts: {
    unplaced: [alert('DiskFull', 'warning')],
    muted: [alert('Hushed', 'danger', { state: 'muted', region: 'east', service: 'api', mutedBy: ['s1'] })],
  },
  slos: [slo('api', 'ticket'), slo('db', null)],
};

describe('alertPanelData()', () => {
  it('lists a selected service\'s firing alerts (not its budget burn, shown as a budget), muted ones and SLOs', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, { errorsOnly: false, minRps: 0 });
    const data = alertPanelData(graph, model, 'api');
    expect(data.firing.map((a) => a.title)).toEqual(['ApiDown']);
    expect(data.muted.map((a) => [a.title, a.mutedBy])).toEqual([['Hushed', ['s1']]]);
    expect(data.slos.map((s) => s.service)).toEqual(['api']);
    expect(data.unplaced).toEqual([]);
  });

  it('lists a region\'s own and its services\' alerts when nothing is selected in its view', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, { errorsOnly: false, minRps: 0 });
    const data = alertPanelData(graph, model, null);
    expect(data.firing.map((a) => [a.title, a.service, a.unmatched])).toEqual([
      ['ghost-service', null, true],
      ['ApiDown', 'api', false],
    ]);
    expect(data.slos.map((s) => s.service)).toEqual(['api', 'db']);
  });

  it('lists alerts outside the graph in the global view', () => {
    const model = buildViewModel(graph, { view: 'global' }, { errorsOnly: false, minRps: 0 });
    expect(alertPanelData(graph, model, null).unplaced.map((a) => a.title)).toEqual(['DiskFull']);
  });
});

describe('firingCount() and alertStripText()', () => {
  it('counts firing alerts placed and unplaced, the critical ones, and burning budgets; never muted ones', () => {
    const count = firingCount(graph);
    expect(count).toEqual({ firing: 3, danger: 1, burning: 1, staleSince: null });
    expect(alertStripText(count)).toBe('3 firing · 1 critical · 1 budget burning');
    expect(alertStripText({ firing: 0, danger: 0, burning: 0, staleSince: null })).toBe('');
    expect(alertStripText({ firing: 2, danger: 0, burning: 0, staleSince: Date.UTC(2026, 0, 1, 10, 0, 0) })).toMatch(/^2 firing · alerts as of \d\d:\d\d(:\d\d)?$/);
  });
});

describe('badges', () => {
  it('gives a region node of the global view every firing notice inside the region, and labels count them', () => {
    const model = withRegionAlerts(buildViewModel(graph, { view: 'global' }, { errorsOnly: false, minRps: 0 }), graph);
    const east = model.nodes.find((n) => n.id === 'east')!;
    expect(east.notices.map((n) => n.title)).toEqual(['ghost-service', 'ApiDown', 'slo']);
    expect(alertLabelSuffix(east.notices)).toBe(' ▲3');
    expect(alertLabelSuffix([alert('Hushed', 'danger', { state: 'muted' })])).toBe('');
  });
});

describe('alerts and SLOs on the wire', () => {
  it('travel in snapshots and diffs, and go away when they are gone', () => {
    const { slos: _slos, alerts: _alerts, ...bare } = graph;
    const before: Graph = { ...bare, alerts: { unplaced: [], muted: [] } };
    const after = applyDiff(before, diffGraph(before, graph));
    expect(after.alerts).toEqual(graph.alerts);
    expect(after.slos).toEqual(graph.slos);
    const back = applyDiff(graph, diffGraph(graph, bare));
    expect(back.slos).toBeUndefined();
    expect(back.alerts).toBeUndefined();
    const message = decodeServerMessage(encode({ type: 'snapshot', v: 1, seq: 1, interval: 5, serverTime: 0, graph, sources: [] }));
    expect(message.type === 'snapshot' && message.graph.slos?.[0]).toEqual(graph.slos![0]);
    expect(message.type === 'snapshot' && message.graph.regions[0]!.nodes[1]!.notices?.[0]?.alert).toEqual(graph.regions[0]!.nodes[1]!.notices![0]!.alert);
  });
});
