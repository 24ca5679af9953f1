// Jaeger and Zipkin sources against stub servers speaking each API's documented format, merged with a
// metrics source: metrics win where both report a call, trace-only calls are marked, and a tracing backend
// that answers garbage, 404 or nothing marks stale only what it alone reports while the others keep updating.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { resolveServeOptions } from '../../electron/hub/serve-options';
import { INTERNET } from '../../shared/model';
import type { VizceralGraph } from '../../shared/vizceral';
import { startTracingStub, type TracingStub, type TracingStubMode } from './helpers/stub-tracing';
import { untilWithin } from './helpers/until';

let jaeger: TracingStub;
let zipkin: TracingStub;
let hub: RunningHub;
const dir = mkdtempSync(join(tmpdir(), 'flowsight-tracing-'));

// The metrics side: the shop region's edge as a Vizceral feed (a metrics source), which also has cart → redis.
const feed = JSON.stringify({
  renderer: 'global',
  name: 'edge',
  nodes: [
    {
      renderer: 'region',
      name: 'shop',
      connections: [
        { source: INTERNET, target: 'frontend', metrics: { normal: 30 } },
        { source: 'cart', target: 'redis', metrics: { normal: 12, danger: 0 } },
      ],
    },
  ],
  connections: [],
});

const until = untilWithin(20_000);

const graph = async (): Promise<VizceralGraph> => (await (await fetch(hub.url + 'api/graph')).json()) as VizceralGraph;
const health = async () => (await (await fetch(hub.url + 'healthz')).json()) as { status: string; sources: Array<{ name: string; ok: boolean; error: string | null }> };
const region = (g: VizceralGraph, name: string) => g.nodes.find((n) => n.name === name);
const edge = (g: VizceralGraph, regionName: string, source: string, target: string) =>
  region(g, regionName)?.connections?.find((c) => c.source === source && c.target === target);

describe('jaeger and zipkin sources', () => {
  beforeAll(async () => {
    jaeger = await startTracingStub('jaeger', () => [
      { parent: 'frontend', child: 'cart', callCount: 1800 },
      { parent: 'cart', child: 'redis', callCount: 900 },
    ]);
    zipkin = await startTracingStub('zipkin', () => [{ parent: 'gateway', child: 'payments', callCount: 900, errorCount: 90 }]);
    writeFileSync(join(dir, 'shop.json'), feed);
    const file = join(dir, 'flowsight.yaml');
    writeFileSync(
      file,
      [
        'interval: 1',
        'sources:',
        '  - { name: shop-metrics, type: vizceral, path: shop.json }',
        `  - { name: jaeger, type: jaeger, url: "${jaeger.url}", region: shop }`,
        `  - { name: payments, type: zipkin, url: "${zipkin.url}/", lookback: 5m }`,
        '',
      ].join('\n'),
    );
    hub = await startHub(resolveServeOptions({ config: file, port: '0' }, dir));
  });
  afterAll(async () => {
    await hub?.close();
    await Promise.all([jaeger?.close(), zipkin?.close()]);
  });

  it('asks each API for the links over its lookback ending now, and draws count ÷ lookback as requests per second', async () => {
    const g = await until(graph, (x) => edge(x, 'payments', 'gateway', 'payments') !== undefined && edge(x, 'shop', 'frontend', 'cart') !== undefined);
    const asked = jaeger.requests.at(-1)!;
    expect(Number(asked.get('lookback'))).toBe(15 * 60_000); // default lookback
    expect(Math.abs(Number(asked.get('endTs')) - Date.now())).toBeLessThan(10_000);
    expect(Number(zipkin.requests.at(-1)!.get('lookback'))).toBe(5 * 60_000);
    // Jaeger: 1800 calls over 15 min = 2 rps, known only from traces.
    expect(edge(g, 'shop', 'frontend', 'cart')).toMatchObject({ metrics: { normal: 2, danger: 0 }, metadata: { traceOnly: true } });
    // Zipkin, in a region named after the source: 900 calls (90 failed) over 5 min = 2.7 + 0.3 failed rps.
    expect(edge(g, 'payments', 'gateway', 'payments')).toMatchObject({ metrics: { normal: 2.7, danger: 0.3 }, metadata: { traceOnly: true } });
  });

  it('lets metrics win where a metrics source reports the same call', async () => {
    const g = await graph();
    const redis = edge(g, 'shop', 'cart', 'redis')!;
    expect(redis.metrics).toMatchObject({ normal: 12, danger: 0 });
    expect(redis.metadata?.traceOnly).toBeUndefined();
    const status = (await (await fetch(hub.url + 'api/status')).json()) as { sources: Array<{ name: string; evidence: string; region: string; config: unknown }> };
    expect(status.sources.find((s) => s.name === 'jaeger')).toMatchObject({ evidence: 'traces', region: 'shop', config: { lookback: '15m', region: 'shop' } });
  });

  it('goes degraded when Zipkin answers in another shape, stale only in its region, others updating', async () => {
    await until(health, (h) => h.status === 'ok');
    zipkin.mode = 'other-api';
    const h = await until(health, (x) => x.sources.find((s) => s.name === 'payments')?.ok === false);
    // /healthz names only a category; the reason itself is on /api/status behind the token.
    expect(h.sources.find((s) => s.name === 'payments')!.error).toBe('bad answer');
    expect(hub.sources().find((s) => s.name === 'payments')!.error).toMatch(/Zipkin answer is not a JSON array/);
    const g = await until(graph, (x) => typeof region(x, 'payments')?.metadata?.staleSince === 'number');
    expect(region(g, 'shop')!.metadata?.staleSince).toBeNull();
    const updated = region(g, 'shop')!.updated!;
    await until(graph, (x) => region(x, 'shop')!.updated! > updated);
    zipkin.mode = 'ok';
    await until(graph, (x) => region(x, 'payments')?.metadata?.staleSince === null);
  });

  for (const [mode, error, category] of [
    ['garbage', /Jaeger answered malformed JSON/, 'bad answer'],
    ['not-found', /Jaeger answered HTTP 404/, 'bad answer'],
    ['hang', /timeout|timed out/, 'timeout'],
  ] as Array<[TracingStubMode, RegExp, string]>) {
    it(`goes degraded when Jaeger answers ${mode}, stale only where traces alone report, others updating`, async () => {
      await until(health, (h) => h.status === 'ok');
      jaeger.mode = mode;
      await until(health, (h) => h.sources.find((s) => s.name === 'jaeger')?.ok === false);
      const h = await health();
      expect(h.status).toBe('degraded');
      expect(h.sources.find((s) => s.name === 'jaeger')!.error).toBe(category);
      expect(hub.sources().find((s) => s.name === 'jaeger')!.error).toMatch(error);
      expect(h.sources.filter((s) => s.ok).map((s) => s.name)).toEqual(['shop-metrics', 'payments']);
      const g = await until(graph, (x) => typeof region(x, 'shop')?.metadata?.staleSince === 'number');
      expect(edge(g, 'shop', 'frontend', 'cart')).toBeDefined(); // the last good links stay, marked stale
      expect(region(g, 'payments')!.metadata?.staleSince).toBeNull();
      const updated = region(g, 'payments')!.updated!;
      await until(graph, (x) => region(x, 'payments')!.updated! > updated);
      jaeger.mode = 'ok';
      await until(graph, (x) => region(x, 'shop')?.metadata?.staleSince === null);
    });
  }
});
