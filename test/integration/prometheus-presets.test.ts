// The whole path the issue asks for: demo exporter → a real Prometheus scraping it every second → the
// `prometheus` source with each preset → calls whose rates match the simulator's configured rates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNET, totalRate, type Call } from '../../shared/model';
import { demoLatencyMedianMs, LINKERD_REGION_LABELS, startDemoExporter, type DemoExporter } from '../../electron/demo/exporter';
import { buildGraph } from '../../shared/build-graph';
import type { DemoCall } from '../../shared/demo/index';
import { createPrometheusSource, type PrometheusSourceOptions } from '../../electron/hub/sources/prometheus';
import { SourceError } from '../../electron/hub/sources/source';
import { startPrometheus, type RealPrometheus } from './helpers/prometheus';

const RATE_WINDOW_SECONDS = 10;

let exporter: DemoExporter;

/** The demo's calls with their topology details (reporters, index), as the exporter feeds them. */
function exporterCalls(): DemoCall[] {
  return exporter.simulator.traffic(Date.now()).map((t) => t.call);
}
let prometheus: RealPrometheus;

const key = (c: Call) => `${c.sourceRegion}/${c.source} → ${c.destinationRegion}/${c.destination}`;

function source(options: Partial<PrometheusSourceOptions>) {
  return createPrometheusSource({ name: 'demo-prometheus', url: prometheus.url, preset: 'istio', rateWindow: `${RATE_WINDOW_SECONDS}s`, timeoutMs: 5_000, ...options });
}

/** Every configured call appears once with a total rate within 10 %, and nothing else appears. */
function expectConfiguredRates(calls: readonly Call[]): void {
  const configured = new Map(exporter.simulator.configuredCalls().map((c) => [key(c), totalRate(c.rate)]));
  const polled = new Map<string, number>();
  for (const call of calls) {
    expect(polled.has(key(call)), `${key(call)} appears twice`).toBe(false);
    polled.set(key(call), totalRate(call.rate));
  }
  expect([...polled.keys()].sort()).toEqual([...configured.keys()].sort());
  for (const [name, rate] of configured) {
    const got = polled.get(name)!;
    expect(Math.abs(got - rate) / rate, `${name}: polled ${got.toFixed(3)}/s, configured ${rate.toFixed(3)}/s`).toBeLessThanOrEqual(0.1);
  }
  for (const region of exporter.simulator.regions) {
    expect(calls.some((c) => c.source === INTERNET && c.destinationRegion === region), `INTERNET → ${region}`).toBe(true);
  }
  expect(calls.some((c) => c.sourceRegion !== INTERNET && c.sourceRegion !== c.destinationRegion)).toBe(true);
}

describe('prometheus source against a real Prometheus scraping the demo exporter', () => {
  beforeAll(async () => {
    // Noise ≤ 3 % and bursts that only move the failure share keep every total within the 10 % the test allows.
    exporter = await startDemoExporter({ port: 0, host: '127.0.0.1', seed: 11, histograms: true, simulator: { noise: 0.03 } });
    prometheus = await startPrometheus({ targets: [new URL(exporter.url).host] });
    // rate() is exact only once the window is full of scrapes: wait until the last 13 s hold 13 of them.
    await prometheus.waitFor('count_over_time(up{job="demo"}[13s])', 40_000, (n) => n >= 13);
  });

  afterAll(async () => {
    await prometheus?.close();
    await exporter?.close();
  });

  it('reads the configured rates through the istio preset, counting calls seen by both proxies once', async () => {
    const batch = await source({ preset: 'istio' }).poll(new AbortController().signal);
    expectConfiguredRates(batch.calls);
    expect(batch.seriesRead).toBeGreaterThan(batch.calls.length);
  });

  it('reads the configured rates through the linkerd preset with the exporter\'s region labels', async () => {
    const batch = await source({ preset: 'linkerd', regionLabels: { ...LINKERD_REGION_LABELS } }).poll(new AbortController().signal);
    expectConfiguredRates(batch.calls);
  });

  it('reads the configured rates through the servicegraph preset', async () => {
    const batch = await source({ preset: 'servicegraph' }).poll(new AbortController().signal);
    expectConfiguredRates(batch.calls);
  });

  it('reads p50/p95/p99 from the histogram buckets as Prometheus\'s own histogram_quantile() does', async () => {
    const batch = await source({ preset: 'istio' }).poll(new AbortController().signal);
    const graph = buildGraph([{ batch, staleSince: null }], { now: batch.sampledAt });
    const checked: string[] = [];
    for (const demo of exporterCalls()) {
      if (demo.sourceRegion !== demo.destinationRegion || demo.source === INTERNET || demo.reportedBy === 'source') continue;
      const conn = graph.regions.find((r) => r.name === demo.destinationRegion)!.connections.find((c) => c.source === demo.source && c.target === demo.destination);
      if (!conn || checked.length >= 6) continue;
      const median = demoLatencyMedianMs(demo);
      // Uniform latency is linear within each bucket, so the buckets say exactly: p50 = median, p95 = 1.9 ×, p99 = 1.98 ×.
      expect(conn.latency, `${demo.source} → ${demo.destination}`).toEqual({ p50: median, p95: 1.9 * median, p99: 1.98 * median });
      const selector = `reporter="destination", source_workload="${demo.source}", destination_workload="${demo.destination}", destination_cluster="${demo.destinationRegion}"`;
      for (const [q, got] of [[0.5, conn.latency!.p50], [0.95, conn.latency!.p95], [0.99, conn.latency!.p99]] as const) {
        const [own] = await prometheus.query(`histogram_quantile(${q}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[${RATE_WINDOW_SECONDS}s])))`);
        expect(Number(own!.value[1])).toBeCloseTo(got, 1);
      }
      checked.push(`${demo.source} → ${demo.destination}`);
    }
    expect(checked.length).toBeGreaterThanOrEqual(3);
  });

  it('fails with connection refused while Prometheus is down and recovers when it is back', async () => {
    const istio = source({ preset: 'istio' });
    await prometheus.stop();
    const error = await istio.poll(new AbortController().signal).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/connection refused/);
    await prometheus.restart();
    const batch = await istio.poll(new AbortController().signal);
    expect(batch.source).toBe('demo-prometheus');
    expect(batch.sampledAt).toBeGreaterThan(0);
  });
});
