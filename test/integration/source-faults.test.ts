// A Prometheus answering wrongly — the wrong shape, NaN/Inf/negative values, the same series twice, ten times the
// usual series — beside a healthy file feed: the hub stays up, nothing non-finite or negative reaches a display,
// the source is degraded with a clear reason, and the feed keeps updating.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { INTERNET } from '../../shared/model';
import type { VizceralGraph } from '../../shared/vizceral';
import { istioSeries, startStubPrometheus, type StubMode } from './helpers/stub-prometheus';
import { untilWithin } from './helpers/until';

interface Health {
  status: string;
  sources: Array<{ name: string; ok: boolean; error: string | null; partial?: boolean }>;
}

function feedText(normal: number): string {
  return JSON.stringify({
    renderer: 'global',
    nodes: [{ renderer: 'region', name: 'west', connections: [{ source: INTERNET, target: 'web', metrics: { normal } }] }],
    connections: [],
  });
}

const until = untilWithin(10_000);

/** Every number anywhere in the graph, with its path. */
function numbers(value: unknown, path = '$', out: Array<[string, number]> = []): Array<[string, number]> {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

describe('hub against a Prometheus that answers wrongly', () => {
  let stub: Awaited<ReturnType<typeof startStubPrometheus>>;
  let hub: RunningHub;
  const feed = join(mkdtempSync(join(tmpdir(), 'flowsight-faults-')), 'west.json');
  let feedRate = 10;

  const health = async () => (await (await fetch(hub.url + 'healthz')).json()) as Health;
  const graph = async () => (await (await fetch(hub.url + 'api/graph')).json()) as VizceralGraph;
  const source = (h: Health) => h.sources.find((s) => s.name === 'prom')!;
  const east = (g: VizceralGraph) => g.nodes.find((n) => n.name === 'east');

  beforeAll(async () => {
    stub = await startStubPrometheus([istioSeries('unknown', 'edge', 'east', 50), istioSeries('edge', 'api', 'east', 40, 4)]);
    writeFileSync(feed, feedText(feedRate));
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 0.25,
      staticDir: mkdtempSync(join(tmpdir(), 'flowsight-static-')),
      sources: [
        { name: 'prom', type: 'prometheus', url: stub.url, preset: 'istio', rateWindow: 'auto', timeout: 0.5 },
        { name: 'feed', type: 'vizceral', path: feed },
      ],
    });
    await until(health, (h) => h.status === 'ok');
  });
  afterAll(async () => {
    await hub?.close();
    await stub?.close();
  });
  afterEach(() => stub.setMode('ok'));

  /** The feed still updates while Prometheus misbehaves. */
  async function expectFeedKeepsUpdating(): Promise<void> {
    feedRate += 1;
    writeFileSync(feed, feedText(feedRate));
    await until(graph, (g) => g.nodes.find((n) => n.name === 'west')?.connections?.[0]?.metrics?.normal === feedRate);
    expect(source(await health()).name).toBe('prom');
    expect((await health()).sources.find((s) => s.name === 'feed')!.ok).toBe(true);
  }

  async function expectOnlyFiniteNonNegative(): Promise<void> {
    const bad = numbers(await graph()).filter(([, n]) => !Number.isFinite(n) || n < 0);
    expect(bad).toEqual([]);
  }

  it('fails the poll with the reason when the answer has the wrong shape, keeping the last good data as stale', async () => {
    await until(health, (x) => x.status === 'ok');
    stub.setMode('wrong-shape');
    const h = await until(health, (x) => source(x).ok === false);
    expect(h.status).toBe('degraded');
    // /healthz names only a category; the reason is on the hub's status (/api/status, behind the token).
    expect(source(h).error).toBe('bad answer');
    expect(hub.sources().find((x) => x.name === 'prom')!.error).toMatch(/answer has no "data.result" array/);
    const g = await until(graph, (x) => east(x)?.metadata?.staleSince !== null);
    expect(east(g)!.connections!.length).toBeGreaterThan(0);
    await expectFeedKeepsUpdating();
    await expectOnlyFiniteNonNegative();
  });

  const partial: Array<[StubMode, RegExp]> = [
    ['bad-values', /^8 samples with a NaN, infinite or negative value skipped$/],
    ['duplicates', /^\d+ repeated series counted once$/],
  ];
  for (const [mode, warning] of partial) {
    it(`draws the good part of an answer with ${mode} and marks the source degraded, saying why`, async () => {
      await until(health, (x) => x.status === 'ok');
      stub.setMode(mode);
      const h = await until(health, (x) => source(x).partial === true);
      expect(h.status).toBe('degraded');
      expect(source(h).ok).toBe(true);
      expect(hub.sources().find((x) => x.name === 'prom')!.warnings).toEqual([expect.stringMatching(warning)]);
      const g = await graph();
      const names = east(g)!.nodes!.map((n) => n.name);
      expect(names).not.toContain('nan-caller');
      expect(names).not.toContain('negative-caller');
      // Counted once, as Prometheus answered it: 36 succeeded and 4 failed per second.
      expect(east(g)!.connections).toContainEqual(expect.objectContaining({ source: 'edge', target: 'api', metrics: { normal: 36, danger: 4 } }));
      await expectOnlyFiniteNonNegative();
      await expectFeedKeepsUpdating();
      stub.setMode('ok');
      await until(health, (x) => x.status === 'ok');
    });
  }

  it('takes ten times the usual series in its stride', async () => {
    await until(health, (x) => x.status === 'ok');
    stub.setMode('tenfold');
    const g = await until(graph, (x) => (east(x)?.nodes?.length ?? 0) >= 20);
    expect(east(g)!.nodes!.map((n) => n.name)).toContain('edge-9');
    expect((await health()).status).toBe('ok');
    await expectOnlyFiniteNonNegative();
    await expectFeedKeepsUpdating();
  });
});
