// A Prometheus-compatible HTTP API (Prometheus, Thanos Query, Mimir, VictoriaMetrics) as a source: runs the
// preset's instant queries (prometheus.io/docs/prometheus/latest/querying/api/#instant-queries) in parallel
// and hands the answers to the preset's pure normaliser in shared/presets.
import type { RateWindowInfo, SourceBatch } from '../../../shared/model';
import { durationMs } from '../../../shared/duration';
import {
  FALLBACK_RATE_WINDOW,
  PRESETS,
  PrometheusAnswerError,
  RateWindowTracker,
  checkDuration,
  emptyTally,
  readVector,
  samplesProbe,
  scrapeIntervalOf,
  seriesProbe,
  seriesSelector,
  windowFillingUntil,
  type CustomPresetOptions,
  type PresetAnswers,
  type PresetName,
  type PresetOptions,
  type PresetQuery,
  type RegionLabels,
  type SampleTally,
  type VectorSample,
} from '../../../shared/presets/index';
import { boundedFetch, megabytes, DEFAULT_MAX_RESPONSE_MB, parseBoundedJson } from './bounded-read';
import { apiEndpoint, authHeaders, shorten } from './http-auth';
import { describeFailure } from './http-failure';
import { pollPrometheusRange } from './prometheus-range';
import { SourceError, type Source } from './source';

export interface PrometheusSourceOptions {
  name: string;
  /** Base URL; may include a path prefix (Thanos/Mimir, e.g. http://mimir/prometheus). */
  url: string;
  preset: PresetName;
  /** The region of calls whose region labels are absent (one Prometheus per region); default `name`. */
  region?: string;
  regionLabels?: RegionLabels;
  /** A PromQL duration for `rate()`, e.g. `1m`, or `auto`: four times the scrape interval seen in the data. */
  rateWindow: string;
  timeoutMs: number;
  /** Where the window's changes and fallbacks are reported (the hub's log). */
  log?: (line: string) => void;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir. */
  headers?: Record<string, string>;
  custom?: CustomPresetOptions;
  /** The largest decoded answer accepted, bytes (default 64 MB). */
  maxResponseBytes?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  now?: () => number;
}

/** Why a poll's requests were aborted, if they were: this source's own timeout or the poller. */
type AbortCause = () => 'timeout' | 'poller' | null;

function requestHeaders(options: PrometheusSourceOptions): Record<string, string> {
  return { ...authHeaders(options), 'content-type': 'application/x-www-form-urlencoded' };
}

function errorField(body: string): string | undefined {
  try {
    const parsed: unknown = parseBoundedJson(body);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string') {
      return (parsed as { error: string }).error;
    }
  } catch {
    // Not JSON: a proxy's HTML error page, say; the status line alone is the clearer message.
  }
  return undefined;
}

/** What a usable answer held that could not be counted, in words for /healthz and the panel. */
function tallyWarnings(tally: SampleTally): string[] {
  const out: string[] = [];
  if (tally.invalid > 0) out.push(`${tally.invalid} sample${tally.invalid === 1 ? '' : 's'} with a NaN, infinite or negative value skipped`);
  if (tally.duplicate > 0) out.push(`${tally.duplicate} repeated series counted once`);
  return out;
}


/** One query's samples and the warnings that came with them. */
interface Answer {
  samples: readonly VectorSample[];
  warnings: string[];
}

/**
 * The answer's `warnings` (prometheus.io/docs/prometheus/latest/querying/api/#format-overview): Thanos Query
 * sets them when it answers without some store (partial response), so the data may lack calls.
 */
function answerWarnings(parsed: unknown): string[] {
  const warnings = (parsed as { warnings?: unknown }).warnings;
  if (!Array.isArray(warnings)) return [];
  // Prometheus 2.x also sends its `PromQL info:` annotations here (3.x moved them to `infos`): not data loss.
  return warnings
    .filter((w): w is string => typeof w === 'string' && w !== '' && !w.startsWith('PromQL info:'))
    .map((w) => shorten(w, 200));
}

export function createPrometheusSource(options: PrometheusSourceOptions): Source {
  const preset = PRESETS[options.preset];
  if (preset === undefined) throw new SourceError(`unknown preset "${String(options.preset)}"`);
  const auto = options.rateWindow === 'auto';
  const probeMetric = auto ? preset.probeMetric : undefined;
  const tracker = probeMetric === undefined ? null : new RateWindowTracker(probeMetric);
  // The custom preset's queries are the user's own PromQL, windows included: no window of ours to show.
  const fixed: RateWindowInfo | undefined =
    preset.probeMetric === undefined
      ? undefined
      : auto
        ? undefined
        : { window: checkDuration(options.rateWindow), auto: false, scrapeIntervalSeconds: null, reason: 'set in the configuration' };
  const windowInfo = (): RateWindowInfo | undefined => tracker?.info ?? fixed;
  /** The probed series (the busiest of the probe metric), read each live poll to tell whether the window is full. */
  let probedSeries: string | null = null;
  const presetOptions: PresetOptions = { sourceName: options.region ?? options.name, rateWindow: windowInfo()?.window ?? FALLBACK_RATE_WINDOW };
  if (options.regionLabels) presetOptions.regionLabels = options.regionLabels;
  if (options.custom) presetOptions.custom = options.custom;
  let queries: PresetQuery[] = preset.queries(presetOptions);
  const url = apiEndpoint(options.url, 'api/v1/query');
  const headers = requestHeaders(options);
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxResponseBytes ?? megabytes(DEFAULT_MAX_RESPONSE_MB);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  /** One instant query's parsed JSON answer; `id` names it in errors. */
  async function runRaw(id: string, promql: string, time: number, signal: AbortSignal, abortCause: AbortCause): Promise<unknown> {
    const body = new URLSearchParams({ query: promql, time: String(time) }).toString();
    let text: string;
    let status: number;
    let statusText: string;
    try {
      const response = await boundedFetch(url, { method: 'POST', headers, body, signal }, { maxBytes, fetch: doFetch });
      status = response.status;
      statusText = response.statusText;
      text = response.text;
    } catch (error) {
      throw describeFailure(error, url, abortCause(), options.timeoutMs);
    }
    if (status < 200 || status > 299) {
      const apiError = errorField(text);
      const line = `HTTP ${status}${statusText ? ' ' + statusText : ''}`;
      throw new SourceError(`Prometheus answered ${line}${apiError ? ': ' + shorten(apiError) : ''} (query "${id}")`, 'http error');
    }
    try {
      return parseBoundedJson(text);
    } catch (error) {
      throw new SourceError(`Prometheus answered malformed JSON: ${(error as Error).message} (query "${id}")`);
    }
  }

  async function runQuery(query: PresetQuery, time: number, signal: AbortSignal, abortCause: AbortCause): Promise<Answer> {
    const parsed = await runRaw(query.id, query.promql, time, signal, abortCause);
    try {
      return { samples: readVector(parsed), warnings: answerWarnings(parsed) };
    } catch (error) {
      if (error instanceof PrometheusAnswerError) throw new SourceError(`Prometheus ${shorten(error.message)} (query "${query.id}")`);
      throw error;
    }
  }

  /** Measures the scrape interval when due; a probe that cannot tell leaves the poll itself to go on. */
  async function probeWindow(tracker: RateWindowTracker, metric: string, time: number, signal: AbortSignal, abortCause: AbortCause): Promise<void> {
    const started = now();
    if (!tracker.due(started)) return;
    const before = tracker.info.window;
    let changed: boolean;
    try {
      const series = await runRaw('scrape interval', seriesProbe(metric), time, signal, abortCause);
      const step2 = samplesProbe(series);
      probedSeries = seriesSelector(series);
      const interval = step2 === null ? null : scrapeIntervalOf(await runRaw('scrape interval', step2, time, signal, abortCause));
      changed =
        interval !== null
          ? tracker.measured(interval, started)
          : tracker.unmeasured(step2 === null ? `no ${metric} series yet` : `too few samples of ${metric} to tell`, started);
    } catch (error) {
      if (abortCause() !== null) throw describeFailure(error, url, abortCause(), options.timeoutMs);
      changed = tracker.unmeasured(error instanceof Error ? shorten(error.message, 160) : String(error), started);
    }
    if (tracker.info.window !== before) {
      presetOptions.rateWindow = tracker.info.window;
      queries = preset.queries(presetOptions);
    }
    if (changed) log(`source ${options.name}: rate window ${tracker.info.window} (${tracker.info.reason})`);
  }

  /**
   * Whether the window in use is full at `time`, from the probed series' own samples (see windowFillingUntil);
   * undefined when that cannot be told (interval unknown, no series probed, the query failed: never fatal).
   */
  async function filling(time: number, signal: AbortSignal, abortCause: AbortCause): Promise<number | null | undefined> {
    const info = tracker?.info;
    const windowMs = info ? durationMs(info.window) : NaN;
    if (!info || info.scrapeIntervalSeconds === null || probedSeries === null || !Number.isFinite(windowMs)) return undefined;
    try {
      const answer = await runRaw('window coverage', `${probedSeries}[${info.window}]`, time, signal, abortCause);
      return windowFillingUntil(answer, time, windowMs / 1000, info.scrapeIntervalSeconds);
    } catch {
      return undefined;
    }
  }

  return {
    name: options.name,
    type: 'prometheus',
    get detail() {
      const info = windowInfo();
      const head = info === undefined ? '' : `rate window ${info.window}${info.auto ? ' (auto)' : ''}: ${info.reason}\n`;
      return head + queries.map((q) => q.promql).join('\n');
    },
    get rateWindow() {
      return windowInfo();
    },
    region: options.region ?? options.name,
    async poll(signal: AbortSignal, at?: number): Promise<SourceBatch> {
      // Prometheus takes `time` in seconds; whole seconds, rounded down so that it never lies in the future.
      // A past instant is evaluated by the same queries (replay and backfill share this path).
      const time = Math.floor((at ?? now()) / 1000);
      const ownTimeout = AbortSignal.timeout(options.timeoutMs);
      // One failed query aborts the others: the poll fails as a whole anyway.
      const sibling = new AbortController();
      const combined = AbortSignal.any([signal, ownTimeout, sibling.signal]);
      const abortCause: AbortCause = () => (ownTimeout.aborted ? 'timeout' : signal.aborted ? 'poller' : null);
      // The window is measured on live polls; a replay of a past instant uses the window in use.
      if (tracker !== null && probeMetric !== undefined && at === undefined) await probeWindow(tracker, probeMetric, time, combined, abortCause);
      let answers: Answer[];
      // Live polls also ask whether the window is full (one series' few samples, beside the queries).
      const fillingAnswer = at === undefined ? filling(time, combined, abortCause) : Promise.resolve(undefined);
      let fillingUntil: number | null | undefined;
      try {
        answers = await Promise.all(
          queries.map((q) =>
            runQuery(q, time, combined, abortCause).catch((error: unknown) => {
              sibling.abort();
              throw error;
            }),
          ),
        );
        fillingUntil = await fillingAnswer;
      } catch (error) {
        if (error instanceof SourceError) throw error;
        throw describeFailure(error, url, abortCause(), options.timeoutMs);
      }
      const byId: Record<string, readonly VectorSample[]> = {} satisfies PresetAnswers;
      let seriesRead = 0;
      const warnings: string[] = [];
      for (let i = 0; i < queries.length; i++) {
        const result = answers[i]!.samples;
        byId[queries[i]!.id] = result;
        seriesRead += result.length;
        for (const warning of answers[i]!.warnings) if (!warnings.includes(warning)) warnings.push(warning);
      }
      const tally = emptyTally();
      const calls = preset.normalise(byId, { ...presetOptions, tally });
      const batch: SourceBatch = { source: options.name, sampledAt: time * 1000, calls, seriesRead };
      if (fillingUntil !== undefined) batch.windowFillingUntil = fillingUntil;
      warnings.push(...tallyWarnings(tally));
      if (warnings.length > 0) batch.warnings = warnings.slice(0, 10);
      return batch;
    },
    async pollRange(signal, range, onBatches) {
      // A backfill at start comes before any live poll has measured the scrape interval: measure it first, or
      // the whole past would be read through the fallback window (rates far too low on a young Prometheus).
      if (tracker !== null && probeMetric !== undefined) {
        const ownTimeout = AbortSignal.timeout(options.timeoutMs);
        const combined = AbortSignal.any([signal, ownTimeout]);
        const abortCause: AbortCause = () => (ownTimeout.aborted ? 'timeout' : signal.aborted ? 'poller' : null);
        await probeWindow(tracker, probeMetric, Math.floor(range.to / 1000), combined, abortCause);
      }
      const context = {
        name: options.name,
        url: new URL('query_range', url),
        headers,
        fetch: doFetch,
        queries,
        normalise: (answers: PresetAnswers) => preset.normalise(answers, presetOptions),
        // A range query reads far more than a poll: give it the longer of the poll timeout and 30 s.
        timeoutMs: Math.max(options.timeoutMs, 30_000),
      };
      return pollPrometheusRange(context, signal, range, onBatches);
    },
  };
}
