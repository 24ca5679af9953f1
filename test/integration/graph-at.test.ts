// `GET /api/graph?at=T` against a real Prometheus: an instant the hub recorded is answered from its record,
// an instant from before the hub started is answered by Prometheus evaluating the same queries at time=T,
// and a Vizceral file (which tells only the present) is "no data for this source" there, never live data.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { resolveServeOptions } from '../../electron/hub/serve-options';
import type { VizceralGraph } from '../../shared/vizceral';
import { startFixedRateExporter, type FixedRateExporter } from './helpers/fixed-rate-exporter';
import { startPrometheus, type RealPrometheus } from './helpers/prometheus';

const labels = {
  reporter: 'destination',
  source_workload: 'web',
  source_workload_namespace: 'shop',
  destination_workload: 'cart',
  destination_workload_namespace: 'shop',
  destination_service_name: 'cart',
  response_code: '200',
};

let exporter: FixedRateExporter;
let prometheus: RealPrometheus;
let hub: RunningHub;
let hubStarted = 0;
const staticDir = mkdtempSync(join(tmpdir(), 'flowsight-static-'));

interface Replay {
  at: string;
  sources: Array<{ name: string; answeredBy: string; at?: number; reason?: string }>;
}

async function graphAt(at: string | number): Promise<{ status: number; body: VizceralGraph & { error?: string } }> {
  const response = await fetch(`${hub.url}api/graph?at=${encodeURIComponent(String(at))}`);
  return { status: response.status, body: (await response.json()) as VizceralGraph & { error?: string } };
}

const replayOf = (g: VizceralGraph) => g.metadata?.replay as Replay;
const cartRate = (g: VizceralGraph): number | undefined => {
  const east = g.nodes.find((n) => n.name === 'east');
  const c = east?.connections?.find((x) => x.source === 'web' && x.target === 'cart');
  return c ? (c.metrics?.normal ?? 0) + (c.metrics?.danger ?? 0) : undefined;
};

describe('GET /api/graph?at=T', () => {
  beforeAll(async () => {
    exporter = await startFixedRateExporter([{ name: 'istio_requests_total', labels, perSecond: 30 }]);
    prometheus = await startPrometheus({ targets: [exporter.target] });
    // Prometheus must hold some seconds of history from before the hub starts.
    await prometheus.waitFor('count_over_time(up{job="demo"}[20s])', 60_000, (n) => n >= 16);
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-cfg-'));
    copyFileSync(join(import.meta.dirname, '../fixtures/vizceral-sample.json'), join(dir, 'sample.json'));
    const file = join(dir, 'flowsight.yaml');
    writeFileSync(
      file,
      [
        'interval: 1',
        // A short record, so that an instant from before the hub started is older than it (backfill included).
        'timeline: { retention: 2s }',
        'sources:',
        `  - { name: prom, type: prometheus, url: "${prometheus.url}", region: east }`,
        '  - { name: file, type: vizceral, path: sample.json }',
        '',
      ].join('\n'),
    );
    hubStarted = Date.now();
    hub = await startHub(resolveServeOptions({ config: file, port: '0' }, staticDir));
    await hub.pollNow();
    await hub.pollNow();
  }, 90_000);
  afterAll(async () => {
    await hub?.close();
    await prometheus?.close();
    await exporter?.close();
  });

  it('answers a recorded instant from the record, exactly as the hub showed it then', async () => {
    const recorded = hub.timeline.record.times('prom').at(-1)!;
    const shown = hub.graph();
    const { status, body } = await graphAt(recorded + 200);
    expect(status).toBe(200);
    expect(body.serverUpdateTime).toBe(recorded + 200);
    expect(replayOf(body).at).toBe(new Date(recorded + 200).toISOString());
    expect(replayOf(body).sources.map((s) => [s.name, s.answeredBy])).toEqual([
      ['prom', 'record'],
      ['file', 'record'],
    ]);
    // The same calls, same rates as the live graph built from those polls.
    const live = shown.regions.find((r) => r.name === 'east')!.connections.find((c) => c.source === 'web' && c.target === 'cart')!;
    expect(cartRate(body)).toBe(live.rate.normal + live.rate.danger);
    expect(cartRate(body)).toBeGreaterThan(27);
    expect(cartRate(body)).toBeLessThan(33);
    // The Vizceral file's regions are in the recorded instant too.
    expect(body.nodes.length).toBeGreaterThan(2);
  });

  it('answers an instant older than the record from Prometheus, and the Vizceral file there as "no data"', async () => {
    const before = hubStarted - 6000;
    expect(hub.timeline.record.span('prom')!.from).toBeGreaterThan(before);
    const { status, body } = await graphAt(new Date(before).toISOString());
    expect(status).toBe(200);
    expect(body.serverUpdateTime).toBe(before);
    const [prom, file] = replayOf(body).sources;
    expect(prom).toMatchObject({ name: 'prom', answeredBy: 'source', at: Math.floor(before / 1000) * 1000 });
    expect(file).toMatchObject({ name: 'file', answeredBy: 'none' });
    expect(file!.reason).toMatch(/^no data for this source: .*tells only the present/);
    expect(cartRate(body)).toBeGreaterThan(27);
    expect(cartRate(body)).toBeLessThan(33);
    // Only Prometheus's region: the file's present must not pass for the past.
    expect(body.nodes.map((n) => n.name).sort()).toEqual(['INTERNET', 'east']);
  });

  it('is 404 with {error} when nothing can answer, and 400 for an instant it cannot read', async () => {
    const old = await graphAt('2001-01-01T00:00:00Z');
    expect(old.status).toBe(404);
    expect(old.body.error).toMatch(/no source can answer for 2001-01-01T00:00:00.000Z/);
    const future = await graphAt(Date.now() + 3_600_000);
    expect(future.status).toBe(404);
    expect(future.body.error).toMatch(/in the future/);
    const bad = await graphAt('yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/neither an ISO-8601 instant nor epoch milliseconds/);
  });
});
