// Benchmark: one Prometheus per region, merged. 20 regions × 500 services, each region's Istio metrics in
// its own Prometheus-like server (in-process HTTP stubs answering the instant queries with prebuilt JSON);
// calls between regions are reported by both sides' servers. Measures poll start → graph published through
// the real hub (20 pollers, HTTP, parse, normalise, merge, build, publish), and checks nothing is doubled.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../electron/hub/hub';
import type { SourceConfig } from '../electron/hub/sources/registry';
import { buildGraph, type SourceInput } from '../shared/build-graph';
import { diffGraph } from '../shared/diff';
import { LatencyBook } from '../shared/latency-book';
import { keptReports } from '../shared/merge-reports';
import { totalRate } from '../shared/model';
import { istio, normaliseAnswers } from '../shared/presets/index';

const REGIONS = Number(process.env.REGIONS ?? 20);
const SERVICES = Number(process.env.SERVICES ?? 500);
const RUNS = Number(process.env.RUNS ?? 15);
/** Calls per service inside its region, and the share of services that also call the next region. */
const FAN_OUT = 3;
/** LATENCY=1: every series also has an Istio latency histogram (6 buckets), as an Istio mesh's Prometheus has. */
const LATENCY = process.env.LATENCY === '1';
const BOUNDS = ['10', '50', '100', '500', '1000', '+Inf'];
const CROSS_EVERY = 10;

type Sample = { metric: Record<string, string>; value: [number, string] };

const region = (r: number) => `region-${String(r).padStart(2, '0')}`;
const svc = (s: number) => `svc-${s}`;

function labels(reporter: string, srcRegion: string, src: string, dstRegion: string, dst: string): Record<string, string> {
  return {
    reporter,
    source_workload: src,
    source_workload_namespace: 'shop',
    source_cluster: srcRegion,
    destination_workload: dst,
    destination_workload_namespace: 'shop',
    destination_service_name: dst,
    destination_cluster: dstRegion,
  };
}

/** Each region's two answers (requests, failures), and the rate of every call between regions. */
function world(): { answers: Array<{ requests: string; failures: string; latency: string; series: number }>; crossRps: number } {
  const requests: Sample[][] = Array.from({ length: REGIONS }, () => []);
  const failures: Sample[][] = Array.from({ length: REGIONS }, () => []);
  const buckets: Sample[][] = Array.from({ length: REGIONS }, () => []);
  let crossRps = 0;
  const add = (r: number, sample: Sample, failed: boolean) => {
    (failed ? failures : requests)[r]!.push(sample);
    if (!LATENCY || failed) return;
    const rps = Number(sample.value[1]);
    BOUNDS.forEach((le, b) => buckets[r]!.push({ metric: { ...sample.metric, le }, value: [0, String(le === '+Inf' ? rps : +((rps * (b + 1)) / BOUNDS.length).toFixed(3))] }));
  };
  for (let r = 0; r < REGIONS; r++) {
    const here = region(r);
    requests[r]!.push({ metric: { ...labels('destination', 'unknown', 'unknown', here, svc(0)), source_cluster: 'unknown' }, value: [0, '500'] });
    for (let s = 0; s < SERVICES; s++) {
      for (let k = 1; k <= FAN_OUT; k++) {
        const d = (s * 7 + k * 13) % SERVICES;
        if (d === s) continue;
        const rps = String(1 + ((s + k) % 50));
        // Both proxies of an in-region call report it to the region's own Prometheus.
        for (const reporter of ['source', 'destination']) add(r, { metric: labels(reporter, here, svc(s), here, svc(d)), value: [0, rps] }, false);
        if (s % 20 === 0) add(r, { metric: labels('destination', here, svc(s), here, svc(d)), value: [0, '0.5'] }, true);
      }
      if (s % CROSS_EVERY === 0) {
        const next = (r + 1) % REGIONS;
        const rps = 2 + (s % 7);
        crossRps += rps;
        // The caller's proxy reports to its region's Prometheus, the callee's to the other region's.
        add(r, { metric: labels('source', here, svc(s), region(next), svc(s + 1)), value: [0, String(rps)] }, false);
        add(next, { metric: labels('destination', here, svc(s), region(next), svc(s + 1)), value: [0, String(rps)] }, false);
      }
    }
  }
  const wrap = (result: Sample[]) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
  return {
    answers: requests.map((req, r) => ({ requests: wrap(req), failures: wrap(failures[r]!), latency: wrap(buckets[r]!), series: req.length + failures[r]!.length + buckets[r]!.length })),
    crossRps,
  };
}

async function stubPrometheus(answer: { requests: string; failures: string; latency: string }): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const query = new URLSearchParams(body).get('query') ?? '';
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(query.includes('response_code') ? answer.failures : query.includes('_bucket') ? answer.latency : answer.requests);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const { answers, crossRps } = world();
const stubs = await Promise.all(answers.map((a) => stubPrometheus(a)));
const sources: SourceConfig[] = stubs.map((stub, r) => ({ name: `prom-${region(r)}`, type: 'prometheus', url: stub.url, region: region(r), preset: 'istio', rateWindow: '1m', timeout: 30 }));
// A long interval: the benchmark triggers every poll itself.
const hub = await startHub({ host: '127.0.0.1', port: 0, interval: 3600, sources, staticDir: mkdtempSync(join(tmpdir(), 'fs-bench-')) });
const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  await hub.pollNow();
  times.push(performance.now() - t0);
}
const graph = hub.graph();
const failing = hub.sources().filter((s) => !s.ok);
if (failing.length > 0) throw new Error(`sources failing: ${failing.map((s) => `${s.name}: ${s.error}`).join('; ')}`);
const services = graph.regions.reduce((n, r) => n + r.nodes.filter((x) => x.kind === 'service').length, 0);
const between = graph.connections.filter((c) => c.source !== 'INTERNET').reduce((sum, c) => sum + totalRate(c.rate), 0);
if (graph.regions.length !== REGIONS || Math.abs(between - crossRps) > 1e-6) {
  throw new Error(`wrong merge: ${graph.regions.length} regions, ${between} rps between regions (want ${crossRps})`);
}
await hub.close();

// Steady state: the same sources on their own 2 s timers, as a wall runs them. Polls finishing close together
// share one rebuild; the figure is graph builds per poll round and the process's CPU (stubs included).
const STEADY_MS = Number(process.env.STEADY_MS ?? 12_000);
const steady = await startHub({ host: '127.0.0.1', port: 0, interval: 2, sources, staticDir: mkdtempSync(join(tmpdir(), 'fs-bench-')) });
const cpuBefore = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, STEADY_MS));
const cpu = process.cpuUsage(cpuBefore);
const { seq } = (await (await fetch(steady.url + 'api/status')).json()) as { seq: number };
await steady.close();
await Promise.all(stubs.map((s) => new Promise((resolve) => s.server.close(resolve))));

// The same work outside the hub, step by step, to show where the time goes.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const steps = { parse: [] as number[], normalise: [] as number[], merge: [] as number[], build: [] as number[], diff: [] as number[] };
let previous = graph;
for (let run = 0; run < 7; run++) {
  let t = performance.now();
  // Keyed by the preset's query ids, as the hub reads them.
  const raw = answers.map((a) => ({ requests: JSON.parse(a.requests) as unknown, outcomes: JSON.parse(a.failures) as unknown, latency: JSON.parse(a.latency) as unknown }));
  steps.parse.push(performance.now() - t);
  t = performance.now();
  const inputs: SourceInput[] = raw.map((r, i) => ({
    batch: { source: `prom-${region(i)}`, sampledAt: 0, seriesRead: 0, calls: normaliseAnswers(istio, r, { sourceName: region(i), rateWindow: '1m' }).calls },
    staleSince: null,
    region: region(i),
  }));
  steps.normalise.push(performance.now() - t);
  t = performance.now();
  keptReports(inputs);
  steps.merge.push(performance.now() - t);
  t = performance.now();
  const built = buildGraph(inputs, { now: run, latencyBook: new LatencyBook() });
  steps.build.push(performance.now() - t);
  t = performance.now();
  diffGraph(previous, built);
  steps.diff.push(performance.now() - t);
  previous = built;
}

const warm = times.slice(3).sort((a, b) => a - b);
const at = (q: number) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))]!;
process.stdout.write(
  JSON.stringify({
    regions: REGIONS,
    latency: LATENCY,
    servicesWithLatency: graph.regions.reduce((n, r) => n + r.nodes.filter((x) => x.latency !== undefined).length, 0),
    sources: stubs.length,
    services,
    series: answers.reduce((n, a) => n + a.series, 0),
    connections: graph.regions.reduce((n, r) => n + r.connections.length, graph.connections.length),
    crossRegionRps: between,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: warm.at(-1),
    rssMB: process.memoryUsage().rss / 2 ** 20,
    parseMs: median(steps.parse),
    normaliseMs: median(steps.normalise),
    mergeMs: median(steps.merge),
    buildMs: median(steps.build),
    diffMs: median(steps.diff),
    buildsPerRound: seq / (STEADY_MS / 2000 + 1),
    steadyCpuPercent: ((cpu.user + cpu.system) / 1000 / STEADY_MS) * 100,
  }) + '\n',
);
