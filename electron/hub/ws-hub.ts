import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { GraphDiff } from '../../shared/diff';
import type { Graph, SourceStatus } from '../../shared/model';
import { PROTOCOL_VERSION, WS_SUBPROTOCOL, WS_SUBPROTOCOL_GZIP, decodeClientMessage, encode, type FeedRequest, type IslandConfig, type ServerMessage } from '../../shared/protocol';
import type { HubMetrics } from './metrics';
import { DEFAULT_WS_LIMITS, InboundBudget, type WsLimits } from './ws-budget';

const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
/** Error replies wait for a display that has read what it was sent. */
const ERROR_REPLY_MAX_BUFFERED = 16 * 1024;
/** RFC 6455 §7.4.1: 1008 = policy violation. */
const POLICY_VIOLATION = 1008;
/** A closing display still unread after this is cut off: its close frame waits behind what it never read. */
const CLOSE_GRACE_MS = 1000;
/**
 * Displays sent to per turn of the event loop: between turns the poll loop, /healthz and other displays'
 * messages run, so a fan-out to thousands never holds the hub for the whole of it.
 */
const SENDS_PER_TURN = 250;
/** Fast and nearly as small as level 9 on JSON of numbers; once per message, not per display. */
const GZIP_LEVEL = 3;

export type PolicyReason = 'messages' | 'bytes' | 'buffer' | 'heartbeat';

interface Display {
  id: number;
  socket: WebSocket;
  needsSnapshot: boolean;
  budget: InboundBudget;
  /** The payload of our unanswered ping; a pong counts only when it echoes it (RFC 6455 §5.5.3). */
  pingNonce: Buffer | null;
  /** The send buffer at the last heartbeat, to tell a display that drains from one that does not read. */
  bufferedAtLastBeat: number;
  closing: boolean;
  /** Chose WS_SUBPROTOCOL_GZIP: gets every message gzip-compressed in a binary frame. */
  gzip: boolean;
  /** The seq of the last live message queued to it (snapshot or update). */
  sentSeq: number;
  /** A display on a replay feed gets that feed's messages instead of the live ones. */
  replaying?: boolean;
  refused?: number;
  /** The callback of every send to it (one closure per display, not one per message). */
  onSent: (error?: Error | null) => void;
}

/**
 * What one fan-out round cost (for `npm run bench -- fanout`): CPU milliseconds of this process for encoding,
 * compressing and the sends, and wall milliseconds from publish() to the last display's send.
 */
export interface RoundTrace {
  seq: number;
  /** Displays connected when the round began. */
  displays: number;
  encodeMs: number;
  gzipMs: number;
  /** CPU of all turns' sends together (ws framing and the socket writes). */
  sendCpuMs: number;
  turns: number;
  /** The longest single turn, wall ms: how long the poll loop and /healthz could have waited. */
  maxTurnMs: number;
  wallMs: number;
  /** CPU of this process over that wall time (the sends' write callbacks and anything else the loop ran). */
  roundCpuMs: number;
  updates: number;
  snapshots: number;
  /** Displays skipped because they still held unsent bytes (they get a snapshot once drained). */
  skipped: number;
  bytes: number;
  /** The next graph was published before this round reached every display. */
  cut: boolean;
}

interface Round {
  seq: number;
  pending: Display[];
  timer: NodeJS.Immediate;
  trace: RoundTrace;
  publishedAt: number;
  cpuAtPublish: NodeJS.CpuUsage;
  then?: () => void;
}

/** A display as a feed sees it: where to send that feed's (pre-encoded) messages. */
export interface FeedClient {
  readonly id: number;
  send(bytes: Buffer): void;
}

export interface Published {
  seq: number;
  graph: Graph;
  sources: SourceStatus[];
}

export interface WsHubOptions {
  metrics: HubMetrics;
  intervalSeconds: number;
  /** Sent with every snapshot: how displays group big regions. */
  islands?: IslandConfig;
  limits?: Partial<WsLimits>;
  now?: () => number;
  /** A display asked for a feed other than live (replay); the WsHub stops sending it live messages. */
  onSubscribe?: (client: FeedClient, feed: FeedRequest) => void;
  /** A display left (or went back to live): its feed must forget it. */
  onLeave?: (client: FeedClient) => void;
  /** Each fan-out round's costs, once it has gone out. */
  onRound?: (trace: RoundTrace) => void;
  log?: (line: string) => void;
}

/**
 * Fans the graph out to every display. Each message is encoded once and the same string goes to all
 * displays; a slow display is skipped (never awaited) so it cannot slow the poll loop or the others.
 */
export class WsHub {
  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    perMessageDeflate: false,
    // A client naming protocols must name ours; a client naming none (curl, websocat) speaks v1 by default.
    handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL_GZIP) ? WS_SUBPROTOCOL_GZIP : protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });
  /** Each message compressed once, whoever it goes to (keyed by the encoded text's Buffer). */
  private readonly compressed = new WeakMap<Buffer, Buffer>();
  /** The fan-out of the last update, while it is still going out turn by turn. */
  private round: Round | null = null;
  private readonly displays = new Set<Display>();
  private nextId = 1;
  private current: Published | null = null;
  private snapshotCache: { seq: number; bytes: Buffer } | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly now: () => number;
  readonly limits: WsLimits;

  constructor(private readonly options: WsHubOptions) {
    this.now = options.now ?? Date.now;
    this.limits = { ...DEFAULT_WS_LIMITS, ...options.limits };
    this.heartbeat = setInterval(() => this.checkAlive(), this.limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.displays.size;
  }

  /** Completes an HTTP upgrade that the server has already authorised. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const offered = request.headers['sec-websocket-protocol'];
    if (offered && !offered.split(',').some((p) => p.trim() === WS_SUBPROTOCOL || p.trim() === WS_SUBPROTOCOL_GZIP)) {
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nunsupported protocol; this hub speaks ${WS_SUBPROTOCOL}\n`);
      return;
    }
    if (this.displays.size >= this.limits.maxClients) {
      this.options.metrics.wsRefused.inc({ reason: 'capacity' });
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nRetry-After: 30\r\nConnection: close\r\n\r\ntoo many displays on this hub\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.attach(ws));
  }

  private attach(socket: WebSocket): void {
    const display: Display = {
      id: this.nextId++,
      socket,
      needsSnapshot: true,
      budget: new InboundBudget(this.limits, this.now()),
      pingNonce: null,
      bufferedAtLastBeat: 0,
      closing: false,
      gzip: socket.protocol === WS_SUBPROTOCOL_GZIP,
      sentSeq: -1,
      onSent: (error) => {
        if (error) socket.terminate();
      },
    };
    this.displays.add(display);
    this.options.metrics.wsClients.set(this.displays.size);
    // Unsolicited pongs (allowed by RFC 6455) prove nothing: only the echo of our own ping does.
    socket.on('pong', (data) => {
      if (display.pingNonce !== null && data.equals(display.pingNonce)) display.pingNonce = null;
    });
    // ws answers pings itself; they are inbound frames like any other, so they spend the same budget.
    socket.on('ping', (data) => this.admit(display, data.length));
    socket.on('message', (data, isBinary) => {
      if (this.admit(display, byteLength(data))) this.receive(display, data.toString(), isBinary);
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      if (display.replaying) this.options.onLeave?.(this.feedClient(display));
      this.displays.delete(display);
      this.options.metrics.wsClients.set(this.displays.size);
      this.options.metrics.clientFps.remove(String(display.id));
    });
    if (this.current) this.sendSnapshot(display);
  }

  /** Spends a frame from the display's budget; a display over it is closed with 1008 and counted. */
  private admit(display: Display, bytes: number): boolean {
    if (display.closing) return false;
    const over = display.budget.admit(bytes, this.now());
    if (over === null) return true;
    this.closeForPolicy(display, over);
    return false;
  }

  private closeForPolicy(display: Display, reason: PolicyReason): void {
    if (display.closing) return;
    display.closing = true;
    this.options.metrics.wsPolicyCloses.inc({ reason });
    const text = reason === 'buffer' ? 'not reading' : reason === 'heartbeat' ? 'no answer to ping' : `over the ${reason} budget`;
    display.socket.close(POLICY_VIOLATION, text);
    display.socket.pause(); // read no more of what it sends: the rest of its flood is never parsed
    setTimeout(() => display.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  private receive(display: Display, text: string, isBinary: boolean): void {
    try {
      if (isBinary) throw new Error('binary messages are not part of the protocol');
      const message = decodeClientMessage(text);
      if (message.type === 'resync') display.needsSnapshot = true;
      if (message.type === 'report') this.options.metrics.clientFps.set({ client: String(display.id) }, message.fps);
      if (message.type === 'subscribe') this.subscribe(display, message.feed);
      if (display.needsSnapshot && this.current && !display.replaying) this.sendSnapshot(display);
    } catch (error) {
      // Refused and logged (the first few per display: a noisy client must not fill the journal), never fatal.
      display.refused = (display.refused ?? 0) + 1;
      if (display.refused <= 3) this.options.log?.(`display ${display.id}: refused message: ${(error as Error).message.slice(0, 200)}`);
      // A reply per bad frame would let a client that never reads grow our memory: rate-limited, and only
      // while its buffer is drained.
      if (display.socket.bufferedAmount > ERROR_REPLY_MAX_BUFFERED || !display.budget.mayReplyError(this.now())) {
        this.options.metrics.wsErrorsSuppressed.inc();
        return;
      }
      const message = (error as Error).message.slice(0, 200);
      this.send(display, Buffer.from(encode({ type: 'error', v: PROTOCOL_VERSION, message })), 'error');
    }
  }

  private subscribe(display: Display, feed: FeedRequest): void {
    if (display.replaying) this.options.onLeave?.(this.feedClient(display));
    display.replaying = feed.kind !== 'live' && this.options.onSubscribe !== undefined;
    if (display.replaying) this.options.onSubscribe!(this.feedClient(display), feed);
    else display.needsSnapshot = true;
  }

  private feedClient(display: Display): FeedClient {
    return {
      id: display.id,
      send: (bytes) => {
        if (display.socket.readyState !== display.socket.OPEN) return;
        if (display.socket.bufferedAmount > this.limits.highWaterBytes) {
          this.options.metrics.wsDropped.inc();
          return;
        }
        this.send(display, bytes, 'snapshot');
      },
    };
  }

  /**
   * Sends the new graph to every display: the diff to those up to date, a snapshot to the others. The diff
   * is encoded (and compressed) once; it goes out SENDS_PER_TURN displays per event-loop turn. A display
   * still holding unsent bytes of an earlier message is skipped: it gets a snapshot of the newest graph
   * once it has drained, never a backlog of updates.
   *
   * `then` runs once the last display has been handed its message: work no display waits for (the
   * timeline's strip, the what-if peaks) goes there, off the path from poll end to delivery. If the next
   * graph is published before this round ends, `then` runs first thing in that publish, so every `then`
   * runs exactly once and in order.
   */
  publish(next: Published, diff: GraphDiff | null, then?: () => void): void {
    const publishedAt = performance.now();
    const base = this.current?.seq ?? -1;
    // A round still going out when the next graph is ready: its remaining displays miss that update.
    if (this.round) {
      clearImmediate(this.round.timer);
      for (const display of this.round.pending) display.needsSnapshot = true;
      const cut = this.round;
      this.round = null;
      this.endRound(cut, true);
    }
    this.current = next;
    this.snapshotCache = null;
    const trace: RoundTrace = { seq: next.seq, displays: this.displays.size, encodeMs: 0, gzipMs: 0, sendCpuMs: 0, turns: 0, maxTurnMs: 0, wallMs: 0, roundCpuMs: 0, updates: 0, snapshots: 0, skipped: 0, bytes: 0, cut: false };
    const cpuAtPublish = process.cpuUsage();
    let cpu = cpuAtPublish;
    const update = diff
      ? Buffer.from(
          encode({ type: 'update', v: PROTOCOL_VERSION, seq: next.seq, base, serverTime: this.now(), diff, sources: next.sources } satisfies ServerMessage),
        )
      : null;
    cpu = lap(cpu, (ms) => (trace.encodeMs = ms));
    const pending = [...this.displays];
    // Compressed before the first send, not inside it: the first turn then is sends only.
    if (update !== null && pending.some((d) => d.gzip)) {
      this.gzipped(update);
      lap(cpu, (ms) => (trace.gzipMs = ms));
    }
    const round: Round = { seq: next.seq, pending, timer: undefined as unknown as NodeJS.Immediate, trace, publishedAt, cpuAtPublish, ...(then ? { then } : {}) };
    const turn = (): void => {
      const started = performance.now();
      const before = process.cpuUsage();
      const batch = pending.splice(0, SENDS_PER_TURN);
      for (const display of batch) this.deliver(display, next.seq, base, update, trace);
      lap(before, (ms) => (trace.sendCpuMs += ms));
      trace.turns += 1;
      trace.maxTurnMs = Math.max(trace.maxTurnMs, performance.now() - started);
      if (pending.length > 0) {
        round.timer = setImmediate(turn);
        return;
      }
      if (this.round === round) this.round = null;
      if (batch.length > 0) this.options.metrics.wsFanout.observe(Math.max(0, this.now() - next.graph.serverUpdateTime) / 1000);
      this.endRound(round, false);
    };
    this.round = round;
    turn();
  }

  /** A round has gone out (or was cut short by the next graph): counted once, then its `then`. */
  private endRound(round: Round, cut: boolean): void {
    const { trace } = round;
    trace.cut = cut;
    trace.wallMs = performance.now() - round.publishedAt;
    lap(round.cpuAtPublish, (ms) => (trace.roundCpuMs = ms));
    const metrics = this.options.metrics;
    if (trace.updates > 0) metrics.wsMessagesSent.inc({ type: 'update' }, trace.updates);
    if (trace.snapshots > 0) metrics.wsMessagesSent.inc({ type: 'snapshot' }, trace.snapshots);
    if (trace.skipped > 0) metrics.wsDropped.inc(trace.skipped);
    if (trace.bytes > 0) metrics.wsBytesSent.inc(trace.bytes);
    this.options.onRound?.(trace);
    round.then?.();
  }

  private deliver(display: Display, seq: number, base: number, update: Buffer | null, trace: RoundTrace): void {
    if (display.closing || display.socket.readyState !== display.socket.OPEN || display.replaying) return;
    if (display.sentSeq >= seq) return; // a resync already gave it this graph
    if (display.socket.bufferedAmount > 0) {
      display.needsSnapshot = true;
      trace.skipped += 1;
      return;
    }
    if (display.needsSnapshot || update === null || display.sentSeq !== base) {
      if (this.sendSnapshot(display, trace)) trace.snapshots += 1;
      return;
    }
    display.sentSeq = seq;
    if (this.send(display, update, 'update', trace)) trace.updates += 1;
  }

  /** Sends the newest graph whole; false when it must wait for the display's buffer to drain (or was refused). */
  private sendSnapshot(display: Display, trace?: RoundTrace): boolean {
    const current = this.current;
    if (!current) return false;
    // A resync while the last snapshot is still queued waits for the drain: one snapshot in flight at most.
    if (display.socket.bufferedAmount > this.limits.highWaterBytes) {
      display.needsSnapshot = true;
      return false;
    }
    if (this.snapshotCache?.seq !== current.seq) {
      const message: ServerMessage = {
        type: 'snapshot',
        v: PROTOCOL_VERSION,
        seq: current.seq,
        interval: this.options.intervalSeconds,
        serverTime: this.now(),
        graph: current.graph,
        sources: current.sources,
        ...(this.options.islands ? { islands: this.options.islands } : {}),
      };
      this.snapshotCache = { seq: current.seq, bytes: Buffer.from(encode(message)) };
    }
    display.needsSnapshot = false;
    display.sentSeq = current.seq;
    return this.send(display, this.snapshotCache.bytes, 'snapshot', trace);
  }

  /**
   * Messages are encoded to UTF-8 once and the same bytes go to every display as a text frame, or
   * compressed once and the same gzip to every display that chose WS_SUBPROTOCOL_GZIP, as a binary frame.
   * Inside a fan-out round the counters are added up once at its end (`trace`), not per display.
   */
  private send(display: Display, text: Buffer, type: 'update' | 'snapshot' | 'error', trace?: RoundTrace): boolean {
    const bytes = display.gzip ? this.gzipped(text) : text;
    if (display.socket.bufferedAmount + bytes.length > this.limits.maxBufferedBytes) {
      this.closeForPolicy(display, 'buffer');
      return false;
    }
    display.socket.send(bytes, { binary: display.gzip }, display.onSent);
    if (trace) {
      trace.bytes += bytes.length;
      return true;
    }
    this.options.metrics.wsBytesSent.inc(bytes.length);
    this.options.metrics.wsMessagesSent.inc({ type });
    return true;
  }

  private gzipped(text: Buffer): Buffer {
    let packed = this.compressed.get(text);
    if (!packed) {
      packed = gzipSync(text, { level: GZIP_LEVEL });
      this.compressed.set(text, packed);
    }
    return packed;
  }

  /**
   * Drops displays that vanished without a close (a sleeping laptop, a pulled cable) or stopped reading:
   * alive means our last ping was echoed AND the send buffer is empty or shrinking.
   */
  private checkAlive(): void {
    for (const display of this.displays) {
      if (display.closing) continue;
      const buffered = display.socket.bufferedAmount;
      const stuck = buffered > this.limits.highWaterBytes && buffered >= display.bufferedAtLastBeat;
      if (display.pingNonce !== null || stuck) {
        this.options.metrics.wsPolicyCloses.inc({ reason: 'heartbeat' });
        display.socket.terminate();
        continue;
      }
      display.bufferedAtLastBeat = buffered;
      display.pingNonce = randomBytes(8);
      display.socket.ping(display.pingNonce);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    const round = this.round;
    this.round = null;
    if (round) {
      clearImmediate(round.timer);
      this.endRound(round, true); // its `then` still runs: nothing waits forever on a stopping hub
    }
    for (const display of this.displays) display.socket.close(1001, 'hub stopping');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const display of this.displays) display.socket.terminate();
  }
}

/** Reports the CPU milliseconds since `since` and returns the new reading. */
function lap(since: NodeJS.CpuUsage, report: (ms: number) => void): NodeJS.CpuUsage {
  const now = process.cpuUsage();
  report((now.user - since.user + now.system - since.system) / 1000);
  return now;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}
