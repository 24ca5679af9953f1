import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { applyDiff } from '../../shared/diff';
import { INTERNET, type Graph } from '../../shared/model';
import { WS_SUBPROTOCOL, decodeServerMessage, type ServerMessage } from '../../shared/protocol';
import type { VizceralGraph } from '../../shared/vizceral';
import { istioSeries, startStubPrometheus } from './helpers/stub-prometheus';
import { untilWithin } from './helpers/until';

const HOSTILE = '<img src=x onerror=alert(1)> "q" ü 🚀';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowsight-hub-'));
}

function westFeed(normal: number): string {
  return JSON.stringify({
    renderer: 'global',
    name: 'edge',
    nodes: [
      {
        renderer: 'region',
        name: 'west',
        nodes: [{ name: INTERNET }, { name: 'web' }, { name: 'db' }],
        connections: [
          { source: INTERNET, target: 'web', metrics: { normal, danger: 1 } },
          { source: 'web', target: 'db', metrics: { normal: normal / 2 } },
        ],
      },
    ],
    connections: [],
  });
}

const until = untilWithin(10_000);

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
}

interface Health {
  status: string;
  sources: Array<{ name: string; ok: boolean; lastSuccess: string | null; error: string | null }>;
}

/** A display: collects decoded messages and keeps its own copy of the graph by applying updates. */
function connectDisplay(hubUrl: string, options: { token?: string; origin?: string } = {}) {
  const url = hubUrl.replace(/^http/, 'ws') + 'ws' + (options.token ? `?token=${options.token}` : '');
  const socket = new WebSocket(url, [WS_SUBPROTOCOL], options.origin ? { origin: options.origin } : {});
  const messages: ServerMessage[] = [];
  let graph: Graph | null = null;
  let seq = -1;
  let gaps = 0;
  socket.on('message', (data) => {
    const message = decodeServerMessage(data.toString());
    messages.push(message);
    if (message.type === 'snapshot') graph = message.graph;
    if (message.type === 'update') {
      if (message.base !== seq || !graph) gaps++;
      else graph = applyDiff(graph, message.diff);
    }
    if (message.type !== 'error') seq = message.seq;
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
  return { socket, messages, opened, graph: () => graph, gaps: () => gaps };
}

describe('hub against a failing Prometheus and a healthy file feed', () => {
  let stub: Awaited<ReturnType<typeof startStubPrometheus>>;
  let hub: RunningHub;
  const feed = join(tempDir(), 'west.json');

  beforeAll(async () => {
    stub = await startStubPrometheus([
      istioSeries('unknown', 'edge', 'east', 50),
      istioSeries('edge', 'api', 'east', 40, 4),
      istioSeries(HOSTILE, 'api', 'east', 2),
    ]);
    writeFileSync(feed, westFeed(10));
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 0.25,
      staticDir: tempDir(),
      sources: [
        { name: 'prod-east', type: 'prometheus', url: stub.url, preset: 'istio', rateWindow: '1m', timeout: 0.5 },
        { name: 'feed', type: 'vizceral', path: feed },
      ],
    });
  });
  afterAll(async () => {
    await hub?.close();
    await stub?.close();
  });
  afterEach(() => stub.setMode('ok'));

  it('serves the graph in Vizceral format with the rates Prometheus answered', async () => {
    const { body } = await until(
      () => getJson<VizceralGraph>(hub.url + 'api/graph'),
      (r) => r.body.nodes?.length === 3,
    );
    expect(body).toMatchObject({ renderer: 'global', name: 'edge' });
    expect(body.nodes.map((n) => n.name)).toEqual([INTERNET, 'east', 'west']);
    const east = body.nodes.find((n) => n.name === 'east')!;
    expect(east.renderer).toBe('region');
    expect(typeof east.updated).toBe('number');
    expect(east.connections).toContainEqual(expect.objectContaining({ source: 'edge', target: 'api', metrics: { normal: 36, danger: 4 } }));
    expect(east.connections).toContainEqual(expect.objectContaining({ source: INTERNET, target: 'edge', metrics: { normal: 50, danger: 0 } }));
    expect(east.nodes?.map((n) => n.name)).toContain(HOSTILE);
    expect(body.connections).toContainEqual(expect.objectContaining({ source: INTERNET, target: 'east' }));
  });

  for (const mode of ['http500', 'garbage', 'slow', 'error-status'] as const) {
    it(`marks only the failing source's region stale when Prometheus is ${mode}, and recovers by itself`, async () => {
      await until(() => getJson<Health>(hub.url + 'healthz'), (r) => r.body.status === 'ok');
      stub.setMode(mode);
      const degraded = await until(() => getJson<Health>(hub.url + 'healthz'), (r) => r.body.status === 'degraded');
      expect(degraded.status).toBe(200);
      const failing = degraded.body.sources.find((s) => s.name === 'prod-east')!;
      expect(failing.ok).toBe(false);
      expect(failing.error).toBeTruthy();
      expect(failing.lastSuccess).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(degraded.body.sources.find((s) => s.name === 'feed')?.ok).toBe(true);

      const graph = await until(() => hub.graph(), (g) => g.regions.find((r) => r.name === 'east')?.staleSince !== null);
      const east = graph.regions.find((r) => r.name === 'east')!;
      expect(east.staleSince).toBe(Date.parse(failing.lastSuccess!));
      expect(east.connections.length).toBeGreaterThan(0); // the last good data stays, marked stale
      const westBefore = graph.regions.find((r) => r.name === 'west')!;
      expect(westBefore.staleSince).toBeNull();
      // The other source keeps updating: a new feed shows, with the feed's own (file) time.
      const next = 60 + ['http500', 'garbage', 'slow', 'error-status'].indexOf(mode);
      writeFileSync(feed, westFeed(next));
      const west = await until(() => hub.graph().regions.find((r) => r.name === 'west')!, (r) => r.connections.some((c) => c.source === INTERNET && c.rate.normal === next));
      expect(west.updated).toBeGreaterThanOrEqual(westBefore.updated);
      expect(west.updated).toBe(Math.floor(statSync(feed).mtimeMs));

      stub.setMode('ok');
      await until(() => getJson<Health>(hub.url + 'healthz'), (r) => r.body.status === 'ok');
      await until(() => hub.graph().regions.find((r) => r.name === 'east')!.staleSince, (s) => s === null);
    });
  }

  it('marks a Thanos partial response partial in /healthz, /api/status and the region it reaches, and clears it', async () => {
    await until(() => getJson<Health>(hub.url + 'healthz'), (r) => r.body.status === 'ok');
    stub.setMode('partial');
    type Partial = { sources: Array<{ name: string; ok: boolean; partial?: boolean; warnings?: string[] }> };
    const health = await until(() => getJson<Partial>(hub.url + 'healthz'), (r) => r.body.sources.some((s) => s.partial === true));
    // A partial answer is still an answer: the source is up, its data marked as possibly incomplete.
    // Warnings are upstream text (store addresses): only flagged on the open /healthz, spelled out on /api/status.
    expect(health.body.sources.find((s) => s.name === 'prod-east')).toMatchObject({ ok: true, partial: true });
    expect(JSON.stringify(health.body)).not.toContain('10.0.0.7');
    expect(hub.sources().find((s) => s.name === 'prod-east')?.warnings).toEqual([expect.stringMatching(/10\.0\.0\.7:10901/)]);
    const status = await getJson<Partial>(hub.url + 'api/status');
    expect(status.body.sources.find((s) => s.name === 'prod-east')).toMatchObject({ partial: true });
    expect(status.body.sources.find((s) => s.name === 'feed')).toMatchObject({ partial: false });
    const graph = await until(() => getJson<VizceralGraph>(hub.url + 'api/graph'), (r) => r.body.nodes.find((n) => n.name === 'east')?.metadata?.partial === true);
    expect(graph.body.nodes.find((n) => n.name === 'east')!.metadata).toMatchObject({ partial: true, staleSince: null });
    expect(graph.body.nodes.find((n) => n.name === 'west')!.metadata).toMatchObject({ partial: false });
    stub.setMode('ok');
    await until(() => getJson<VizceralGraph>(hub.url + 'api/graph'), (r) => r.body.nodes.find((n) => n.name === 'east')?.metadata?.partial === false);
  });

  it('re-reads the Vizceral file when it changes and keeps the last good data when it is broken', async () => {
    writeFileSync(feed, westFeed(30));
    await until(() => hub.graph().regions.find((r) => r.name === 'west')!.connections.find((c) => c.source === INTERNET)?.rate.normal, (n) => n === 30);
    writeFileSync(feed, '{"nodes": [ broken');
    const health = await until(() => getJson<Health>(hub.url + 'healthz'), (r) => r.body.sources.some((s) => s.name === 'feed' && !s.ok));
    expect(health.body.sources.find((s) => s.name === 'feed')?.error).toBe('bad answer');
    expect(hub.sources().find((s) => s.name === 'feed')?.error).toMatch(/invalid JSON/);
    expect(hub.graph().regions.find((r) => r.name === 'west')!.staleSince).not.toBeNull();
    writeFileSync(feed, westFeed(20));
    await until(() => hub.graph().regions.find((r) => r.name === 'west')!.staleSince, (s) => s === null);
  });

  it('streams a snapshot on connect, then updates that rebuild the same graph', async () => {
    const display = connectDisplay(hub.url);
    await display.opened;
    await until(() => display.messages.filter((m) => m.type === 'update').length, (n) => n >= 3);
    expect(display.messages[0]?.type).toBe('snapshot');
    expect(display.gaps()).toBe(0);
    const last = display.messages.at(-1)!;
    expect(last.type).toBe('update');
    await hub.pollNow();
    await until(() => display.graph()?.serverUpdateTime, (t) => t === hub.graph().serverUpdateTime);
    expect(display.graph()).toEqual(hub.graph());
    display.socket.close();
  });

  it('keeps serving other displays when one never reads and another vanishes or sends garbage', async () => {
    const stuck = connectDisplay(hub.url);
    const rude = connectDisplay(hub.url);
    const good = connectDisplay(hub.url);
    await Promise.all([stuck.opened, rude.opened, good.opened]);
    (stuck.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    rude.socket.send('{"type":"shutdown"}');
    rude.socket.send('not even json');
    await until(() => rude.messages.filter((m) => m.type === 'error').length, (n) => n === 2);
    (rude.socket as unknown as { _socket: { destroy(): void } })._socket.destroy();
    const before = good.messages.length;
    await until(() => good.messages.length, (n) => n >= before + 4);
    const health = await getJson<Health>(hub.url + 'healthz');
    expect(health.status).toBe(200);
    stuck.socket.terminate();
    good.socket.close();
  });

  it("exposes the hub's own metrics in the Prometheus text format", async () => {
    const response = await fetch(hub.url + 'metrics');
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    for (const name of ['flowsight_poll_duration_seconds', 'flowsight_source_errors_total', 'flowsight_series_read', 'flowsight_ws_clients', 'flowsight_ws_bytes_sent_total', 'process_cpu_seconds_total']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/flowsight_series_read\{source="prod-east"\} 6/); // 3 series × 2 queries (requests, failures);
  });
});

describe('hub with a token', () => {
  let hub: RunningHub;
  const token = 'correct-horse-battery';

  beforeAll(async () => {
    const feed = join(tempDir(), 'feed.json');
    writeFileSync(feed, westFeed(5));
    const staticDir = tempDir();
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>flowsight</title>');
    hub = await startHub({ host: '127.0.0.1', port: 0, interval: 1, staticDir, tokens: [token], sources: [{ name: 'feed', type: 'vizceral', path: feed }] });
  });
  afterAll(() => hub?.close());

  it('answers 401 to the API without the bearer token and 200 with it', async () => {
    expect((await fetch(hub.url + 'api/graph')).status).toBe(401);
    expect((await fetch(hub.url + 'api/graph', { headers: { Authorization: 'Bearer wrong-token-here' } })).status).toBe(401);
    expect((await fetch(hub.url + 'api/graph', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(hub.url + 'metrics')).status).toBe(401);
  });

  it('serves the page and /healthz without a token, so a browser can load and a probe can check', async () => {
    const page = await fetch(hub.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(hub.url + 'healthz')).status).toBe(200);
    expect((await fetch(hub.url + '..%2f..%2fetc%2fpasswd')).status).toBe(404);
  });

  it('refuses a WebSocket without the token or from a foreign Origin, and accepts the URL token', async () => {
    await expect(connectDisplay(hub.url).opened).rejects.toThrow(/401/);
    await expect(connectDisplay(hub.url, { token, origin: 'http://evil.example' }).opened).rejects.toThrow(/403/);
    const display = connectDisplay(hub.url, { token });
    await display.opened;
    await until(() => display.messages.length, (n) => n > 0);
    expect(display.messages[0]?.type).toBe('snapshot');
    display.socket.close();
  });
});
