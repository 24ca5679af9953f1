// The alertmanager source against a real Alertmanager: alerts posted through its API land on the services
// their labels name, a silence mutes one, a resolution removes one, and Alertmanager going away degrades
// only the alerts, never the traffic.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import type { AlertList } from '../../shared/alerts/alert-list';
import { INTERNET, type Graph } from '../../shared/model';
import type { VizceralGraph } from '../../shared/vizceral';
import { startAlertmanager, type RealAlertmanager } from './helpers/alertmanager';
import { untilWithin } from './helpers/until';

const REGION = 'us-east-1';

function feed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowsight-am-'));
  const path = join(dir, 'traffic.json');
  writeFileSync(
    path,
    JSON.stringify({
      renderer: 'global',
      name: 'edge',
      nodes: [
        {
          renderer: 'region',
          name: REGION,
          nodes: [{ name: INTERNET }, { name: 'frontend' }, { name: 'checkout' }, { name: 'cart' }],
          connections: [
            { source: INTERNET, target: 'frontend', metrics: { normal: 100 } },
            { source: 'frontend', target: 'checkout', metrics: { normal: 40, danger: 2 } },
            { source: 'frontend', target: 'cart', metrics: { normal: 30 } },
          ],
        },
      ],
      connections: [],
    }),
  );
  return path;
}

const until = untilWithin(15_000);

const region = (graph: Graph) => graph.regions.find((r) => r.name === REGION)!;
const nodeNotices = (graph: Graph, name: string) => region(graph).nodes.find((n) => n.name === name)?.notices ?? [];

describe('alertmanager source against a real Alertmanager', () => {
  let am: RealAlertmanager;
  let hub: RunningHub;

  beforeAll(async () => {
    am = await startAlertmanager();
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 1,
      staticDir: mkdtempSync(join(tmpdir(), 'flowsight-static-')),
      sources: [
        { name: 'alerts', type: 'alertmanager', url: am.url, timeout: 2 },
        { name: 'feed', type: 'vizceral', path: feed() },
      ],
    });
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    await am.post([
      {
        labels: { alertname: 'CheckoutErrors', severity: 'critical', service: 'checkout', cluster: REGION, team: 'payments' },
        annotations: { summary: 'checkout 5xx above 5%', description: 'ratio 4.8% over 5m', runbook_url: 'https://runbooks.example.com/checkout-5xx' },
        generatorURL: 'http://prometheus.example.com/graph?g0.expr=up',
        endsAt: soon,
      },
      { labels: { alertname: 'CartSlow', severity: 'warning', app: 'cart', cluster: REGION }, annotations: { runbook_url: 'javascript:alert(1)' }, endsAt: soon },
      { labels: { alertname: 'LedgerDown', severity: 'critical', service: 'ledger', cluster: REGION }, endsAt: soon },
      { labels: { alertname: 'DiskFull', severity: 'warning', instance: 'db-7' }, endsAt: soon },
    ]);
  });

  afterAll(async () => {
    await hub?.close();
    await am?.close();
  });

  it('puts each posted alert on the service its labels name, with severity, summary, runbook, owner and generator', async () => {
    const graph = await until(
      async () => (await hub.pollNow(), hub.graph()),
      (g) => g.regions.length > 0 && nodeNotices(g, 'checkout').length > 0 && nodeNotices(g, 'cart').length > 0,
    );
    expect(nodeNotices(graph, 'checkout')).toEqual([
      {
        severity: 'danger',
        title: 'checkout 5xx above 5%',
        link: 'https://runbooks.example.com/checkout-5xx',
        alert: expect.objectContaining({
          source: 'alerts',
          name: 'CheckoutErrors',
          state: 'active',
          description: 'ratio 4.8% over 5m',
          owners: { team: 'payments' },
          generatorURL: 'http://prometheus.example.com/graph?g0.expr=up',
          startsAt: expect.any(Number),
        }),
      },
    ]);
    // Found by its `app` label; its javascript: runbook is not a link.
    expect(nodeNotices(graph, 'cart')).toEqual([expect.objectContaining({ severity: 'warning', title: 'CartSlow' })]);
    expect(nodeNotices(graph, 'cart')[0]!.link).toBeUndefined();
  });

  it('lists an alert naming a service not in the graph on its region, and one naming no region on the board', async () => {
    const graph = hub.graph();
    expect(region(graph).notices).toEqual([expect.objectContaining({ title: 'LedgerDown', alert: expect.objectContaining({ unmatched: true, service: 'ledger' }) })]);
    const status = (await (await fetch(hub.url + 'api/status')).json()) as { alerts: { firing: number; unplaced: Array<{ title: string }> } };
    expect(status.alerts.firing).toBe(4);
    expect(status.alerts.unplaced.map((a) => a.title)).toEqual(['DiskFull']);
    // /api/graph carries the notices in Vizceral's `notices` field.
    const vizceral = (await (await fetch(hub.url + 'api/graph')).json()) as VizceralGraph;
    const checkout = vizceral.nodes.find((n) => n.name === REGION)!.nodes!.find((n) => n.name === 'checkout')!;
    expect(checkout.notices?.[0]).toMatchObject({ title: 'checkout 5xx above 5%', severity: 'danger', link: 'https://runbooks.example.com/checkout-5xx' });
  });

  it('shows a silenced alert as muted, not firing', async () => {
    const silence = await am.silence({ alertname: 'CartSlow' });
    const graph = await until(
      async () => (await hub.pollNow(), hub.graph()),
      (g) => nodeNotices(g, 'cart').length === 0,
    );
    expect(graph.alerts?.muted).toEqual([expect.objectContaining({ title: 'CartSlow', alert: expect.objectContaining({ state: 'muted', mutedBy: [silence] }) })]);
    const list = (await (await fetch(hub.url + 'api/alerts')).json()) as AlertList;
    expect(list.firing.map((a) => a.name)).toEqual(['CheckoutErrors', 'LedgerDown']);
    expect(list.muted.map((a) => [a.name, a.mutedBy])).toEqual([['CartSlow', [silence]]]);
  });

  it('drops an alert once it is resolved (endsAt in the past)', async () => {
    await am.post([
      {
        labels: { alertname: 'CheckoutErrors', severity: 'critical', service: 'checkout', cluster: REGION, team: 'payments' },
        annotations: { summary: 'checkout 5xx above 5%' },
        endsAt: new Date(Date.now() - 1_000).toISOString(),
      },
    ]);
    const graph = await until(
      async () => (await hub.pollNow(), hub.graph()),
      (g) => nodeNotices(g, 'checkout').length === 0,
    );
    expect(region(graph).notices?.map((n) => n.title)).toEqual(['LedgerDown']);
  });

  it('goes degraded when Alertmanager dies: alerts marked stale, traffic still live, and back when it returns', async () => {
    await am.stop();
    const health = await until(
      async () => (await hub.pollNow(), (await (await fetch(hub.url + 'healthz')).json()) as { status: string; sources: Array<{ name: string; ok: boolean; error: string | null }> }),
      (h) => h.status === 'degraded',
    );
    expect(health.sources.find((s) => s.name === 'alerts')).toMatchObject({ ok: false, error: 'unreachable' });
    expect(hub.sources().find((s) => s.name === 'alerts')?.error).toMatch(/connection refused/);
    expect(health.sources.find((s) => s.name === 'feed')?.ok).toBe(true);
    const graph = hub.graph();
    expect(region(graph).staleSince).toBeNull();
    expect(region(graph).notices?.[0]?.alert?.staleSince).toEqual(expect.any(Number));
    await am.restart();
    // Alertmanager keeps alerts in memory only (silences persist): after the restart no alert is left to show.
    await until(
      async () => (await hub.pollNow(), (await (await fetch(hub.url + 'healthz')).json()) as { status: string }),
      (h) => h.status === 'ok',
    );
    expect(region(hub.graph()).notices ?? []).toEqual([]);
  });
});
