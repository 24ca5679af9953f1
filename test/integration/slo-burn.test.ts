// SLO burn rates against a real Prometheus scraping the demo exporter with known, steady error ratios (no
// noise, no bursts): every window's burn rate is the configured failed share ÷ the budget, whatever part of
// the window a fresh Prometheus covers, and the coverage says how much that is.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoExporter, type DemoExporter } from '../../electron/demo/exporter';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { LINKERD_REGION_LABELS } from '../../electron/demo/exporter';
import { totalRate } from '../../shared/model';
import { BURN_WINDOWS } from '../../shared/slo/report';
import { startFixedRateExporter, type FixedRateExporter } from './helpers/fixed-rate-exporter';
import { startPrometheus, type RealPrometheus } from './helpers/prometheus';

interface SloJson {
  service: string;
  region: string | null;
  objective: number;
  window: string;
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
  coverage: Record<string, number>;
  alert: 'page' | 'ticket' | null;
  exhaustsInSeconds: number | null;
  evaluatedAt: string | null;
  error: string | null;
}

let exporter: DemoExporter;
let histograms: FixedRateExporter;
let prometheus: RealPrometheus;
let hub: RunningHub;

/** The failed share of all configured calls into a service in a region: what every window must read. */
function configuredBadRatio(region: string, service: string): number {
  let total = 0;
  let failed = 0;
  for (const call of exporter.simulator.configuredCalls()) {
    if (call.destinationRegion !== region || call.destination !== service) continue;
    total += totalRate(call.rate);
    failed += call.rate.danger;
  }
  return failed / total;
}

async function slos(): Promise<SloJson[]> {
  return (await (await fetch(hub.url + 'api/slo')).json()) as SloJson[];
}

describe('GET /api/slo against a real Prometheus scraping the demo exporter', () => {
  beforeAll(async () => {
    exporter = await startDemoExporter({ port: 0, host: '127.0.0.1', seed: 1, simulator: { noise: 0, bursts: false } });
    // Istio's request-duration histogram for `search`, cumulative buckets growing at fixed rates: per second
    // 60 requests ≤ 100 ms, 90 ≤ 250 ms, 98 ≤ 500 ms, 100 in all.
    const bucket = (le: string, perSecond: number) => ({
      name: 'istio_request_duration_milliseconds_bucket',
      labels: { reporter: 'destination', source_workload: 'frontend', source_workload_namespace: 'shop', source_cluster: 'us-east-1', destination_workload: 'search', destination_cluster: 'us-east-1', le },
      perSecond,
    });
    histograms = await startFixedRateExporter([bucket('100', 60), bucket('250', 90), bucket('500', 98), bucket('+Inf', 100)]);
    prometheus = await startPrometheus({ targets: [new URL(exporter.url).host, histograms.target] });
    // increase() needs two samples of every series; twenty seconds of history make the coverage figures tell.
    await prometheus.waitFor('count_over_time(up{job="demo"}[1m])', 60_000, (n) => n >= 20);
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 5,
      staticDir: mkdtempSync(join(tmpdir(), 'flowsight-static-')),
      sources: [
        { name: 'mesh', type: 'prometheus', url: prometheus.url, preset: 'istio', rateWindow: 'auto' },
        { name: 'mesh-linkerd', type: 'prometheus', url: prometheus.url, preset: 'linkerd', rateWindow: 'auto', regionLabels: LINKERD_REGION_LABELS },
      ],
      slos: [
        { service: 'checkout', region: 'us-east-1', objective: 99.99, window: '30d', kind: 'availability' },
        { service: 'cart', region: 'us-east-1', objective: 99.9, window: '30d', kind: 'availability' },
        { service: 'frontend', region: 'eu-west-1', objective: 99, window: '28d', kind: 'availability', source: 'mesh-linkerd' },
        { service: 'cart', region: 'us-east-1', objective: 99, window: '30d', kind: 'latency', thresholdMs: 250 },
        { service: 'search', region: 'us-east-1', objective: 95, window: '30d', kind: 'latency', thresholdMs: 250 },
        { service: 'search', region: 'us-east-1', objective: 95, window: '30d', kind: 'latency', thresholdMs: 300 },
      ],
    });
    await hub.pollNow();
  });

  afterAll(async () => {
    await hub?.close();
    await prometheus?.close();
    await histograms?.close();
    await exporter?.close();
  });

  it('reads every window\'s burn rate as the configured failed share over the budget (istio and linkerd)', async () => {
    const [checkout, cart, frontend] = await slos();
    const cases: Array<[SloJson, number, number]> = [
      [checkout!, configuredBadRatio('us-east-1', 'checkout'), 99.99],
      [cart!, configuredBadRatio('us-east-1', 'cart'), 99.9],
      [frontend!, configuredBadRatio('eu-west-1', 'frontend'), 99],
    ];
    for (const [report, ratio, objective] of cases) {
      expect(report.error, report.service).toBeNull();
      const burn = ratio / ((100 - objective) / 100);
      for (const window of BURN_WINDOWS) {
        // 4 significant digits on the wire; the counters advance at exactly the configured shares.
        expect(Math.abs(report.burnRates[window]! - burn) / burn, `${report.service} ${window}: ${report.burnRates[window]} vs ${burn}`).toBeLessThan(1e-3);
      }
      expect(Math.abs(report.budgetRemaining! - (1 - burn))).toBeLessThan(1e-3 * Math.max(1, burn));
    }
  });

  it('decides page, ticket or nothing by the multi-window rules', async () => {
    const [checkout, cart, frontend] = await slos();
    // checkout: 0.16 % failed against a 0.01 % budget = 16× on every window (> 14.4 on 1h and 5m).
    expect(checkout!.alert).toBe('page');
    // cart: 0.331 % against 0.1 % = 3.3×: above 1 on 3d and 6h, below 6 on 6h.
    expect(cart!.alert).toBe('ticket');
    // frontend: 0.1 % against 1 % = 0.1×.
    expect(frontend!.alert).toBeNull();
    expect(checkout!.exhaustsInSeconds).toBe(0); // overspent already: 16× over the covered part of the window
    // 90 % of a 28-day budget left at 0.1×: 0.9 × 28 d ÷ 0.1.
    expect(Math.abs(frontend!.exhaustsInSeconds! - (0.9 * 28 * 86_400) / 0.1) / ((0.9 * 28 * 86_400) / 0.1)).toBeLessThan(2e-3);
  });

  it('says how much of each window the fresh Prometheus covers, from its oldest sample', async () => {
    const [checkout] = await slos();
    const evaluatedAt = Date.parse(checkout!.evaluatedAt!) / 1000;
    const samples = await prometheus.query('istio_requests_total{destination_workload="checkout", destination_cluster="us-east-1"}[10m]');
    const oldest = Math.min(...samples.flatMap((s) => ((s as unknown as { values: [number, string][] }).values ?? []).map((v) => v[0])));
    const span = evaluatedAt - oldest;
    expect(span).toBeGreaterThan(15);
    // The hub finds the oldest sample to within one step of the 5m subquery (2 s) plus one scrape (1 s).
    for (const [window, seconds] of [['5m', 300], ['30m', 1800], ['1h', 3600], ['6h', 21_600], ['3d', 259_200], ['window', 2_592_000]] as const) {
      const coverage = checkout!.coverage[window]!;
      expect(coverage, window).toBeLessThanOrEqual((span / seconds) * 1.001);
      expect(coverage, window).toBeGreaterThanOrEqual(((span - 3) / seconds) * 0.999);
    }
  });

  it('reports a latency SLO without histograms as unknown, never as zero burn', async () => {
    const cart = (await slos())[3]!;
    expect(cart.error).toBeNull();
    expect(cart.burnRates).toEqual({ '5m': null, '30m': null, '1h': null, '6h': null, '3d': null });
    expect(cart.budgetRemaining).toBeNull();
    expect(cart.alert).toBeNull();
  });

  it('reads a latency SLO off the histogram buckets: at a bucket bound exactly, inside a bucket by interpolation', async () => {
    const [, , , , atBound, inside] = await slos();
    // 10 % slower than 250 ms against a 5 % budget = 2×.
    for (const window of BURN_WINDOWS) expect(Math.abs(atBound!.burnRates[window]! - 2), window).toBeLessThan(2e-3);
    // ≤ 300 ms: 90 + (98 − 90) × 50/250 = 91.6 per 100, so 8.4 % slow = 1.68×.
    for (const window of BURN_WINDOWS) expect(Math.abs(inside!.burnRates[window]! - 1.68), window).toBeLessThan(2e-3);
    expect(atBound!.alert).toBe('ticket');
  });

  it('puts a paging SLO on its service as a danger notice and sends the reports with the graph', async () => {
    await hub.pollNow();
    const graph = hub.graph();
    const checkout = graph.regions.find((r) => r.name === 'us-east-1')!.nodes.find((n) => n.name === 'checkout')!;
    expect(checkout.notices).toEqual([expect.objectContaining({ severity: 'danger', alert: expect.objectContaining({ source: 'slo', name: 'error budget' }) })]);
    const cart = graph.regions.find((r) => r.name === 'us-east-1')!.nodes.find((n) => n.name === 'cart')!;
    expect(cart.notices?.[0]?.severity).toBe('warning');
    expect(graph.slos?.map((s) => s.service)).toEqual(['checkout', 'cart', 'frontend', 'cart', 'search', 'search']);
  });
});
