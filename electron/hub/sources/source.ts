import type { RateWindowInfo, SourceBatch } from '../../../shared/model';

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
  /** One poll. Must honour `signal` (the poller aborts it at the timeout) and throw on any failure. */
  poll(signal: AbortSignal): Promise<SourceBatch>;
  /** Releases watchers, timers, sockets. */
  close?(): Promise<void> | void;
}

/** A failure whose message is fit to show on /healthz and on screen. */
export class SourceError extends Error {
  override name = 'SourceError';
}
