import type { SourceBatch, SourceStatus } from '../../shared/model';
import { SourceError, type FailureKind, type Source } from './sources/source';

export interface PollerOptions {
  source: Source;
  intervalMs: number;
  timeoutMs: number;
  now?: () => number;
  /** How old the data may be (by its own time, the batch's sampledAt) before it is stale; default: never. */
  maxAgeMs?: number;
  /** A rate window (ms) that must pass after a start or a gap before rates read right; null: no window. */
  rateWindowMs?: number | null;
  /** Called after every poll, success or failure. Must not throw; the poller survives it anyway. */
  onPolled: (poller: SourcePoller, durationMs: number) => void;
}

/**
 * Polls one source on its interval. Polls never overlap: the next one is scheduled when the last ends.
 * A failing source keeps its last good batch, so its regions can be drawn as stale instead of vanishing.
 */
export class SourcePoller {
  readonly source: Source;
  lastBatch: SourceBatch | null = null;
  private lastSuccess: number | null = null;
  private failingSince: number | null = null;
  private error: string | null = null;
  /** Epoch ms of the first success after the start or after a failure: the rate window fills from there. */
  private answeringSince: number | null = null;
  private errorKind: FailureKind | null = null;
  private timer: NodeJS.Timeout | null = null;
  private controller: AbortController | null = null;
  private cancel: ((reason: Error) => void) | null = null;
  private stopped = true;
  private running: Promise<void> | null = null;
  private inFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: PollerOptions) {
    this.source = options.source;
    this.now = options.now ?? Date.now;
  }

  status(): SourceStatus {
    const status: SourceStatus = {
      name: this.source.name,
      type: this.source.type,
      ok: this.error === null && this.lastSuccess !== null,
      lastSuccess: this.lastSuccess,
      error: this.lastSuccess === null && this.error === null ? 'not polled yet' : this.error,
      failingSince: this.failingSince,
      detail: this.source.detail,
      dataAt: this.lastBatch?.sampledAt ?? null,
      maxAgeMs: this.options.maxAgeMs ?? Number.MAX_SAFE_INTEGER,
      fillingUntil: this.fillingUntil(),
      evidence: this.source.evidence ?? 'metrics',
    };
    if (this.source.region !== undefined) status.region = this.source.region;
    const rateWindow = this.source.rateWindow;
    if (rateWindow) status.rateWindow = { ...rateWindow };
    const warnings = this.lastBatch?.warnings;
    if (warnings && warnings.length > 0) status.warnings = warnings;
    return status;
  }

  /** The last poll's failure as a category that leaks nothing (for the open /healthz); null while healthy. */
  failureKind(): FailureKind | 'not polled yet' | null {
    if (this.lastSuccess === null && this.error === null) return 'not polled yet';
    return this.error === null ? null : this.errorKind;
  }


  private fillingUntil(): number | null {
    if (this.error !== null) return null;
    // The source's own data says (a Prometheus series' samples across the window): that, not our start.
    const measured = this.lastBatch?.windowFillingUntil;
    if (measured !== undefined) return measured !== null && measured > this.now() ? measured : null;
    const window = this.options.rateWindowMs ?? null;
    if (window === null || this.answeringSince === null) return null;
    const until = this.answeringSince + window;
    return until > this.now() ? until : null;
  }

  /**
   * Since when this source's part of the picture is stale, or null while it is fresh: while failing, since
   * the last success; while its data (by the data's own time) is older than maxAge, since that time.
   */
  staleSince(): number | null {
    if (this.error !== null) return this.lastSuccess ?? this.failingSince;
    const dataAt = this.lastBatch?.sampledAt;
    const maxAge = this.options.maxAgeMs;
    if (dataAt === undefined || maxAge === undefined) return null;
    return this.now() - dataAt > maxAge ? dataAt : null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Whether a poll is in flight (its answer not yet handed to `onPolled`). */
  get polling(): boolean {
    return this.inFlight;
  }

  /** Polls now (and reschedules), unless a poll is already running; resolves when it ends. */
  pollNow(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.pollOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const reason = new Error('hub stopping');
    this.controller?.abort(reason);
    this.cancel?.(reason); // a source that ignores its signal must not hold up shutdown
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pollNow();
    }, delayMs);
    this.timer.unref?.();
  }

  private async pollOnce(): Promise<void> {
    const started = this.now();
    const controller = new AbortController();
    this.controller = controller;
    let timeout: NodeJS.Timeout | undefined;
    // The race guards against a source that ignores its signal: the poll loop must never hang on one.
    const deadline = new Promise<never>((_, reject) => {
      this.cancel = reject;
      timeout = setTimeout(() => {
        const error = new Error(`timed out after ${(this.options.timeoutMs / 1000).toFixed(1)} s`);
        controller.abort(error);
        reject(error);
      }, this.options.timeoutMs);
    });
    this.inFlight = true;
    try {
      const batch = await Promise.race([this.source.poll(controller.signal), deadline]);
      this.lastBatch = batch;
      this.lastSuccess = this.now();
      if (this.error !== null || this.answeringSince === null) this.answeringSince = this.lastSuccess;
      this.error = null;
      this.errorKind = null;
      this.failingSince = null;
    } catch (error) {
      this.error = describe(error);
      this.errorKind = error instanceof SourceError ? error.kind : controller.signal.aborted ? 'timeout' : 'failed';
      this.failingSince ??= this.now();
    } finally {
      clearTimeout(timeout);
      this.controller = null;
      this.cancel = null;
      this.inFlight = false;
    }
    if (this.stopped) return; // a poll cut short by stop() is not a source failure
    const duration = this.now() - started;
    try {
      this.options.onPolled(this, duration);
    } catch {
      // A broken listener must not stop the polling; the hub logs its own failures.
    }
    this.schedule(Math.max(0, this.options.intervalMs - duration));
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 300) || 'unknown error';
}
