// Evaluates every configured SLO against its Prometheus source on its own cadence: two instant queries per
// SLO (counts over all windows, and where each window's data begins), read by the pure code in shared/slo.
// Computed from Prometheus, not from the hub's memory, so the numbers are right from the first evaluation.
import { ISTIO_REGION_LABELS, PrometheusAnswerError, SERVICEGRAPH_REGION_LABELS, readVector, type VectorSample } from '../../shared/presets/index';
import { readCoverage, readSloCounts, sloFigures, sloQueries, type SloQueryContext, type SloReport, type SloSpec, BURN_WINDOWS } from '../../shared/slo/index';
import type { PrometheusSourceConfig, SourceConfig } from './config';
import type { SloConfig } from './slo-config';
import { authHeaders, shorten } from './sources/http-auth';
import { describeFailure } from './sources/http-failure';
import { SourceError } from './sources/source';

export interface SloEvaluatorOptions {
  slos: readonly SloConfig[];
  sources: readonly SourceConfig[];
  intervalMs: number;
  timeoutMs: number;
  now?: () => number;
  fetch?: typeof fetch;
  /** After every evaluation round. */
  onEvaluated: () => void;
}

interface Entry {
  spec: SloSpec;
  source: PrometheusSourceConfig;
  context: SloQueryContext;
  queries: ReturnType<typeof sloQueries>;
  report: SloReport;
}

function contextOf(source: PrometheusSourceConfig): SloQueryContext {
  const preset = source.preset === 'custom' ? 'istio' : source.preset;
  const defaults = preset === 'istio' ? ISTIO_REGION_LABELS : preset === 'servicegraph' ? SERVICEGRAPH_REGION_LABELS : undefined;
  const labels = source.regionLabels ?? defaults;
  const context: SloQueryContext = { preset };
  if (source.region !== undefined) context.defaultRegion = source.region;
  if (labels) {
    context.destinationRegionLabel = labels.destination;
    context.sourceRegionLabel = labels.source;
  }
  return context;
}

function emptyReport(spec: SloSpec, source: string, queries: string[]): SloReport {
  const burnRates = Object.fromEntries(BURN_WINDOWS.map((w) => [w, null])) as SloReport['burnRates'];
  const coverage = { ...(Object.fromEntries(BURN_WINDOWS.map((w) => [w, 0])) as Record<(typeof BURN_WINDOWS)[number], number>), window: 0 };
  const report: SloReport = {
    service: spec.service,
    region: spec.region ?? null,
    kind: spec.kind,
    objective: spec.objective,
    window: spec.window,
    budgetRemaining: null,
    burnRates,
    coverage,
    alert: null,
    exhaustsInSeconds: null,
    source,
    evaluatedAt: null,
    error: 'not evaluated yet',
    queries,
  };
  if (spec.thresholdMs !== undefined) report.thresholdMs = spec.thresholdMs;
  return report;
}

export class SloEvaluator {
  private readonly entries: Entry[];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly now: () => number;
  private readonly doFetch: typeof fetch;
  private controller: AbortController | null = null;

  constructor(private readonly options: SloEvaluatorOptions) {
    this.now = options.now ?? Date.now;
    this.doFetch = options.fetch ?? fetch;
    const prometheus = options.sources.filter((s): s is PrometheusSourceConfig => s.type === 'prometheus');
    this.entries = options.slos.map((slo) => {
      // Default: the Prometheus that answers for the SLO's region (one per region), else the first one.
      const source =
        slo.source === undefined ? (prometheus.find((s) => slo.region !== undefined && s.region === slo.region) ?? prometheus[0]) : prometheus.find((s) => s.name === slo.source);
      if (!source) throw new Error(`slo for "${slo.service}": no prometheus source${slo.source ? ` named "${slo.source}"` : ''}`);
      const spec: SloSpec = { service: slo.service, objective: slo.objective, window: slo.window, kind: slo.kind };
      if (slo.region !== undefined) spec.region = slo.region;
      if (slo.thresholdMs !== undefined) spec.thresholdMs = slo.thresholdMs;
      const context = contextOf(source);
      const queries = sloQueries(spec, context);
      return { spec, source, context, queries, report: emptyReport(spec, source.name, [queries.counts, queries.coverage]) };
    });
  }

  reports(): SloReport[] {
    return this.entries.map((e) => e.report);
  }

  start(): void {
    if (!this.stopped || this.entries.length === 0) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Evaluates now unless a round is running; resolves when it ends. */
  evaluateNow(): Promise<void> {
    if (this.entries.length === 0) return Promise.resolve();
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.round().finally(() => {
      this.running = null;
      if (!this.stopped) this.schedule(this.options.intervalMs);
      try {
        this.options.onEvaluated();
      } catch {
        // The hub logs its own failures; evaluation goes on.
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controller?.abort(new Error('hub stopping'));
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.evaluateNow();
    }, delayMs);
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    // A few at a time: a hundred SLOs must not open two hundred queries against one Prometheus at once.
    const queue = [...this.entries];
    const worker = async () => {
      for (let entry = queue.shift(); entry; entry = queue.shift()) await this.evaluate(entry, controller.signal);
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    this.controller = null;
  }

  private async evaluate(entry: Entry, signal: AbortSignal): Promise<void> {
    const time = Math.floor(this.now() / 1000);
    try {
      const [counts, coverage] = await Promise.all([this.query(entry.source, entry.queries.counts, time, signal), this.query(entry.source, entry.queries.coverage, time, signal)]);
      const threshold = entry.spec.thresholdMs === undefined ? undefined : entry.context.preset === 'servicegraph' ? entry.spec.thresholdMs / 1000 : entry.spec.thresholdMs;
      const figures = sloFigures(entry.spec, readSloCounts(counts, entry.context.preset, entry.spec.kind, threshold), readCoverage(coverage, entry.queries.windows, time));
      entry.report = { ...entry.report, ...figures, evaluatedAt: time * 1000, error: null };
    } catch (error) {
      entry.report = { ...entry.report, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async query(source: PrometheusSourceConfig, promql: string, time: number, signal: AbortSignal): Promise<readonly VectorSample[]> {
    const url = new URL('api/v1/query', source.url.endsWith('/') ? source.url : source.url + '/');
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    let status: number;
    let text: string;
    try {
      const response = await this.doFetch(url, {
        method: 'POST',
        headers: { ...authHeaders(source), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: promql, time: String(time) }).toString(),
        signal: combined,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw describeFailure(error, url, timeout.aborted ? 'timeout' : signal.aborted ? 'poller' : null, this.options.timeoutMs);
    }
    if (status < 200 || status > 299) throw new SourceError(`Prometheus answered HTTP ${status}: ${shorten(text.trim(), 200)}`);
    try {
      return readVector(JSON.parse(text));
    } catch (error) {
      if (error instanceof PrometheusAnswerError) throw new SourceError(`Prometheus ${shorten(error.message)}`);
      throw new SourceError(`Prometheus answered malformed JSON (${text.length} bytes)`);
    }
  }
}

/** A report as GET /api/slo shows it: times as ISO-8601. */
export function sloJson(report: SloReport): Record<string, unknown> {
  return { ...report, evaluatedAt: report.evaluatedAt === null ? null : new Date(report.evaluatedAt).toISOString() };
}
