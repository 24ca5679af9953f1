// The live link to the hub (CONTRACT.md → `ws://HOST:PORT/ws`, shared/protocol.ts). Every message is
// validated; updates apply as diffs on the last snapshot; a gap in seq or a message that does not decode
// asks for a resync; a lost link reconnects with capped exponential backoff and jitter, forever, so that a
// wall display never needs a click. Transport and timers are injected so that tests run in Node.
import { applyDiff, type GraphDiff } from '../../shared/diff';
import type { Graph, SourceStatus } from '../../shared/model';
import {
  PROTOCOL_VERSION,
  WS_SUBPROTOCOL,
  decodeServerMessage,
  encode,
  type ClientMessage,
  type FeedRequest,
  type FeedState,
  type IslandConfig,
  type ServerMessage,
} from '../../shared/protocol';

export interface TransportHandlers {
  open(): void;
  message(data: string): void;
  /** Called once when the link ends, whoever ended it. */
  close(reason: string): void;
}

export interface Transport {
  send(text: string): void;
  close(): void;
}

export type TransportFactory = (url: string, protocol: string, handlers: TransportHandlers) => Transport;

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /** Uniform in [0, 1), for jitter. */
  random(): number;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 10_000 };

/**
 * Delay before reconnect attempt `attempt` (0-based): the exponential step, capped, with "equal jitter"
 * (half fixed, half random) so that a hall of wall displays does not reconnect in lockstep after a restart.
 */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + (random * step) / 2);
}

/** What the client knows about the hub and its data, as of the last event. */
export interface HubStatus {
  connected: boolean;
  /** Client epoch ms of the last valid message, or null before the first one. */
  lastMessageAt: number | null;
  /** Client epoch ms since which the link is down, or null while it is up. */
  disconnectedSince: number | null;
  /** Poll interval in seconds, from the last snapshot. */
  interval: number;
  sources: SourceStatus[];
  /** The last error the hub sent or the last reason the link failed, for the status strip. */
  lastError: string | null;
  /** Reconnect attempts since the last snapshot. */
  attempt: number;
  /** Hub clock minus this display's clock, ms, from the last message's serverTime (data ages use hub time). */
  serverOffsetMs?: number;
}

export interface GraphEvent {
  graph: Graph;
  kind: 'snapshot' | 'update';
  /** performance-style timestamp of the message's arrival, for the update → pixels latency. */
  arrivedAt: number;
  /** Set when the graph is a replay feed's instant; absent: live. */
  feed?: FeedState;
  /** A snapshot's island settings (config `groupBy`, `islandsAbove`); absent: the defaults. */
  islands?: IslandConfig;
}

export interface ConnectionOptions {
  url: string;
  transport: TransportFactory;
  clock: Clock;
  /** High-resolution time for latency figures; defaults to clock.now. */
  hrNow?: () => number;
  backoff?: BackoffPolicy;
  onGraph(event: GraphEvent): void;
  onStatus(status: HubStatus): void;
}

/** applyDiff skips a patch for a region it does not know that brings no header; that is drift, so resync. */
function appliesTo(graph: Graph, diff: GraphDiff): boolean {
  const known = new Set(graph.regions.map((r) => r.name));
  return diff.regions.upsert.every((patch) => patch.header !== undefined || known.has(patch.name));
}

/** A link that delivered nothing for this many poll intervals is presumed dead (a sleeping laptop's socket). */
const SILENT_INTERVALS = 6;
const MIN_SILENT_MS = 20_000;

export class HubConnection {
  private transport: Transport | null = null;
  private graph: Graph | null = null;
  private seq: number | null = null;
  /** Client epoch ms of the resync request in flight, or null. */
  private resyncRequestedAt: number | null = null;
  private reconnectTimer: number | null = null;
  private watchdogTimer: number | null = null;
  private stopped = true;
  private readonly status: HubStatus;
  private readonly hrNow: () => number;

  constructor(private readonly options: ConnectionOptions) {
    this.hrNow = options.hrNow ?? (() => options.clock.now());
    this.status = {
      connected: false,
      lastMessageAt: null,
      disconnectedSince: options.clock.now(),
      interval: 5,
      sources: [],
      lastError: null,
      attempt: 0,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const transport = this.transport;
    this.transport = null;
    transport?.close();
  }

  /**
   * Skips the backoff wait: the network came back or the screen woke up, so trying now is cheap and a
   * wall should not sit out the rest of a 10 s delay. Does nothing while connected.
   */
  retryNow(): void {
    if (this.stopped || this.reconnectTimer === null) return;
    this.options.clock.clearTimeout(this.reconnectTimer);
    this.open();
  }

  current(): Graph | null {
    return this.graph;
  }

  private feed: FeedRequest = { kind: 'live' };

  snapshotStatus(): Readonly<HubStatus> {
    return this.status;
  }

  /** Tells the hub what this display shows and how fast it draws (its per-client metrics). */
  report(view: string, fps: number): void {
    const clamped = Number.isFinite(fps) ? Math.min(1000, Math.max(0, fps)) : 0;
    this.send({ type: 'report', v: PROTOCOL_VERSION, view: view.slice(0, 512), fps: clamped });
  }

  /** The feed this display asks for; sent now and after every reconnect (the hub starts each link on live). */
  setFeed(feed: FeedRequest): void {
    this.feed = feed;
    this.send({ type: 'subscribe', v: PROTOCOL_VERSION, feed });
  }

  private send(message: ClientMessage): void {
    if (!this.transport || !this.status.connected) return;
    this.transport.send(encode(message));
  }

  private open(): void {
    this.reconnectTimer = null;
    if (this.stopped) return;
    let ended = false;
    const transport = this.options.transport(this.options.url, WS_SUBPROTOCOL, {
      open: () => {
        if (ended || this.transport !== transport) return;
        this.status.connected = true;
        this.status.disconnectedSince = null;
        this.resyncRequestedAt = null;
        this.armWatchdog();
        this.emitStatus();
        if (this.feed.kind !== 'live') this.send({ type: 'subscribe', v: PROTOCOL_VERSION, feed: this.feed });
      },
      message: (data) => {
        if (ended || this.transport !== transport) return;
        this.receive(data);
      },
      close: (reason) => {
        if (ended) return;
        ended = true;
        if (this.transport !== transport) return;
        this.lost(reason);
      },
    });
    this.transport = transport;
  }

  private receive(data: string): void {
    const arrivedAt = this.hrNow();
    let message: ServerMessage;
    try {
      message = decodeServerMessage(data);
    } catch (error) {
      this.status.lastError = error instanceof Error ? error.message : String(error);
      this.requestResync();
      this.emitStatus();
      return;
    }
    this.status.lastMessageAt = this.options.clock.now();
    if (message.type !== 'error') this.status.serverOffsetMs = message.serverTime - this.status.lastMessageAt;
    this.armWatchdog();
    switch (message.type) {
      case 'snapshot':
        this.graph = message.graph;
        this.seq = message.seq;
        this.resyncRequestedAt = null;
        this.status.interval = message.interval;
        this.status.sources = message.sources;
        this.status.lastError = null;
        this.status.attempt = 0; // only a hub that delivers data counts as recovered
        this.options.onGraph({ graph: message.graph, kind: 'snapshot', arrivedAt, ...(message.feed ? { feed: message.feed } : {}), ...(message.islands ? { islands: message.islands } : {}) });
        break;
      case 'update':
        this.status.sources = message.sources;
        if (this.graph === null || this.seq === null || message.base !== this.seq || !appliesTo(this.graph, message.diff)) {
          this.requestResync();
          break;
        }
        try {
          this.graph = applyDiff(this.graph, message.diff);
        } catch (error) {
          // Positional values that do not fit the lists they are for: this display drifted.
          this.status.lastError = error instanceof Error ? error.message : String(error);
          this.requestResync();
          break;
        }
        this.seq = message.seq;
        this.options.onGraph({ graph: this.graph, kind: 'update', arrivedAt });
        break;
      case 'error':
        this.status.lastError = message.message;
        break;
    }
    this.emitStatus();
  }

  /**
   * One resync in flight at a time: further gaps before the snapshot arrives would only repeat it. If no
   * snapshot came within a poll interval (at least 5 s), the request was lost or refused: ask again.
   */
  private requestResync(): void {
    const now = this.options.clock.now();
    const patience = Math.max(5_000, this.status.interval * 1000);
    if (this.resyncRequestedAt !== null && now - this.resyncRequestedAt < patience) return;
    this.resyncRequestedAt = now;
    this.send({ type: 'resync', v: PROTOCOL_VERSION });
  }

  private lost(reason: string): void {
    this.transport = null;
    this.clearTimers();
    this.status.connected = false;
    this.status.disconnectedSince ??= this.options.clock.now();
    if (reason) this.status.lastError = reason;
    this.seq = null; // the next snapshot replaces the graph; keep showing the old one (greyed) till then
    this.emitStatus();
    if (this.stopped) return;
    const delay = backoffDelay(this.status.attempt, this.options.clock.random(), this.options.backoff);
    this.status.attempt += 1;
    this.reconnectTimer = this.options.clock.setTimeout(() => this.open(), delay);
  }

  private armWatchdog(): void {
    if (this.watchdogTimer !== null) this.options.clock.clearTimeout(this.watchdogTimer);
    const ms = Math.max(MIN_SILENT_MS, SILENT_INTERVALS * this.status.interval * 1000);
    this.watchdogTimer = this.options.clock.setTimeout(() => {
      this.watchdogTimer = null;
      const transport = this.transport;
      if (!transport) return;
      this.lost(`no message from the hub for ${Math.round(ms / 1000)} s`);
      transport.close();
    }, ms);
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) this.options.clock.clearTimeout(this.reconnectTimer);
    if (this.watchdogTimer !== null) this.options.clock.clearTimeout(this.watchdogTimer);
    this.reconnectTimer = null;
    this.watchdogTimer = null;
  }

  private emitStatus(): void {
    this.options.onStatus({ ...this.status, sources: this.status.sources.slice() });
  }
}
