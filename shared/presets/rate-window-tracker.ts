// When to look for the scrape interval again and which window to use meanwhile, for `rateWindow: auto`. Pure:
// the source does the probing and passes the time in.
import type { RateWindowInfo } from '../model';
import { FALLBACK_RATE_WINDOW, rateWindowFor } from './rate-window';

/** A found interval is re-checked this often: a changed scrape config shows within minutes. */
export const RECHECK_MS = 10 * 60_000;
/** Until one is found, retries back off from this... */
export const FIRST_RETRY_MS = 5_000;
/** ...to this. */
export const MAX_RETRY_MS = 5 * 60_000;

export class RateWindowTracker {
  private current: RateWindowInfo;
  private nextProbeAt = 0;
  private retryMs = FIRST_RETRY_MS;
  private found = false;

  /** `metric` names the probed counter in the reasons shown on screen. */
  constructor(private readonly metric: string) {
    this.current = { window: FALLBACK_RATE_WINDOW, auto: true, scrapeIntervalSeconds: null, reason: `fallback ${FALLBACK_RATE_WINDOW}: not measured yet` };
  }

  get info(): RateWindowInfo {
    return this.current;
  }

  /** Whether a probe is due at `now`. */
  due(now: number): boolean {
    return now >= this.nextProbeAt;
  }

  /** A probe measured the interval. Returns true when the window in use changed. */
  measured(scrapeIntervalSeconds: number, now: number): boolean {
    const window = rateWindowFor(scrapeIntervalSeconds);
    const changed = window !== this.current.window;
    this.current = {
      window,
      auto: true,
      scrapeIntervalSeconds,
      reason: `4 × the ${scrapeIntervalSeconds} s scrape interval of ${this.metric}`,
    };
    this.found = true;
    this.nextProbeAt = now + RECHECK_MS;
    this.retryMs = FIRST_RETRY_MS;
    return changed;
  }

  /**
   * A probe could not tell the interval (no series yet, too few samples, an error). A window found before is
   * kept (the interval has not changed because one probe failed); else the fallback, retried with back-off.
   * Returns true when what is shown changed.
   */
  unmeasured(why: string, now: number): boolean {
    if (this.found) {
      this.nextProbeAt = now + this.retryMs;
      this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
      return false;
    }
    const reason = `fallback ${FALLBACK_RATE_WINDOW}: ${why}`;
    const changed = reason !== this.current.reason;
    this.current = { window: FALLBACK_RATE_WINDOW, auto: true, scrapeIntervalSeconds: null, reason };
    this.nextProbeAt = now + this.retryMs;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    return changed;
  }
}
