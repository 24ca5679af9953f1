// The hub's side of the timeline: records what every poll produced, and rebuilds the graph of any instant
// from the record or, older than it, from the sources that can answer for a past time. A source that can
// not answer for T is "no data for this source" at T — never its live data.
import { buildGraph, type SourceInput } from '../../shared/build-graph';
import type { Graph, SourceBatch, Thresholds } from '../../shared/model';
import { TimelineRecord, type TimelineEntry } from '../../shared/timeline/record';
import type { TimelineBounds } from './timeline-config';
import type { Source } from './sources/source';

export interface TimelineSource {
  source: Source;
  intervalMs: number;
  timeoutMs: number;
}

/** How each source's part of a past instant was answered. */
export interface InstantSource {
  name: string;
  answeredBy: 'record' | 'source' | 'none';
  /** Epoch ms of the poll or evaluation behind it. */
  at?: number;
  /** Why there is no data for this source at that instant. */
  reason?: string;
}

export interface Instant {
  graph: Graph;
  sources: InstantSource[];
}

/** A recorded poll answers for T while T is within this many poll intervals of it (beyond: a gap, e.g. the hub was down). */
const GAP_INTERVALS = 3;

export class HubTimeline {
  readonly record: TimelineRecord;

  private readonly retentionMs: number;

  constructor(
    bounds: TimelineBounds,
    private readonly thresholds?: Thresholds,
  ) {
    this.record = new TimelineRecord(bounds);
    this.retentionMs = bounds.retentionMs;
  }

  /** Records one poll's outcome as the graph builder sees it (the last good batch and its staleness). */
  recordPoll(source: string, at: number, batch: SourceBatch | null, staleSince: number | null, failed = false): void {
    this.record.append(source, { at, batch, staleSince, ...(failed ? { failed } : {}) });
  }

  /**
   * Fills the record's past from every source that keeps history (Prometheus), over the retention at each
   * source's poll interval, so a restarted hub has its past at once. Never throws: failures are logged.
   */
  async backfill(sources: readonly TimelineSource[], now: number, signal: AbortSignal, log: (line: string) => void): Promise<void> {
    await Promise.all(
      sources.map(async ({ source, intervalMs }) => {
        if (!source.pollRange) return;
        let kept = 0;
        try {
          await source.pollRange(signal, { from: now - this.retentionMs, to: now, stepMs: intervalMs }, (batches) => {
            kept += this.record.prepend(
              source.name,
              batches.map((batch) => ({ at: batch.sampledAt, batch, staleSince: null })),
            );
          });
          if (kept > 0) log(`timeline: ${source.name}: backfilled ${kept} polls from its history`);
        } catch (error) {
          if (signal.aborted) return;
          log(`timeline: ${source.name}: backfill failed after ${kept} polls: ${(error as Error).message}`);
        }
      }),
    );
  }

  /** The graph as at `t`, with `serverUpdateTime` = t; null when no source can answer for `t`. */
  async graphAt(t: number, sources: readonly TimelineSource[]): Promise<Instant | null> {
    const parts = await Promise.all(sources.map((s) => this.partAt(t, s)));
    if (parts.every((p) => p.input === null)) return null;
    const inputs: SourceInput[] = parts.filter((p) => p.input !== null).map((p) => p.input!);
    const graph = buildGraph(inputs, { now: t, ...(this.thresholds ? { thresholds: this.thresholds } : {}) });
    return { graph, sources: parts.map((p) => p.answer) };
  }

  private async partAt(t: number, entry: TimelineSource): Promise<{ input: SourceInput | null; answer: InstantSource }> {
    const { source } = entry;
    const base = { region: source.region ?? source.name, evidence: source.evidence ?? 'metrics' } as const;
    const recorded: TimelineEntry | null = this.record.at(source.name, t);
    if (recorded && t - recorded.at <= GAP_INTERVALS * entry.intervalMs && recorded.batch) {
      return { input: { ...base, batch: recorded.batch, staleSince: recorded.staleSince }, answer: { name: source.name, answeredBy: 'record', at: recorded.at } };
    }
    const signal = AbortSignal.timeout(entry.timeoutMs);
    try {
      const batch = await source.poll(signal, t);
      // A source that ignored `at` and answered with the present must not pass for the past.
      if (batch.sampledAt > t + entry.intervalMs) throw new Error(`answered for ${new Date(batch.sampledAt).toISOString()}, not for the instant asked`);
      // No series at all is what a metrics store says before it held any: not evidence of zero traffic.
      if (batch.calls.length === 0) throw new Error('the source holds no series at that instant');
      return { input: { ...base, batch, staleSince: null }, answer: { name: source.name, answeredBy: 'source', at: batch.sampledAt } };
    } catch (error) {
      const reason = recorded && !recorded.batch ? 'had not answered yet' : (error as Error).message.replace(/\s+/g, ' ').slice(0, 300);
      return { input: null, answer: { name: source.name, answeredBy: 'none', reason: `no data for this source: ${reason}` } };
    }
  }
}

/** `at=` as the API takes it: epoch ms or ISO-8601; NaN when it is neither. */
export function parseInstant(text: string): number {
  if (/^\d{1,16}$/.test(text.trim())) return Number(text.trim());
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return NaN;
  return Date.parse(text.trim());
}
