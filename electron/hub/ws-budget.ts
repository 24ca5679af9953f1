// Per-display budgets for what a WebSocket client may send: a token bucket for messages and one for bytes,
// so a burst of resyncs passes and a flood is refused. Pure (time injected) so the limits are unit-tested.

export interface WsLimits {
  /** Client messages per second, sustained; twice as many may come in one burst. */
  messagesPerSecond: number;
  /** Client bytes per second, sustained; twice as many may come in one burst. */
  bytesPerSecond: number;
  /** Error replies per second to one display; malformed frames beyond it are dropped without a reply. */
  errorRepliesPerSecond: number;
  /**
   * A send buffer above which a resync's snapshot waits for the drain, and which a display must not sit
   * above without draining between heartbeats. (Updates are skipped as soon as anything is still unsent.)
   */
  highWaterBytes: number;
  /** A send buffer above which the display is closed: it is not reading, and the hub must not hold its backlog. */
  maxBufferedBytes: number;
  /** Open displays at most; further upgrades get 503. */
  maxClients: number;
  /** Ping period; a display that neither answers our ping nor drains its buffer within one is dropped. */
  heartbeatMs: number;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  messagesPerSecond: 20,
  bytesPerSecond: 64 * 1024,
  errorRepliesPerSecond: 1,
  highWaterBytes: 4 * 1024 * 1024,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxClients: 2000,
  heartbeatMs: 30_000,
};

/** A developer typing at a hub by hand sees the first few errors at once; a flood sees one a second. */
const ERROR_REPLY_BURST = 4;

/** A token bucket: `take(n)` is false once more than `burst` was asked for faster than `ratePerSecond` refills. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(amount: number, now: number): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

/** The inbound budget of one display. `admit` says whether a frame of `bytes` is within it. */
export class InboundBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly errors: TokenBucket;

  constructor(limits: WsLimits, now: number) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.bytesPerSecond * 2, now);
    this.errors = new TokenBucket(limits.errorRepliesPerSecond, ERROR_REPLY_BURST, now);
  }

  /** 'messages' or 'bytes' when the frame is over budget, else null. */
  admit(bytes: number, now: number): 'messages' | 'bytes' | null {
    if (!this.messages.take(1, now)) return 'messages';
    if (!this.bytes.take(bytes, now)) return 'bytes';
    return null;
  }

  /** Whether an error reply may be sent now: replies never outnumber what a display could cause per second. */
  mayReplyError(now: number): boolean {
    return this.errors.take(1, now);
  }
}
