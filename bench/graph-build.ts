// Benchmark: building the graph from a 100,000-series Prometheus answer (issue 3's target: < 250 ms,
// < 200 MB), then the same answer with latency histograms: 10 bucket series per request series (~1M in the
// latency answer), merged per call, per service and per region, the latency book filled as the hub does.
// Runs in its own process (bench/run.ts spawns it with --expose-gc) so the heap figures are its own.
import { buildGraph } from '../shared/build-graph';
import { LatencyBook } from '../shared/latency-book';
import { istio } from '../shared/presets/index';
import type { VectorSample } from '../shared/presets/index';

const SERIES = Number(process.env.SERIES ?? 100_000);
const REGIONS = 5;
/** Istio's default bounds (ms) up to 10 s, and +Inf: 10 bucket series per request series. */
const BOUNDS = ['5', '10', '25', '50', '100', '250', '500', '1000', '5000', '+Inf'];

/** An Istio answer as Prometheus returns it: half the calls reported by both proxies, failures for a tenth. */
function answerText(series: number, withLatency: boolean): { requests: string; outcomes: string; latency: string | null } {
  const requests: VectorSample[] = [];
  const failures: VectorSample[] = [];
  const latency: VectorSample[] = [];
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
    const rps = 1 + (c % 500);
    requests.push({ metric: { ...labels, reporter }, value: [1_700_000_000, String(rps)] });
    if (withLatency) {
      // A call-specific shape: the median moves across the bounds with the call's index.
      const shift = c % 7;
      BOUNDS.forEach((le, b) => {
        const share = Math.min(1, (b + 1) / (BOUNDS.length - 3 + shift / 3));
        latency.push({ metric: { ...labels, reporter, le }, value: [1_700_000_000, String(le === '+Inf' ? rps : +(rps * share).toFixed(3))] });
      });
    }
    if (c % 10 === 0 && i < calls) failures.push({ metric: { ...labels, reporter, response_code: '503' }, value: [1_700_000_000, '0.5'] });
  }
  const wrap = (result: VectorSample[]) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
  return { requests: wrap(requests), outcomes: wrap(failures), latency: withLatency ? wrap(latency) : null };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Run {
  parse: number;
  normalise: number;
  build: number;
  total: number;
  heapMB: number;
}

function measure(text: ReturnType<typeof answerText>, runCount: number): Run[] {
  const runs: Run[] = [];
  for (let run = 0; run < runCount; run++) {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sample = () => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed));
    const t0 = performance.now();
    const requests = (JSON.parse(text.requests) as { data: { result: VectorSample[] } }).data.result;
    const outcomes = (JSON.parse(text.outcomes) as { data: { result: VectorSample[] } }).data.result;
    const latency = text.latency === null ? [] : (JSON.parse(text.latency) as { data: { result: VectorSample[] } }).data.result;
    sample();
    const t1 = performance.now();
    const calls = istio.normalise({ requests, outcomes, latency }, { sourceName: 'bench', rateWindow: '1m' });
    sample();
    const t2 = performance.now();
    const book = new LatencyBook();
    const graph = buildGraph([{ batch: { source: 'bench', sampledAt: 0, calls, seriesRead: SERIES + latency.length }, staleSince: null }], { now: 0, latencyBook: book });
    sample();
    const t3 = performance.now();
    if (graph.regions.length !== REGIONS) throw new Error('benchmark graph is wrong');
    if (text.latency !== null) {
      const withLatency = graph.regions.flatMap((r) => r.nodes).filter((n) => n.latency !== undefined).length;
      if (withLatency === 0 || book.size === 0 || graph.regions.some((r) => r.latency === undefined && r.ingress && r.ingress.normal > 0)) throw new Error('benchmark latency is missing');
    }
    runs.push({ parse: t1 - t0, normalise: t2 - t1, build: t3 - t2, total: t3 - t0, heapMB: (heapPeak - heapBefore) / 2 ** 20 });
  }
  return runs;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
function summary(runs: Run[]) {
  const warm = runs.slice(2);
  return {
    parseMs: median(warm.map((r) => r.parse)),
    normaliseMs: median(warm.map((r) => r.normalise)),
    buildMs: median(warm.map((r) => r.build)),
    totalMs: median(warm.map((r) => r.total)),
    peakHeapMB: Math.max(...warm.map((r) => r.heapMB)),
  };
}

const plain = summary(measure(answerText(SERIES, false), 7));
const rssPlainMB = process.memoryUsage().rss / 2 ** 20;
const latencyText = answerText(SERIES, true);
const answerMB = (latencyText.requests.length + latencyText.outcomes.length + latencyText.latency!.length) / 2 ** 20;
const withLatency = { bucketSeries: SERIES * BOUNDS.length, answerMB, ...summary(measure(latencyText, 5)), rssMB: process.memoryUsage().rss / 2 ** 20 };
const result = { series: SERIES, ...plain, rssMB: rssPlainMB, latency: withLatency };
process.stdout.write(JSON.stringify(result) + '\n');
