// The fan-out as displays meet it (issue 14, load): a 2,000-service demo whose every rate changes each poll.
// A display on the renderer's own link (HubConnection over the browser transport, gzip frames, positional
// rates) ends with exactly the hub's /api/graph; a display that stops reading gets the newest graph when it
// reads again, not the updates it missed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { HubConnection, type Clock } from '../../renderer/app/connection';
import { webSocketTransport } from '../../renderer/app/ws-transport';
import { applyDiff } from '../../shared/diff';
import type { Graph } from '../../shared/model';
import { WS_SUBPROTOCOL, WS_SUBPROTOCOL_GZIP, decodeServerMessage, type ServerMessage } from '../../shared/protocol';
import { toVizceral } from '../../shared/vizceral';
import { untilWithin } from './helpers/until';

const until = untilWithin(60_000);
const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms) as unknown as number,
  clearTimeout: (id) => clearTimeout(id),
  random: () => Math.random(),
};

let hub: RunningHub;
/** The hub's clock: the demo's rates follow it, so each poll the test makes is 5 s later and every rate moves. */
let t = Date.now();
async function nextPoll(): Promise<void> {
  t += 5_000;
  await hub.pollNow();
}

async function hubState(): Promise<{ seq: number; serverUpdateTime: number }> {
  return (await (await fetch(hub.url + 'api/status')).json()) as { seq: number; serverUpdateTime: number };
}

async function droppedUpdates(): Promise<number> {
  const text = await (await fetch(hub.url + 'metrics')).text();
  return Number(/^flowsight_ws_dropped_updates_total (\S+)$/m.exec(text)?.[1] ?? 0);
}

describe('fan-out of a 2,000-service graph whose every rate changes', () => {
  beforeAll(async () => {
    // The browser transport runs on Node's WebSocket stand-in: same events, binaryType and protocol.
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 3600, // polled by the test, one graph at a time
      now: () => t,
      staticDir: mkdtempSync(join(tmpdir(), 'flowsight-fanout-')),
      sources: [{ name: 'demo', type: 'demo', regions: 4, servicesPerRegion: 500 }],
    });
    await until(hubState, (s) => s.seq >= 1);
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
  });

  it('a renderer link on gzip frames applies positional updates to exactly the graph /api/graph serves', async () => {
    let latest: Graph | null = null;
    const kinds: string[] = [];
    const connection = new HubConnection({
      url: hub.url.replace(/^http/, 'ws') + 'ws',
      transport: webSocketTransport,
      clock,
      onGraph: (event) => {
        latest = event.graph;
        kinds.push(event.kind);
      },
      onStatus: () => undefined,
    });
    // What arrives on the wire, to prove it was gzip and positional: a second, raw display beside it.
    const raw = new WebSocket(hub.url.replace(/^http/, 'ws') + 'ws', [WS_SUBPROTOCOL_GZIP, WS_SUBPROTOCOL]);
    const frames: Array<{ binary: boolean; message: ServerMessage }> = [];
    raw.on('message', (data: Buffer, isBinary) => {
      frames.push({ binary: isBinary, message: decodeServerMessage((isBinary ? gunzipSync(data) : data).toString()) });
    });
    connection.start();
    try {
      await until(() => kinds, (k) => k.includes('snapshot'));
      for (let i = 0; i < 4; i++) await nextPoll();
      const state = await hubState();
      await until(() => latest, (g) => g?.serverUpdateTime === state.serverUpdateTime);
      expect(kinds.filter((k) => k === 'update').length).toBeGreaterThanOrEqual(3);
      const served = await (await fetch(hub.url + 'api/graph')).json();
      expect(toVizceral(latest!)).toEqual(served);

      expect(raw.protocol).toBe(WS_SUBPROTOCOL_GZIP);
      const updates = frames.filter((f) => f.message.type === 'update');
      expect(updates.length).toBeGreaterThanOrEqual(3);
      expect(frames.every((f) => f.binary)).toBe(true);
      const last = updates.at(-1)!.message;
      if (last.type !== 'update') throw new Error('not an update');
      expect(last.diff.regions.upsert.every((r) => r.connValues !== undefined && r.rates === undefined)).toBe(true);
    } finally {
      connection.stop();
      raw.close();
    }
  }, 120_000);

  it('a display that stops reading gets the newest graph when it reads again, not the updates it missed', async () => {
    const socket = new WebSocket(hub.url.replace(/^http/, 'ws') + 'ws', [WS_SUBPROTOCOL]);
    let graph: Graph | null = null;
    let seq = -1;
    const received: ServerMessage[] = [];
    socket.on('message', (data: Buffer) => {
      const message = decodeServerMessage(data.toString());
      received.push(message);
      if (message.type === 'snapshot') graph = message.graph;
      if (message.type === 'update' && message.base === seq && graph) graph = applyDiff(graph, message.diff);
      if (message.type !== 'error') seq = message.seq;
    });
    await until(() => seq, (s) => s >= 1);
    const pausedAt = seq;
    const droppedBefore = await droppedUpdates();
    const underlying = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    underlying.pause();
    // Polls until the hub has skipped this display at least twice (the kernel's buffers take the first few).
    let polls = 0;
    while ((await droppedUpdates()) < droppedBefore + 2 && polls < 300) {
      await nextPoll();
      polls++;
    }
    expect(await droppedUpdates()).toBeGreaterThanOrEqual(droppedBefore + 2);
    const countAtPause = received.length;
    underlying.resume();
    // Once it has drained, the next graph reaches it as a snapshot of that graph.
    let state = await hubState();
    for (let i = 0; i < 50 && seq !== state.seq; i++) {
      await nextPoll();
      state = await hubState();
      await until(() => seq, (s) => s === state.seq, 2_000).catch(() => undefined);
    }
    expect(seq).toBe(state.seq);
    const caughtUp = received.slice(countAtPause);
    const missed = state.seq - pausedAt;
    expect(caughtUp.length).toBeLessThan(missed);
    expect(caughtUp.some((m) => m.type === 'snapshot' && m.seq === state.seq)).toBe(true);
    const served = await (await fetch(hub.url + 'api/graph')).json();
    expect(toVizceral(graph!)).toEqual(served);
    socket.close();
  }, 180_000);
});
