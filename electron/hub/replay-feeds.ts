// Replay feeds: displays that asked for `replay(from, speed)` get the graph of the instant the replay is at,
// rebuilt from the hub's timeline. Displays on the same feed (same `from` and speed) share one computation
// and one encoded message per step.
import { PROTOCOL_VERSION, encode, type FeedRequest, type IslandConfig, type ServerMessage } from '../../shared/protocol';
import type { SourceStatus } from '../../shared/model';
import type { HubTimeline, TimelineSource } from './timeline';
import type { FeedClient } from './ws-hub';

/** How often a playing replay steps, wall-clock ms. */
const STEP_MS = 1000;

interface Feed {
  key: string;
  from: number;
  speed: number;
  startedWall: number;
  clients: Map<number, FeedClient>;
  timer: NodeJS.Timeout | null;
  last: Buffer | null;
  computing: boolean;
}

export interface ReplayFeedsOptions {
  timeline: HubTimeline;
  sources: () => TimelineSource[];
  statuses: () => SourceStatus[];
  intervalSeconds: number;
  islands?: IslandConfig;
  now: () => number;
  log: (line: string) => void;
}

export class ReplayFeeds {
  private readonly feeds = new Map<string, Feed>();
  private seq = 0;

  constructor(private readonly options: ReplayFeedsOptions) {}

  /** Number of feeds being computed (one per distinct replay, however many displays watch it). */
  get size(): number {
    return this.feeds.size;
  }

  subscribe(client: FeedClient, request: FeedRequest): void {
    if (request.kind !== 'replay') return;
    const key = `${request.from}|${request.speed}`;
    let feed = this.feeds.get(key);
    if (!feed) {
      feed = { key, from: request.from, speed: request.speed, startedWall: this.options.now(), clients: new Map(), timer: null, last: null, computing: false };
      this.feeds.set(key, feed);
      const started = feed;
      // A paused replay repeats its instant every poll interval: the display's watchdog must not call the hub silent.
      feed.timer =
        feed.speed > 0
          ? setInterval(() => void this.step(started), STEP_MS)
          : setInterval(() => {
              if (started.last) for (const client of started.clients.values()) client.send(started.last);
            }, this.options.intervalSeconds * 1000);
      feed.timer.unref?.();
      feed.clients.set(client.id, client);
      void this.step(feed);
      return;
    }
    feed.clients.set(client.id, client);
    if (feed.last) client.send(feed.last);
  }

  leave(client: FeedClient): void {
    for (const feed of this.feeds.values()) {
      if (!feed.clients.delete(client.id) || feed.clients.size > 0) continue;
      if (feed.timer) clearInterval(feed.timer);
      this.feeds.delete(feed.key);
    }
  }

  close(): void {
    for (const feed of this.feeds.values()) if (feed.timer) clearInterval(feed.timer);
    this.feeds.clear();
  }

  /** The instant a feed is at: `from`, advanced by the wall time since it started × speed, never past now. */
  private instantOf(feed: Feed): number {
    const now = this.options.now();
    return Math.min(now, feed.from + (now - feed.startedWall) * feed.speed);
  }

  private async step(feed: Feed): Promise<void> {
    if (feed.computing) return; // a slow source must not pile up steps
    feed.computing = true;
    try {
      const at = Math.floor(this.instantOf(feed));
      const instant = await this.options.timeline.graphAt(at, this.options.sources());
      const graph = instant?.graph ?? { serverUpdateTime: at, regions: [], connections: [] };
      const noData = instant
        ? instant.sources.filter((s) => s.answeredBy === 'none').map((s) => ({ name: s.name, reason: s.reason ?? 'no data for this source' }))
        : this.options.sources().map((s) => ({ name: s.source.name, reason: 'no data for this source at that instant' }));
      this.seq += 1;
      const message: ServerMessage = {
        type: 'snapshot',
        v: PROTOCOL_VERSION,
        seq: this.seq,
        interval: this.options.intervalSeconds,
        serverTime: this.options.now(),
        graph,
        sources: this.options.statuses(),
        feed: { kind: 'replay', from: feed.from, speed: feed.speed, at, noData },
        ...(this.options.islands ? { islands: this.options.islands } : {}),
      };
      feed.last = Buffer.from(encode(message));
      for (const client of feed.clients.values()) client.send(feed.last);
    } catch (error) {
      this.options.log(`replay ${new Date(feed.from).toISOString()} ×${feed.speed}: ${(error as Error).message}`);
    } finally {
      feed.computing = false;
    }
  }
}
