import { describe, expect, it } from 'vitest';
import { diffGraph } from '../../shared/diff';
import type { Graph } from '../../shared/model';
import { encode, type ServerMessage } from '../../shared/protocol';
import {
  HubConnection,
  backoffDelay,
  type Clock,
  type GraphEvent,
  type HubStatus,
  type TransportHandlers,
} from '../../renderer/app/connection';

/** Timers that only move when the test says so. */
class ManualClock implements Clock {
  time = 1_000_000;
  randomValue = 0.5;
  private nextId = 1;
  readonly pending = new Map<number, { at: number; run: () => void; ms: number }>();
  now = (): number => this.time;
  random = (): number => this.randomValue;
  setTimeout = (run: () => void, ms: number): number => {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, run, ms });
    return id;
  };
  clearTimeout = (id: number): void => {
    this.pending.delete(id);
  };
  /** Runs the earliest timer; returns its delay. */
  fireNext(): number {
    let best: [number, { at: number; run: () => void; ms: number }] | undefined;
    for (const entry of this.pending) if (!best || entry[1].at < best[1].at) best = entry;
    if (!best) throw new Error('no timer pending');
    this.pending.delete(best[0]);
    this.time = best[1].at;
    best[1].run();
    return best[1].ms;
  }
}

/** An in-memory hub end: records what the client sends and lets the test push messages or drop the link. */
class FakeLinks {
  readonly opened: { url: string; protocol: string; handlers: TransportHandlers; sent: string[]; closed: boolean }[] = [];
  factory = (url: string, protocol: string, handlers: TransportHandlers) => {
    const link = { url, protocol, handlers, sent: [] as string[], closed: false };
    this.opened.push(link);
    return {
      send: (text: string) => link.sent.push(text),
      close: () => {
        link.closed = true;
        handlers.close('closed by client');
      },
    };
  };
  get last() {
    const link = this.opened[this.opened.length - 1];
    if (!link) throw new Error('no link opened');
    return link;
  }
  push(message: ServerMessage | string): void {
    this.last.handlers.message(typeof message === 'string' ? message : encode(message));
  }
}

const rate = (normal: number, danger = 0) => ({ normal, danger, warning: 0 });

function graph(apiRps: number, time: number): Graph {
  return {
    serverUpdateTime: time,
    connections: [{ source: 'INTERNET', target: 'east', rate: rate(apiRps), class: 'normal' }],
    regions: [
      {
        name: 'east',
        updated: time,
        sources: ['demo'],
        staleSince: null,
        rate: rate(apiRps),
        class: 'normal',
        nodes: [
          { name: 'INTERNET', kind: 'internet', rate: rate(apiRps), class: 'normal' },
          { name: 'api', kind: 'service', rate: rate(apiRps), class: 'normal' },
        ],
        connections: [{ source: 'INTERNET', target: 'api', rate: rate(apiRps), class: 'normal' }],
      },
    ],
  };
}

function snapshot(seq: number, g: Graph): ServerMessage {
  return { type: 'snapshot', v: 1, seq, interval: 5, serverTime: g.serverUpdateTime, graph: g, sources: [] };
}

function update(seq: number, base: number, before: Graph, after: Graph): ServerMessage {
  return { type: 'update', v: 1, seq, base, serverTime: after.serverUpdateTime, diff: diffGraph(before, after), sources: [] };
}

function setup() {
  const clock = new ManualClock();
  const links = new FakeLinks();
  const graphs: GraphEvent[] = [];
  const statuses: HubStatus[] = [];
  const connection = new HubConnection({
    url: 'ws://hub.test/ws',
    transport: links.factory,
    clock,
    onGraph: (event) => graphs.push(event),
    onStatus: (status) => statuses.push(status),
  });
  connection.start();
  return { clock, links, graphs, statuses, connection };
}

describe('HubConnection', () => {
  it('opens the link with the flowsight.v1 subprotocol', () => {
    const { links } = setup();
    expect(links.opened).toHaveLength(1);
    expect(links.last.url).toBe('ws://hub.test/ws');
    expect(links.last.protocol).toBe('flowsight.v1');
  });

  it('applies an update on top of the snapshot', () => {
    const { links, graphs, connection } = setup();
    links.last.handlers.open();
    const g1 = graph(100, 1);
    const g2 = graph(250, 2);
    links.push(snapshot(7, g1));
    links.push(update(8, 7, g1, g2));
    expect(graphs.map((e) => e.kind)).toEqual(['snapshot', 'update']);
    expect(connection.current()).toEqual(g2);
    expect(connection.current()?.regions[0]?.nodes.find((n) => n.name === 'api')?.rate.normal).toBe(250);
    expect(links.last.sent).toEqual([]);
  });

  it('asks for a resync once on a gap in seq and ignores the update', () => {
    const { links, graphs, connection } = setup();
    links.last.handlers.open();
    const g1 = graph(100, 1);
    links.push(snapshot(7, g1));
    links.push(update(10, 9, graph(5, 1), graph(6, 2)));
    links.push(update(11, 10, graph(6, 2), graph(7, 3)));
    expect(links.last.sent.map((s) => JSON.parse(s) as unknown)).toEqual([{ type: 'resync', v: 1 }]);
    expect(graphs).toHaveLength(1);
    expect(connection.current()).toEqual(g1);
    // The resync answer restores the stream, and a later gap asks again.
    const g3 = graph(300, 3);
    links.push(snapshot(11, g3));
    links.push(update(13, 12, g3, graph(1, 4)));
    expect(links.last.sent).toHaveLength(2);
  });

  it('asks again when the resync went unanswered for a poll interval', () => {
    const { clock, links } = setup();
    links.last.handlers.open();
    links.push(snapshot(1, graph(1, 1)));
    links.push(update(5, 4, graph(1, 1), graph(2, 2)));
    clock.time += 4_000;
    links.push(update(6, 5, graph(2, 2), graph(3, 3)));
    expect(links.last.sent).toHaveLength(1);
    clock.time += 1_500;
    links.push(update(7, 6, graph(3, 3), graph(4, 4)));
    expect(links.last.sent).toHaveLength(2);
  });

  it('asks for a resync when an update patches a region it never had', () => {
    const { links, graphs } = setup();
    links.last.handlers.open();
    links.push(snapshot(1, graph(1, 1)));
    const drift: ServerMessage = {
      type: 'update',
      v: 1,
      seq: 2,
      base: 1,
      serverTime: 2,
      diff: {
        serverUpdateTime: 2,
        regions: { upsert: [{ name: 'west', nodes: { upsert: [], remove: ['x'] } }], remove: [] },
        connections: { upsert: [], remove: [] },
      },
      sources: [],
    };
    links.push(drift);
    expect(links.last.sent).toEqual([encode({ type: 'resync', v: 1 })]);
    expect(graphs).toHaveLength(1);
  });

  it('asks for a resync when a message does not decode', () => {
    const { links, statuses } = setup();
    links.last.handlers.open();
    links.push('{"type":"update","v":1}');
    expect(links.last.sent).toEqual([encode({ type: 'resync', v: 1 })]);
    expect(statuses[statuses.length - 1]?.lastError).toMatch(/server message/);
  });

  it('asks for a resync when an update arrives before any snapshot', () => {
    const { links } = setup();
    links.last.handlers.open();
    links.push(update(2, 1, graph(1, 1), graph(2, 2)));
    expect(links.last.sent).toEqual([encode({ type: 'resync', v: 1 })]);
  });

  it('reconnects with exponential backoff capped at 10 s, and resets after a snapshot', () => {
    const { clock, links, statuses } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      links.last.handlers.close('refused');
      delays.push(clock.fireNext());
    }
    // random = 0.5 → three quarters of each step: 500, 1000, 2000, 4000, 8000, then the 10 s cap.
    expect(delays).toEqual([375, 750, 1500, 3000, 6000, 7500, 7500, 7500]);
    expect(links.opened).toHaveLength(9);
    expect(statuses[statuses.length - 1]?.connected).toBe(false);

    links.last.handlers.open();
    links.push(snapshot(1, graph(1, 1)));
    expect(statuses[statuses.length - 1]).toMatchObject({ connected: true, attempt: 0, disconnectedSince: null });
    links.last.handlers.close('hub restarted');
    expect(clock.fireNext()).toBe(375);
  });

  it('keeps the last graph and reports when the link went down', () => {
    const { clock, links, statuses, connection } = setup();
    links.last.handlers.open();
    links.push(snapshot(1, graph(42, 1)));
    clock.time += 1000;
    const downAt = clock.time;
    links.last.handlers.close('hub restarted');
    expect(connection.current()?.regions[0]?.rate.normal).toBe(42);
    expect(statuses[statuses.length - 1]).toMatchObject({ connected: false, disconnectedSince: downAt, lastError: 'hub restarted' });
  });

  it('drops a link that stays silent for six poll intervals', () => {
    const { clock, links } = setup();
    links.last.handlers.open();
    links.push(snapshot(1, graph(1, 1)));
    expect(clock.fireNext()).toBe(30_000);
    expect(links.opened[0]?.closed).toBe(true);
    clock.fireNext();
    expect(links.opened).toHaveLength(2);
  });

  it('retryNow() skips the backoff wait but does nothing while connected', () => {
    const { clock, links, connection } = setup();
    links.last.handlers.open();
    connection.retryNow();
    expect(links.opened).toHaveLength(1);
    links.last.handlers.close('network down');
    expect(clock.pending.size).toBe(1);
    connection.retryNow();
    expect(links.opened).toHaveLength(2);
    expect(clock.pending.size).toBe(0);
  });

  it('stops for good: no timer left and no reconnect', () => {
    const { clock, links, connection } = setup();
    links.last.handlers.open();
    connection.stop();
    expect(clock.pending.size).toBe(0);
    expect(links.opened).toHaveLength(1);
  });

  it('sends a report with the view and a clamped frame rate', () => {
    const { links, connection } = setup();
    links.last.handlers.open();
    connection.report('#/region/east', 5000);
    expect(JSON.parse(links.last.sent[0] ?? 'null')).toEqual({ type: 'report', v: 1, view: '#/region/east', fps: 1000 });
  });
});

describe('backoffDelay()', () => {
  it('spans half to all of each step with jitter', () => {
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(0, 0.999)).toBe(500);
    expect(backoffDelay(3, 0)).toBe(2000);
    expect(backoffDelay(50, 0.999)).toBe(9995);
  });
});
