// The demo's traffic as Prometheus counters (prom-client, a private Registry), in three label conventions at
// once so that one scrape feeds every preset: Istio standard metrics, Linkerd proxy metrics and the OTel
// servicegraph connector. Counters advance by simulated rate × elapsed time whenever they are scraped.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { INTERNET } from '../../shared/model';
import { createSimulator, type DemoCall, type Simulator, type SimulatorOptions } from '../../shared/demo/index';

type Labels = Record<string, string>;

export interface DemoExporterOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  seed?: number;
  /** Istio latency histograms (`istio_request_duration_milliseconds_bucket`) for every call. Default off. */
  histograms?: boolean;
  /** Shape, noise, bursts and churn of the simulated shop. */
  simulator?: Omit<SimulatorOptions, 'seed'>;
  now?: () => number;
}

export interface DemoExporter {
  /** Base URL; the metrics are at `${url}/metrics`. */
  url: string;
  simulator: Simulator;
  registry: Registry;
  /** Sets every counter back to zero, as a restarted process would (a counter reset). */
  resetCounters(): void;
  close(): Promise<void>;
}

/** A label pair the Linkerd config can name as `regionLabels` (Linkerd itself has none; relabelling adds them). */
export const LINKERD_REGION_LABELS = { source: 'src_region', destination: 'dst_region' } as const;

const ISTIO_LABELS = [
  'reporter', 'source_workload', 'source_workload_namespace', 'source_cluster', 'destination_workload',
  'destination_workload_namespace', 'destination_service_name', 'destination_cluster', 'response_code',
] as const;
const LINKERD_LABELS = [
  'direction', 'deployment', 'namespace', 'dst_deployment', 'dst_statefulset', 'dst_service', 'dst_namespace',
  'client_id', 'tls', 'classification', 'status_code', LINKERD_REGION_LABELS.source, LINKERD_REGION_LABELS.destination,
] as const;
const SERVICEGRAPH_LABELS = ['client', 'server', 'connection_type', 'client_cloud_region', 'server_cloud_region'] as const;

/** The series one call feeds: which counter, which labels, and whether they count failures or successes. */
interface Series {
  counter: Counter<string>;
  labels: Labels;
  /** 'ok': succeeded requests; 'failed': failed ones; 'all': every request (servicegraph's total). */
  part: 'ok' | 'failed' | 'all';
  /** For a histogram bucket: the share of requests at or under its bound. */
  share?: number;
}

/** Upper bounds (ms) of the demo's latency histograms, as Istio's defaults run. */
export const DEMO_LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000] as const;

// Medians whose double is a bucket bound, so that the whole distribution ends on a bound.
const MEDIANS_MS = [5, 12.5, 25, 50, 125, 250] as const;

/**
 * Each call's latency is uniform on [0, 2 × median], ending on a bucket bound: linear within every bucket, so
 * histogram_quantile() reads it exactly (p50 = median, p95 = 1.9 ×, p99 = 1.98 ×) and tests can check it.
 */
export function demoLatencyMedianMs(call: Pick<DemoCall, 'index'>): number {
  return MEDIANS_MS[call.index % MEDIANS_MS.length]!;
}

function latencyShare(call: DemoCall, le: number): number {
  return Math.min(1, le / (2 * demoLatencyMedianMs(call)));
}

interface Counters {
  istio: Counter<string>;
  istioLatency: Counter<string>;
  linkerd: Counter<string>;
  servicegraphTotal: Counter<string>;
  servicegraphFailed: Counter<string>;
}

function istioSeries(call: DemoCall, c: Counters, histograms: boolean): Series[] {
  const outside = call.source === INTERNET;
  const base: Labels = {
    // Istio writes "unknown" for a caller without a sidecar (istio.io/latest/docs/reference/config/metrics/).
    source_workload: outside ? 'unknown' : call.source,
    source_workload_namespace: outside ? 'unknown' : call.sourceNamespace,
    source_cluster: outside ? 'unknown' : call.sourceRegion,
    destination_workload: call.destination,
    destination_workload_namespace: call.destinationNamespace,
    destination_service_name: call.destination,
    destination_cluster: call.destinationRegion,
  };
  const reporters = call.reportedBy === 'both' ? ['source', 'destination'] : [call.reportedBy];
  const out: Series[] = [];
  for (const reporter of reporters) {
    out.push({ counter: c.istio, labels: { ...base, reporter, response_code: '200' }, part: 'ok' });
    out.push({ counter: c.istio, labels: { ...base, reporter, response_code: '503' }, part: 'failed' });
    if (!histograms) continue;
    // istio_request_duration_milliseconds as its cumulative buckets, every request in them.
    for (const le of DEMO_LATENCY_BUCKETS_MS) {
      out.push({ counter: c.istioLatency, labels: { ...base, reporter, le: String(le) }, part: 'all', share: latencyShare(call, le) });
    }
    out.push({ counter: c.istioLatency, labels: { ...base, reporter, le: '+Inf' }, part: 'all', share: 1 });
  }
  return out;
}

function linkerdSeries(call: DemoCall, c: Counters): Series[] {
  const out: Series[] = [];
  const outcome = (labels: Labels): void => {
    out.push({ counter: c.linkerd, labels: { ...labels, classification: 'success', status_code: '200' }, part: 'ok' });
    out.push({ counter: c.linkerd, labels: { ...labels, classification: 'failure', status_code: '503' }, part: 'failed' });
  };
  const inbound: Labels = {
    direction: 'inbound',
    deployment: call.destination,
    namespace: call.destinationNamespace,
    dst_region: call.destinationRegion,
  };
  if (call.source === INTERNET) {
    // Linkerd proxy metrics: an unmeshed caller has no mTLS identity, so its inbound series has client_id="".
    outcome({ ...inbound, client_id: '', tls: 'no_identity' });
    return out;
  }
  const destination: Labels =
    call.destinationKind === 'service'
      ? { dst_deployment: call.destination }
      : { dst_statefulset: call.destination, dst_service: call.destination };
  outcome({
    direction: 'outbound',
    deployment: call.source,
    namespace: call.sourceNamespace,
    ...destination,
    dst_namespace: call.destinationNamespace,
    tls: 'true',
    src_region: call.sourceRegion,
    dst_region: call.destinationRegion,
  });
  // The server's proxy also counts the meshed request inbound, with the caller's identity: presets skip these.
  if (call.destinationKind === 'service') {
    outcome({ ...inbound, client_id: `${call.source}.${call.sourceNamespace}.serviceaccount.identity.linkerd.cluster.local`, tls: 'true' });
  }
  return out;
}

function servicegraphSeries(call: DemoCall, c: Counters, secondRegion: string | undefined): Series[] {
  let labels: Labels;
  if (call.source === INTERNET) {
    // The connector names an uninstrumented caller `user`; a peer-named virtual client has no region either.
    const client = call.destinationRegion === secondRegion ? 'cdn' : 'user';
    labels = { client, server: call.destination, connection_type: 'virtual_node', server_cloud_region: call.destinationRegion };
  } else if (call.destinationKind !== 'service') {
    // Database and messaging servers are virtual nodes without resource attributes, hence without a region.
    const type = call.destinationKind === 'database' ? 'database' : 'messaging_system';
    labels = { client: call.source, server: call.destination, connection_type: type, client_cloud_region: call.sourceRegion };
  } else {
    labels = {
      client: call.source,
      server: call.destination,
      client_cloud_region: call.sourceRegion,
      server_cloud_region: call.destinationRegion,
    };
  }
  return [
    { counter: c.servicegraphTotal, labels, part: 'all' },
    { counter: c.servicegraphFailed, labels, part: 'failed' },
  ];
}

function callKey(call: DemoCall): string {
  return call.sourceRegion + '\u0000' + call.source + '\u0000' + call.destinationRegion + '\u0000' + call.destination;
}

export async function startDemoExporter(options: DemoExporterOptions): Promise<DemoExporter> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const simulator = createSimulator({ ...options.simulator, seed: options.seed ?? 1, startMs: options.simulator?.startMs ?? now() });
  const registry = new Registry();
  const counters: Counters = {
    istio: new Counter({
      name: 'istio_requests_total',
      help: 'Requests (Istio standard metrics), demo',
      labelNames: ISTIO_LABELS,
      registers: [registry],
    }),
    istioLatency: new Counter({
      name: 'istio_request_duration_milliseconds_bucket',
      help: 'Request duration histogram buckets (Istio standard metrics), demo',
      labelNames: [...ISTIO_LABELS.filter((l) => l !== 'response_code'), 'le'],
      registers: [registry],
    }),
    linkerd: new Counter({
      name: 'response_total',
      help: 'Responses (Linkerd proxy metrics), demo',
      labelNames: LINKERD_LABELS,
      registers: [registry],
    }),
    servicegraphTotal: new Counter({
      name: 'traces_service_graph_request_total',
      help: 'Requests between services (OTel servicegraph connector), demo',
      labelNames: SERVICEGRAPH_LABELS,
      registers: [registry],
    }),
    servicegraphFailed: new Counter({
      name: 'traces_service_graph_request_failed_total',
      help: 'Failed requests between services (OTel servicegraph connector), demo',
      labelNames: SERVICEGRAPH_LABELS,
      registers: [registry],
    }),
  };
  const secondRegion = simulator.regions[1];
  const seriesByCall = new Map<string, Series[]>();
  let last = now();

  /** Adds the traffic since the last scrape; series of calls that no longer exist are removed (churn). */
  function advance(): void {
    const t = now();
    const seconds = Math.max(0, (t - last) / 1000);
    last = t;
    const present = new Set<string>();
    for (const { call, total, failed } of simulator.traffic(t)) {
      const key = callKey(call);
      present.add(key);
      let series = seriesByCall.get(key);
      if (series === undefined) {
        series = [...istioSeries(call, counters, options.histograms ?? false), ...linkerdSeries(call, counters), ...servicegraphSeries(call, counters, secondRegion)];
        seriesByCall.set(key, series);
      }
      for (const s of series) {
        const perSecond = (s.part === 'all' ? total : s.part === 'failed' ? failed : total - failed) * (s.share ?? 1);
        // inc(0) still creates the series, so a failure counter exists before its first failure and rate() sees it start.
        s.counter.inc(s.labels, perSecond * seconds);
      }
    }
    for (const [key, series] of seriesByCall) {
      if (present.has(key)) continue;
      for (const s of series) s.counter.remove(s.labels);
      seriesByCall.delete(key);
    }
  }
  advance();

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the demo exporter serves GET /metrics\n');
      return;
    }
    advance();
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    simulator,
    registry,
    resetCounters: () => registry.resetMetrics(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
