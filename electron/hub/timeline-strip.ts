// `GET /api/timeline?buckets=N&key=K`: the timeline bar's strip over the hub's record — requests/s and error
// ratio per bucket, source failures and staleness, alert starts — and one node's or call's series for the
// side panel's sparkline, so every display shows the same history and a fresh one shows hours at once.
// What the hub published is remembered as it goes (one point per graph, bounded); instants only the record
// holds (backfilled from Prometheus after a restart) and entity series are summed from the record's calls
// (the graph's figures without building the graph), a bounded number of instants per answer.
import type { SourceInput } from '../../shared/build-graph';
import type { Graph } from '../../shared/model';
import { ProtocolError, decodeTimelineQuery, type TimelineStrip } from '../../shared/protocol';
import {
  alertStarts,
  downsample,
  entityCalls,
  graphTotals,
  inputEntityRate,
  inputTotals,
  parseHistoryKey,
  sourceEvents,
  spread,
  type AlertStart,
  type HistoryEntity,
  type RatePoint,
  type SourceEvent,
} from '../../shared/timeline/strip';
import type { HubTimeline, TimelineSource } from './timeline';

/** Published graphs remembered: 6 h of 1 s polls, ~24 bytes each. */
const MAX_OBSERVED = 6 * 3600;
/** Instants rebuilt from the record per answer: at most this many per bucket, and this many in all. */
const SAMPLES_PER_BUCKET = 2;
const MAX_SAMPLES = 720;
/** Rebuilt points kept between answers (instants in the record never change). */
const MAX_MEMO = 20_000;
/** A recorded poll stands for an instant at most this many poll intervals after it (as in timeline.ts). */
const GAP_INTERVALS = 3;
const MAX_EVENTS = 500;
const MAX_ALERTS = 200;
const MAX_CACHED_SERIES = 32;
/**
 * Rebuilding instants from the record is CPU work (each one decodes a delta-coded chunk and sums thousands of
 * calls): it goes in slices of about this many ms, yielding to the event loop between them, so a cold strip
 * or a sparkline never holds up a poll, a fan-out or /healthz.
 */
const SLICE_MS = 8;

/** The next event-loop turn, after pending I/O (setImmediate runs after the poll phase). */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `work` over `items` in slices that take about SLICE_MS each (the slice size adapts to what the last
 * one cost), yielding between slices. `signal` stops it early.
 */
async function inSlices<T>(items: readonly T[], sliceMs: number, work: (slice: readonly T[]) => void, signal?: AbortSignal): Promise<void> {
  let size = 1;
  for (let i = 0; i < items.length; ) {
    if (signal?.aborted) return;
    const started = performance.now();
    const slice = items.slice(i, i + size);
    work(slice);
    i += slice.length;
    const took = performance.now() - started;
    size = Math.max(1, Math.min(256, Math.round(took > 0 ? (size * sliceMs) / took : size * 2)));
    if (i < items.length) await yieldTurn();
  }
}

export class TimelineStrips {
  private readonly observed: RatePoint[] = [];
  private readonly memo = new Map<number, RatePoint | null>();
  /** Recent series answers by key and bucket count: displays watching the same thing share one computation. */
  private readonly seriesCache = new Map<string, { at: number; to: number; series: NonNullable<TimelineStrip['series']> }>();
  /** Answers are computed one at a time (later ones find the earlier ones' rebuilt instants memoised). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly timeline: HubTimeline,
    private readonly stepMs: number,
    /** Target ms of one rebuild slice between event-loop turns (0: one instant per turn, as tests use). */
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** Remembers what the hub just published (called once per graph). */
  observe(graph: Graph): void {
    const last = this.observed.at(-1);
    if (last && graph.serverUpdateTime <= last.at) return;
    this.observed.push({ at: graph.serverUpdateTime, ...graphTotals(graph) });
    const from = this.timeline.record.span()?.from ?? graph.serverUpdateTime;
    let drop = 0;
    while (drop < this.observed.length - 1 && (this.observed[drop]!.at < from || this.observed.length - drop > MAX_OBSERVED)) drop += 1;
    if (drop > 0) this.observed.splice(0, drop);
  }

  /** The route: 200 with the strip, 400 naming a bad parameter. */
  async route(params: Iterable<[string, string]>, sources: readonly TimelineSource[], now: () => number): Promise<{ status: number; body: unknown }> {
    let query;
    try {
      query = decodeTimelineQuery(params);
    } catch (error) {
      if (error instanceof ProtocolError) return { status: 400, body: { error: error.message } };
      throw error;
    }
    let entity: HistoryEntity | null = null;
    if (query.key !== undefined) {
      entity = parseHistoryKey(query.key);
      if (!entity) return { status: 400, body: { error: 'timeline query: key: not a node, region or call key' } };
    }
    const series = entity === null ? undefined : { key: query.key!, entity };
    const answer = this.queue.then(() => this.strip(query.buckets, sources, now(), series));
    this.queue = answer.catch(() => undefined);
    return { status: 200, body: await answer };
  }

  /**
   * Rebuilds, in the background, every recorded instant older than the first published graph (a restarted
   * hub's backfilled past), so that the first strip asked for answers at once whatever its bucket count.
   */
  async warm(sources: readonly TimelineSource[], signal?: AbortSignal): Promise<void> {
    const span = this.timeline.record.span();
    if (!span) return;
    const firstObserved = this.observed[0]?.at ?? Infinity;
    const all = new Set<number>();
    for (const { source } of sources) for (const frame of this.timeline.record.frames(source.name, span.from, Math.min(firstObserved - 1, span.to))) all.add(frame.at);
    const instants = [...all].sort((a, b) => a - b);
    // Not queued behind answers (nor they behind it): both skip what the other has already memoised.
    await this.rebuilt(instants, sources, signal);
  }

  async strip(buckets: number, sources: readonly TimelineSource[], now: number, series?: { key: string; entity: HistoryEntity }): Promise<TimelineStrip> {
    const record = this.timeline.record;
    const span = record.span();
    const empty = { rps: [], errorRatio: [] };
    if (!span) {
      return { from: now, to: now, now, stepMs: this.stepMs, bucketMs: 1, ...empty, events: [], alerts: [], ...(series ? { series: { key: series.key, ...empty } } : {}) };
    }
    const from = span.from;
    const to = Math.max(now, span.to);
    // Never more buckets than polls: a strip of mostly empty buckets draws as a comb, not a history.
    const polls = new Set<number>();
    for (const { source } of sources) for (const frame of record.frames(source.name, from, to)) polls.add(frame.at);
    const count = Math.max(1, Math.min(buckets, polls.size));
    const firstObserved = this.observed.find((p) => p.at >= from)?.at ?? Infinity;
    const points = this.observed.filter((p) => p.at >= from && p.at <= to);
    // Before the first published graph (a restarted hub's backfilled past): rebuilt from the record.
    const older = this.instants(sources, from, Math.min(firstObserved - 1, to), count);
    points.unshift(...(await this.rebuilt(older, sources)));
    const totals = downsample(points, from, to, count);

    const events: SourceEvent[] = [];
    const alerts: AlertStart[] = [];
    for (const { source } of sources) {
      const frames = record.frames(source.name, from, to);
      events.push(...sourceEvents(source.name, frames));
      alerts.push(...alertStarts(source.name, frames));
    }
    events.sort((a, b) => a.at - b.at);
    alerts.sort((a, b) => a.at - b.at);
    const answer: TimelineStrip = {
      from,
      to,
      now,
      stepMs: this.stepMs,
      bucketMs: totals.bucketMs,
      rps: totals.rps,
      errorRatio: totals.errorRatio,
      events: events.slice(-MAX_EVENTS),
      alerts: alerts.filter((a) => a.at >= from && a.at <= to).slice(-MAX_ALERTS),
    };
    if (series) {
      const cacheKey = `${count}\u0000${series.key}`;
      const cached = this.seriesCache.get(cacheKey);
      // Fresh enough while no new poll came in and within one poll interval (buckets then line up with totals).
      if (cached && cached.to === span.to && now - cached.at < this.stepMs && cached.series.rps.length === count) answer.series = cached.series;
      else {
        const instants = this.instants(sources, from, to, count);
        const values = await this.entityPoints(instants, sources, series.entity);
        const b = downsample(values, from, to, count);
        answer.series = { key: series.key, rps: b.rps, errorRatio: b.errorRatio };
        this.seriesCache.delete(cacheKey);
        this.seriesCache.set(cacheKey, { at: now, to: span.to, series: answer.series });
        if (this.seriesCache.size > MAX_CACHED_SERIES) this.seriesCache.delete(this.seriesCache.keys().next().value!);
      }
    }
    return answer;
  }

  /** Recorded poll instants in [from, to] of every source, at most SAMPLES_PER_BUCKET × buckets of them. */
  private instants(sources: readonly TimelineSource[], from: number, to: number, buckets: number): number[] {
    if (to < from) return [];
    const all = new Set<number>();
    for (const { source } of sources) for (const frame of this.timeline.record.frames(source.name, from, to)) all.add(frame.at);
    return spread([...all].sort((a, b) => a - b), Math.min(MAX_SAMPLES, SAMPLES_PER_BUCKET * buckets));
  }

  /** Each source's recorded input at each instant (null where it had no poll standing for it). */
  private inputsAt(instants: readonly number[], sources: readonly TimelineSource[], only?: Parameters<HubTimeline['record']['atEach']>[2]): Array<Array<SourceInput | null>> {
    return sources.map(({ source, intervalMs }) => {
      const base = { region: source.region ?? source.name, evidence: source.evidence ?? 'metrics' } as const;
      return this.timeline.record.atEach(source.name, instants, only).map((entry, k) =>
        entry && entry.batch && instants[k]! - entry.at <= GAP_INTERVALS * intervalMs ? { ...base, batch: entry.batch, staleSince: entry.staleSince } : null,
      );
    });
  }

  private async rebuilt(instants: readonly number[], sources: readonly TimelineSource[], signal?: AbortSignal): Promise<RatePoint[]> {
    const missing = instants.filter((t) => !this.memo.has(t));
    if (missing.length > 0) {
      await inSlices(
        missing,
        this.sliceMs,
        (all) => {
          const slice = all.filter((t) => !this.memo.has(t));
          if (slice.length === 0) return;
          const inputs = this.inputsAt(slice, sources);
          slice.forEach((t, k) => {
            const present = inputs.map((column) => column[k]).filter((input): input is SourceInput => input != null);
            this.memo.set(t, present.length === 0 ? null : { at: t, ...inputTotals(present) });
          });
        },
        signal,
      );
      this.trimMemo();
    }
    return instants.map((t) => this.memo.get(t)).filter((p): p is RatePoint => p != null);
  }

  private async entityPoints(instants: readonly number[], sources: readonly TimelineSource[], entity: HistoryEntity): Promise<RatePoint[]> {
    // Only the calls that can move the entity are read out of the record.
    const only = entityCalls(entity);
    const out: RatePoint[] = [];
    await inSlices(instants, this.sliceMs, (slice) => {
      const inputs = this.inputsAt(slice, sources, only);
      slice.forEach((t, k) => {
        const present = inputs.map((column) => column[k]).filter((input): input is SourceInput => input != null);
        if (present.length === 0) return;
        const rate = inputEntityRate(present, entity);
        if (rate) out.push({ at: t, rps: rate.normal + rate.danger + rate.warning, danger: rate.danger });
      });
    });
    return out;
  }

  private trimMemo(): void {
    const from = this.timeline.record.span()?.from ?? Infinity;
    for (const t of this.memo.keys()) if (t < from) this.memo.delete(t);
    if (this.memo.size <= MAX_MEMO) return;
    const keys = [...this.memo.keys()].sort((a, b) => a - b);
    for (const t of keys.slice(0, this.memo.size - MAX_MEMO)) this.memo.delete(t);
  }
}
