import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GraphDiff } from '../../shared/diff';
import type { Graph, SourceStatus } from '../../shared/model';
import { PROTOCOL_VERSION, WS_SUBPROTOCOL, decodeClientMessage, encode, type FeedRequest, type ServerMessage } from '../../shared/protocol';
import type { HubMetrics } from './metrics';

/** A display's send buffer above which it is skipped; it gets a fresh snapshot once it has drained. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

interface Display {
  id: number;
  socket: WebSocket;
  needsSnapshot: boolean;
  alive: boolean;
  /** A display on a replay feed gets that feed's messages instead of the live ones. */
  replaying?: boolean;
  refused?: number;
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
  now?: () => number;
  /** A display asked for a feed other than live (replay); the WsHub stops sending it live messages. */
  onSubscribe?: (client: FeedClient, feed: FeedRequest) => void;
  /** A display left (or went back to live): its feed must forget it. */
  onLeave?: (client: FeedClient) => void;
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
    handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });
  private readonly displays = new Set<Display>();
  private nextId = 1;
  private current: Published | null = null;
  private snapshotCache: { seq: number; bytes: Buffer } | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: WsHubOptions) {
    this.now = options.now ?? Date.now;
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.displays.size;
  }

  /** Completes an HTTP upgrade that the server has already authorised. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const offered = request.headers['sec-websocket-protocol'];
    if (offered && !offered.split(',').some((p) => p.trim() === WS_SUBPROTOCOL)) {
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nunsupported protocol; this hub speaks ${WS_SUBPROTOCOL}\n`);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.attach(ws));
  }

  private attach(socket: WebSocket): void {
    const display: Display = { id: this.nextId++, socket, needsSnapshot: true, alive: true };
    this.displays.add(display);
    this.options.metrics.wsClients.set(this.displays.size);
    socket.on('pong', () => {
      display.alive = true;
    });
    socket.on('message', (data, isBinary) => this.receive(display, data.toString(), isBinary));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      if (display.replaying) this.options.onLeave?.(this.feedClient(display));
      this.displays.delete(display);
      this.options.metrics.wsClients.set(this.displays.size);
      this.options.metrics.clientFps.remove(String(display.id));
    });
    if (this.current) this.sendSnapshot(display);
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
      // Refused, logged (the first few per display: a noisy client must not fill the journal), never fatal.
      display.refused = (display.refused ?? 0) + 1;
      if (display.refused <= 3) this.options.log?.(`display ${display.id}: refused message: ${(error as Error).message.slice(0, 200)}`);
      this.send(display, Buffer.from(encode({ type: 'error', v: PROTOCOL_VERSION, message: (error as Error).message })), 'error');
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
        if (display.socket.bufferedAmount > HIGH_WATER_BYTES) {
          this.options.metrics.wsDropped.inc();
          return;
        }
        this.send(display, bytes, 'snapshot');
      },
    };
  }

  /** Sends the new graph to every display: the diff to those up to date, a snapshot to the others. */
  publish(next: Published, diff: GraphDiff | null): void {
    const base = this.current?.seq ?? -1;
    this.current = next;
    this.snapshotCache = null;
    let update: Buffer | null = null;
    for (const display of this.displays) {
      if (display.socket.readyState !== display.socket.OPEN || display.replaying) continue;
      if (display.socket.bufferedAmount > HIGH_WATER_BYTES) {
        display.needsSnapshot = true;
        this.options.metrics.wsDropped.inc();
        continue;
      }
      if (display.needsSnapshot || !diff) {
        this.sendSnapshot(display);
        continue;
      }
      update ??= Buffer.from(encode({
        type: 'update',
        v: PROTOCOL_VERSION,
        seq: next.seq,
        base,
        serverTime: this.now(),
        diff,
        sources: next.sources,
      } satisfies ServerMessage));
      this.send(display, update, 'update');
    }
  }

  private sendSnapshot(display: Display): void {
    const current = this.current;
    if (!current) return;
    if (this.snapshotCache?.seq !== current.seq) {
      const message: ServerMessage = {
        type: 'snapshot',
        v: PROTOCOL_VERSION,
        seq: current.seq,
        interval: this.options.intervalSeconds,
        serverTime: this.now(),
        graph: current.graph,
        sources: current.sources,
      };
      this.snapshotCache = { seq: current.seq, bytes: Buffer.from(encode(message)) };
    }
    display.needsSnapshot = false;
    this.send(display, this.snapshotCache.bytes, 'snapshot');
  }

  /** Messages are encoded to UTF-8 once and the same bytes go to every display as a text frame. */
  private send(display: Display, bytes: Buffer, type: string): void {
    display.socket.send(bytes, { binary: false }, (error) => {
      if (error) display.socket.terminate();
    });
    this.options.metrics.wsBytesSent.inc(bytes.length);
    this.options.metrics.wsMessagesSent.inc({ type });
  }

  /** Drops displays that vanished without a close (a sleeping laptop, a pulled cable). */
  private checkAlive(): void {
    for (const display of this.displays) {
      if (!display.alive) {
        display.socket.terminate();
        continue;
      }
      display.alive = false;
      display.socket.ping();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const display of this.displays) display.socket.close(1001, 'hub stopping');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const display of this.displays) display.socket.terminate();
  }
}
