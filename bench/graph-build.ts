// Benchmark: building the graph from a 100,000-series Prometheus answer (issue 3's target: < 250 ms,
// < 200 MB). Runs in its own process (bench/run.ts spawns it with --expose-gc) so the heap figures are its own.
import { buildGraph } from '../shared/build-graph';
import { istio } from '../shared/presets/index';
import type { VectorSample } from '../shared/presets/index';

const SERIES = Number(process.env.SERIES ?? 100_000);
const REGIONS = 5;

/** An Istio answer as Prometheus returns it: half the calls reported by both proxies, failures for a tenth. */
function answerText(series: number): { requests: string; outcomes: string } {
  const requests: VectorSample[] = [];
  const failures: VectorSample[] = [];
  const calls = Math.ceil(series / 1.5);
  for (let i = 0; requests.length < series; i++) {
    const c = i % calls;
    const region = `region-${c % REGIONS}`;
    const labels = {
      source_workload: `svc-${(c * 7) % 4000}`,
      source_workload_namespace: 'shop',
      destination_workload: `svc-${(c * 13 + 1) % 4000}`,
      destination_workload_namespace: 'shop',
      destination_service_name: `svc-${(c * 13 + 1) % 4000}`,
      source_cluster: region,
      destination_cluster: c % 17 === 0 ? `region-${(c + 1) % REGIONS}` : region,
    };
    const reporter = i < calls ? 'destination' : 'source';
    requests.push({ metric: { ...labels, reporter }, value: [1_700_000_000, String(1 + (c % 500))] });
    if (c % 10 === 0 && i < calls) failures.push({ metric: { ...labels, reporter, response_code: '503' }, value: [1_700_000_000, '0.5'] });
  }
  const wrap = (result: VectorSample[]) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
  return { requests: wrap(requests), outcomes: wrap(failures) };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const text = answerText(SERIES);
const runs: Array<{ parse: number; normalise: number; build: number; total: number; heapMB: number }> = [];
for (let run = 0; run < 7; run++) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sample = () => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed));
  const t0 = performance.now();
  const requests = (JSON.parse(text.requests) as { data: { result: VectorSample[] } }).data.result;
  const outcomes = (JSON.parse(text.outcomes) as { data: { result: VectorSample[] } }).data.result;
  sample();
  const t1 = performance.now();
  const calls = istio.normalise({ requests, outcomes }, { sourceName: 'bench', rateWindow: '1m' });
  sample();
  const t2 = performance.now();
  const graph = buildGraph([{ batch: { source: 'bench', sampledAt: 0, calls, seriesRead: SERIES, }, staleSince: null }], { now: 0 });
  sample();
  const t3 = performance.now();
  if (graph.regions.length !== REGIONS) throw new Error('benchmark graph is wrong');
  runs.push({ parse: t1 - t0, normalise: t2 - t1, build: t3 - t2, total: t3 - t0, heapMB: (heapPeak - heapBefore) / 2 ** 20 });
}
const warm = runs.slice(2);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const result = {
  series: SERIES,
  parseMs: median(warm.map((r) => r.parse)),
  normaliseMs: median(warm.map((r) => r.normalise)),
  buildMs: median(warm.map((r) => r.build)),
  totalMs: median(warm.map((r) => r.total)),
  peakHeapMB: Math.max(...warm.map((r) => r.heapMB)),
  rssMB: process.memoryUsage().rss / 2 ** 20,
};
process.stdout.write(JSON.stringify(result) + '\n');
