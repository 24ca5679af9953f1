import type { Evidence, RateWindowInfo, SourceBatch } from '../../../shared/model';

/**
 * A source is a thin I/O adapter: it fetches, hands the raw answer to a pure normaliser in shared/, and
 * returns plain calls. It never retries or caches: the poller owns timing, timeouts and staleness.
 */
export interface Source {
  readonly name: string;
  readonly type: string;
  /** The query, URL or file behind this source's numbers, shown on screen so every number can be traced. */
  readonly detail: string;
  /** The `rate()` window in use and why, for sources whose numbers are rates over a window. */
  readonly rateWindow?: RateWindowInfo;
  /**
   * The region this source answers for: where its calls go when no label names their region, and the
   * region whose calls it is the destination-side witness of when two sources report one call.
   */
  readonly region?: string;
  /** `metrics` unless said otherwise; where a metrics source and a traces source report a call, metrics win. */
  readonly evidence?: Evidence;
  /**
   * One poll. Must honour `signal` (the poller aborts it at the timeout) and throw on any failure.
   * `at` (epoch ms) asks for the world as it was at that instant (replay, backfill); absent: now. A source
   * that can only tell the present throws a SourceError when asked for another instant.
   */
  poll(signal: AbortSignal, at?: number): Promise<SourceBatch>;
  /**
   * Backfill: the world over [from, to] (epoch ms) at `stepMs`, handed over in batches as they arrive, for
   * a source whose backend keeps history (Prometheus `query_range`). Absent: the source keeps no past.
   */
  pollRange?(signal: AbortSignal, range: { from: number; to: number; stepMs: number }, onBatches: (batches: SourceBatch[]) => void): Promise<void>;
  /** Releases watchers, timers, sockets. */
  close?(): Promise<void> | void;
}

/**
 * What kind of failure, in words that leak nothing (no paths, bodies, hosts): the only error text the
 * open /healthz shows. The full message goes to /api/status, behind the token.
 */
export type FailureKind = 'unreachable' | 'timeout' | 'http error' | 'bad answer' | 'too large' | 'unreadable' | 'failed';

/** A failure whose message is fit to show on /api/status and on screen (never on the open /healthz). */
export class SourceError extends Error {
  override name = 'SourceError';

  constructor(
    message: string,
    readonly kind: FailureKind = 'bad answer',
  ) {
    super(message);
  }
}
