// Feeds over the WebSocket: a display subscribes to replay(from, speed) and gets the graph of that instant
// from the hub's timeline; two displays on the same replay share one computation (one message, same seq);
// a malformed or unknown message is refused and logged, and the display keeps its connection.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { WS_SUBPROTOCOL, decodeServerMessage, type ServerMessage, type SnapshotMessage } from '../../shared/protocol';
import { untilWithin } from './helpers/until';

let hub: RunningHub;
const logged: string[] = [];

const until = untilWithin(15_000);

async function display() {
  const socket = new WebSocket(hub.url.replace(/^http/, 'ws') + 'ws', [WS_SUBPROTOCOL]);
  const messages: ServerMessage[] = [];
  socket.on('message', (data) => messages.push(decodeServerMessage(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, snapshots: () => messages.filter((m): m is SnapshotMessage => m.type === 'snapshot') };
}

describe('replay feeds over the WebSocket', () => {
  beforeAll(async () => {
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 1,
      sources: [{ name: 'demo', type: 'demo' }],
      staticDir: mkdtempSync(join(tmpdir(), 'flowsight-static-')),
      log: (line) => logged.push(line),
    });
    await hub.pollNow();
    await hub.pollNow();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('two displays on replay(T, paused) get the graph of T, from one computation, and go back to live', async () => {
    const recorded = hub.timeline.record.times('demo')[0]!;
    const [a, b] = [await display(), await display()];
    await until(() => a.snapshots().length + b.snapshots().length, (n) => n >= 2);
    const subscribe = JSON.stringify({ type: 'subscribe', v: 1, feed: { kind: 'replay', from: recorded, speed: 0 } });
    a.socket.send(subscribe);
    const first = await until(() => a.snapshots().find((m) => m.feed), (m) => m !== undefined);
    b.socket.send(subscribe);
    const second = await until(() => b.snapshots().find((m) => m.feed), (m) => m !== undefined);
    expect(first!.feed).toEqual({ kind: 'replay', from: recorded, speed: 0, at: recorded, noData: [] });
    expect(first!.graph.serverUpdateTime).toBe(recorded);
    expect(first!.graph.regions.length).toBeGreaterThan(0);
    // One computation: the second display got the very same message.
    expect(second!.seq).toBe(first!.seq);
    expect(JSON.stringify(second!.graph)).toBe(JSON.stringify(first!.graph));

    // While replaying, live updates do not reach it.
    const countBefore = a.messages.length;
    await hub.pollNow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.messages.slice(countBefore).filter((m) => m.type === 'update' || (m.type === 'snapshot' && !m.feed))).toEqual([]);

    a.socket.send(JSON.stringify({ type: 'subscribe', v: 1, feed: { kind: 'live' } }));
    const live = await until(() => a.messages.slice(countBefore).find((m) => m.type === 'snapshot' && !m.feed), (m) => m !== undefined);
    expect(live!.type).toBe('snapshot');
    a.socket.close();
    b.socket.close();
  });

  it('a playing replay advances its instant; an unknown or malformed message is refused, logged and not fatal', async () => {
    const c = await display();
    const from = hub.timeline.record.times('demo')[0]!;
    c.socket.send(JSON.stringify({ type: 'subscribe', v: 1, feed: { kind: 'replay', from, speed: 10 } }));
    const steps = await until(() => c.snapshots().filter((m) => m.feed), (list) => list.length >= 2);
    expect(steps[1]!.feed!.at).toBeGreaterThan(steps[0]!.feed!.at);
    expect(steps[1]!.feed!.speed).toBe(10);

    c.socket.send(JSON.stringify({ type: 'subscribe', v: 1, feed: { kind: 'replay', from, speed: 7 } }));
    c.socket.send('{"type":"launch-missiles","v":1}');
    c.socket.send('not json');
    const errors = await until(() => c.messages.filter((m) => m.type === 'error'), (list) => list.length >= 3);
    expect(errors.map((m) => (m as { message: string }).message)).toEqual([
      expect.stringMatching(/^client message: feed\.speed/),
      expect.stringMatching(/^client message: type/),
      'client message: not JSON',
    ]);
    expect(logged.filter((l) => l.includes('refused message'))).toHaveLength(3);
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
    c.socket.close();
  });
});
