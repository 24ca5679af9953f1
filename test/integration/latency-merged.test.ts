// Per-service and per-region latency (issue 9 §2) against a real Prometheus whose scrape target serves Istio
// histograms with known bucket rates: /api/graph's p50/p95/p99 for a service (the merge of its inbound calls)
// and a region (the merge of its ingress) equal Prometheus's own histogram_quantile() over the same merged
// series, at the same instant and rate window.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { resolveServeOptions } from '../../electron/hub/serve-options';
import type { LatencyQuantiles } from '../../shared/latency';
import type { LatencyDistribution } from '../../shared/latency-book';
import type { VizceralGraph } from '../../shared/vizceral';
import { startFixedRateExporter, type FixedRateExporter } from './helpers/fixed-rate-exporter';
import { ISTIO_TEST_BOUNDS, TWO_REGION_HISTOGRAMS } from './helpers/istio-histograms';
import { startPrometheus, type RealPrometheus } from './helpers/prometheus';
import { untilWithin } from './helpers/until';

const BOUNDS = ISTIO_TEST_BOUNDS;
const series = TWO_REGION_HISTOGRAMS;

let exporter: FixedRateExporter;
let prometheus: RealPrometheus;
let hub: RunningHub;
const staticDir = mkdtempSync(join(tmpdir(), 'flowsight-static-'));
const until = untilWithin(60_000);

const graph = async (): Promise<VizceralGraph> => (await (await fetch(hub.url + 'api/graph')).json()) as VizceralGraph;
const east = (g: VizceralGraph) => g.nodes.find((n) => n.name === 'east');
const latencyOf = (node: { metadata?: Record<string, unknown> } | undefined) => node?.metadata?.['latencyMs'] as LatencyQuantiles | undefined;
const service = (g: VizceralGraph, name: string) => east(g)?.nodes?.find((n) => n.name === name);

/** Prometheus's own answer at instant `at` (epoch ms), as a number. */
async function promAt(promql: string, at: number): Promise<number> {
  const url = `${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}&time=${at / 1000}`;
  const body = (await (await fetch(url)).json()) as { data: { result: { value: [number, string] }[] } };
  expect(body.data.result, promql).toHaveLength(1);
  return Number(body.data.result[0]!.value[1]);
}

/** The rate window the hub's source is using now (rateWindow: auto, the default). */
async function rateWindow(): Promise<string> {
  const status = (await (await fetch(hub.url + 'api/status')).json()) as { sources: { rateWindow?: { window: string } }[] };
  return status.sources[0]!.rateWindow!.window;
}

async function expectSameAsHistogramQuantile(got: LatencyQuantiles, selector: string, at: number, window: string): Promise<void> {
  for (const [q, value] of [[0.5, got.p50], [0.95, got.p95], [0.99, got.p99]] as const) {
    const own = await promAt(`histogram_quantile(${q}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[${window}])))`, at);
    // The hub shows 4 significant digits.
    expect(value, `q=${q} {${selector}}`).toBeCloseTo(own, Math.max(0, 3 - Math.floor(Math.log10(Math.abs(own) || 1))));
  }
}

describe('service and region latency from merged buckets, against a real Prometheus', () => {
  beforeAll(async () => {
    exporter = await startFixedRateExporter(series);
    prometheus = await startPrometheus({ targets: [exporter.target] });
    const file = join(mkdtempSync(join(tmpdir(), 'flowsight-cfg-')), 'flowsight.yaml');
    // Defaults as a user meets them: istio preset, rateWindow auto.
    writeFileSync(file, ['interval: 1', 'sources:', `  - { name: prom, type: prometheus, url: "${prometheus.url}" }`, ''].join('\n'));
    hub = await startHub(resolveServeOptions({ config: file, port: '0' }, staticDir));
  });
  afterAll(async () => {
    await hub?.close();
    await prometheus?.close();
    await exporter?.close();
  });

  /** A graph whose figures have settled on the known distributions (the rate window full of scrapes). */
  const settled = () =>
    until(graph, (g) => {
      const web = latencyOf(service(g, 'web'));
      const region = latencyOf(east(g));
      return web !== undefined && region !== undefined && Math.abs(web.p95 - 200) < 2 && Math.abs(region.p50 - 9.375) < 0.1;
    });

  it('gives a service the quantiles of its inbound calls\' merged buckets, equal to histogram_quantile() over them', async () => {
    const g = await settled();
    const window = await rateWindow();
    const at = east(g)!.updated!;
    const web = latencyOf(service(g, 'web'))!;
    // Known: merged [8, 19, 28, 30, 30] rps → p50 = 10 + 40 × 7/11, p95 = 100 + 400 × 0.5/2, p99 = 100 + 400 × 1.7/2.
    expect(web.p50).toBeCloseTo(35.45, 0);
    expect(web.p95).toBeCloseTo(200, -1);
    expect(web.p99).toBeCloseTo(440, -1);
    await expectSameAsHistogramQuantile(web, 'reporter="destination", destination_workload="web", destination_cluster="east"', at, window);
    const ledger = latencyOf(service(g, 'ledger'))!;
    // Rank in the +Inf bucket: the highest finite bound, as histogram_quantile() says.
    expect(ledger.p99).toBe(500);
    await expectSameAsHistogramQuantile(ledger, 'reporter="destination", destination_workload="ledger", destination_cluster="east"', at, window);
  });

  it('gives a region the quantiles of its ingress (INTERNET and other regions) merged, internal calls left out', async () => {
    const g = await settled();
    const window = await rateWindow();
    const at = east(g)!.updated!;
    const region = latencyOf(east(g))!;
    // Known: INTERNET → web + west → ledger = [8, 9, 11, 14, 15] → p50 = 10 × 7.5/8; p95, p99 in +Inf → 500.
    expect(region.p50).toBeCloseTo(9.375, 1);
    expect(region).toMatchObject({ p95: 500, p99: 500 });
    await expectSameAsHistogramQuantile(region, 'reporter="destination", destination_cluster="east", source_cluster!="east"', at, window);
    // A region nothing enters with a histogram has no latency, not 0.
    expect(g.nodes.find((n) => n.name === 'west')?.metadata).not.toHaveProperty('latencyMs');
    expect(latencyOf(service(g, 'cart'))).toBeUndefined();
  });

  it('serves the merged buckets behind a service\'s latency at /api/latency, as Prometheus sums them', async () => {
    const g = await settled();
    const window = await rateWindow();
    const at = east(g)!.updated!;
    const answer = (await (await fetch(`${hub.url}api/latency?region=east&service=web`)).json()) as LatencyDistribution;
    expect(answer.le).toEqual([10, 50, 100, 500, '+Inf']);
    expect(answer.latencyMs).toEqual(latencyOf(service(g, 'web')));
    for (let i = 0; i < BOUNDS.length; i++) {
      const own = await promAt(`sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload="web", le="${BOUNDS[i]}"}[${window}]))`, at);
      expect(answer.counts[i]).toBeCloseTo(own, 6);
    }
    expect((await fetch(`${hub.url}api/latency?region=east&service=nope`)).status).toBe(404);
    expect((await fetch(`${hub.url}api/latency?source=east`)).status).toBe(400);
  });
});
