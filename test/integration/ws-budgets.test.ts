import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { WS_SUBPROTOCOL } from '../../shared/protocol';
import { untilWithin } from './helpers/until';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowsight-ws-'));
}

const FEED = JSON.stringify({
  renderer: 'global',
  name: 'edge',
  nodes: [{ renderer: 'region', name: 'west', nodes: [{ name: 'web' }, { name: 'db' }], connections: [{ source: 'web', target: 'db', metrics: { normal: 5 } }] }],
  connections: [],
});

const until = untilWithin(10_000);

function open(hub: RunningHub): Promise<WebSocket> {
  const socket = new WebSocket(hub.url.replace(/^http/, 'ws') + 'ws', [WS_SUBPROTOCOL]);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

async function metric(hub: RunningHub, line: RegExp): Promise<number> {
  const text = await (await fetch(hub.url + 'metrics')).text();
  const match = new RegExp('^' + line.source + ' (\\S+)$', 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

describe('WebSocket budgets', () => {
  let hub: RunningHub;

  beforeAll(async () => {
    const feed = join(tempDir(), 'feed.json');
    writeFileSync(feed, FEED);
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 0.2,
      staticDir: tempDir(),
      sources: [{ name: 'feed', type: 'vizceral', path: feed }],
      wsLimits: { heartbeatMs: 150, maxClients: 4 },
    });
  });
  afterAll(() => hub?.close());

  it('closes a display that floods malformed frames with 1008, answering only a few of them', async () => {
    const socket = await open(hub);
    let errors = 0;
    socket.on('message', (data) => {
      if (data.toString().includes('"type":"error"')) errors++;
    });
    const code = closed(socket);
    for (let i = 0; i < 5000; i++) socket.send('x');
    expect(await code).toBe(1008);
    expect(errors).toBeLessThanOrEqual(5);
    expect(await metric(hub, /flowsight_ws_policy_closes_total\{reason="messages"\}/)).toBeGreaterThanOrEqual(1);
    expect(await metric(hub, /flowsight_ws_error_replies_suppressed_total/)).toBeGreaterThan(0);
  });

  it('closes a display that sends more bytes per second than its budget with 1008', async () => {
    const socket = await open(hub);
    const code = closed(socket);
    const big = JSON.stringify({ type: 'report', v: 1, fps: 60, pad: 'p'.repeat(60_000) });
    for (let i = 0; i < 10; i++) socket.send(big);
    expect(await code).toBe(1008);
    expect(await metric(hub, /flowsight_ws_policy_closes_total\{reason="bytes"\}/)).toBeGreaterThanOrEqual(1);
  });

  it('keeps a display that answers pings and drops one that only sends unsolicited pongs and never reads', async () => {
    const good = await open(hub);
    const deaf = await open(hub);
    (deaf as unknown as { _socket: { pause(): void } })._socket.pause();
    const deafClosed = new Promise<void>((resolve) => (deaf as unknown as { _socket: { once(e: string, f: () => void): void } })._socket.once('close', resolve));
    const pongs = setInterval(() => deaf.pong(Buffer.from('alive')), 30);
    try {
      await deafClosed;
    } finally {
      clearInterval(pongs);
    }
    expect(await metric(hub, /flowsight_ws_policy_closes_total\{reason="heartbeat"\}/)).toBeGreaterThanOrEqual(1);
    // The good display lives through several heartbeats.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(good.readyState).toBe(WebSocket.OPEN);
    good.close();
  });

  it('refuses upgrades beyond the connection cap with 503 and counts them', async () => {
    await until(() => metric(hub, /flowsight_ws_clients/), (n) => n === 0);
    const held = await Promise.all([open(hub), open(hub), open(hub), open(hub)]);
    await expect(open(hub)).rejects.toThrow(/503/);
    expect(await metric(hub, /flowsight_ws_refused_total\{reason="capacity"\}/)).toBe(1);
    for (const socket of held) socket.close();
  });
});
