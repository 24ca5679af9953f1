// `npm run bench -- whatif`: the evacuation projection on a 2,000-service world (4 regions × 500 services,
// ≈ 10,000 calls, cross-region calls between the gateways), one region drained. Target: < 100 ms.
import { performance } from 'node:perf_hooks';
import { buildGraph } from '../shared/build-graph';
import type { Call } from '../shared/model';
import { callsFromVizceral } from '../shared/vizceral';
import { PeakTracker } from '../shared/whatif/peak-tracker';
import { projectWhatif } from '../shared/whatif/project';
import { projectedGraph } from '../shared/whatif/projected-graph';
import { generateRegion } from './generate-region';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'];
const PER_REGION = Number(process.env.SERVICES_PER_REGION ?? 500);
const RUNS = Number(process.env.RUNS ?? 30);

const calls: Call[] = [];
for (const [r, region] of REGIONS.entries()) {
  const generated = generateRegion(PER_REGION, 42 + r, region);
  for (const call of callsFromVizceral(generated.graph).calls) calls.push(call);
}
// Each region's services also call the same service in the next region now and then (replication, failover reads).
const sample = calls.filter((c) => c.sourceRegion !== 'INTERNET').filter((_, i) => i % 50 === 0);
for (const c of sample) {
  const next = REGIONS[(REGIONS.indexOf(c.sourceRegion) + 1) % REGIONS.length]!;
  calls.push({ ...c, destinationRegion: next, rate: { normal: c.rate.normal * 0.1, danger: 0, warning: 0 } });
}
const graph = buildGraph([{ batch: { source: 'bench', sampledAt: Date.now(), calls, seriesRead: calls.length }, staleSince: null }], { now: Date.now() });
const services = graph.regions.reduce((n, r) => n + r.nodes.filter((x) => x.kind === 'service').length, 0);
const tracker = new PeakTracker();
tracker.observe(graph);
const capacity = { peak: (region: string, service: string) => tracker.peak(region, service), headroom: 1.3 };

const projectionMs: number[] = [];
const graphMs: number[] = [];
const project = (): void => {
  const start = performance.now();
  const p = projectWhatif(graph, { drain: ['us-east-1'] }, capacity);
  const projected = performance.now();
  projectedGraph(graph, p, { now: Date.now() });
  projectionMs.push(projected - start);
  graphMs.push(performance.now() - projected);
};
for (let i = 0; i < 5; i++) project(); // warm-up: JIT
projectionMs.length = graphMs.length = 0;
for (let i = 0; i < RUNS; i++) project();
const quantile = (list: number[], q: number): number => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * q))]!;
const p50 = quantile(projectionMs, 0.5);
const p95 = quantile(projectionMs, 0.95);
const graphP50 = quantile(graphMs, 0.5);
const result = projectWhatif(graph, { drain: ['us-east-1'] }, capacity);
const line = `what-if on ${services} services, ${calls.length} calls, drain 1 of ${REGIONS.length} regions (4 gradual steps): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, + projected graph for the views p50 ${graphP50.toFixed(1)} ms; ${result.overloaded.length} overloaded at headroom 1.3   [target < 100 ms]`;
process.stderr.write(line + '\n');
process.stdout.write(JSON.stringify({ services, calls: calls.length, p50Ms: p50, p95Ms: p95, graphP50Ms: graphP50, overloaded: result.overloaded.length, lines: [line] }) + '\n');
