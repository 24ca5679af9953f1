// The contract's promise, end to end: `serve --prometheus URL` (and a config file for the other presets)
// against a real Prometheus scraping the demo exporter shows the configured rates in /api/graph.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINKERD_REGION_LABELS, startDemoExporter, type DemoExporter } from '../../electron/demo/exporter';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { resolveServeOptions, type ServeFlags } from '../../electron/hub/serve-options';
import { INTERNET, totalRate } from '../../shared/model';
import type { VizceralGraph } from '../../shared/vizceral';
import { startPrometheus, type RealPrometheus } from './helpers/prometheus';

let exporter: DemoExporter;
let prometheus: RealPrometheus;
const staticDir = mkdtempSync(join(tmpdir(), 'flowsight-static-'));

async function graphOf(flags: ServeFlags): Promise<VizceralGraph> {
  const hub: RunningHub = await startHub(resolveServeOptions({ port: '0', interval: '1', ...flags }, staticDir));
  try {
    await hub.pollNow();
    // As a user reads it: while the hub says the rate window is still filling (a fresh Prometheus, the gap of
    // its restart), rates read low; the numbers to check are those once it says the window is full.
    const deadline = Date.now() + 60_000;
    while ((hub.sources()[0]?.fillingUntil ?? null) !== null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await hub.pollNow();
    }
    expect(hub.sources()[0]?.fillingUntil ?? null).toBeNull();
    const response = await fetch(hub.url + 'api/graph');
    return (await response.json()) as VizceralGraph;
  } finally {
    await hub.close();
  }
}

/** Every region's INTERNET traffic and every in-region call match the simulator's configured rates within 10 %. */
function expectConfiguredRates(graph: VizceralGraph): void {
  const configured = exporter.simulator.configuredCalls();
  expect(graph.nodes.map((n) => n.name).sort()).toEqual([INTERNET, ...exporter.simulator.regions].sort());
  for (const region of exporter.simulator.regions) {
    const want = configured.filter((c) => c.source === INTERNET && c.destinationRegion === region).reduce((sum, c) => sum + totalRate(c.rate), 0);
    const edge = graph.connections.find((c) => c.source === INTERNET && c.target === region);
    const got = (edge?.metrics?.normal ?? 0) + (edge?.metrics?.danger ?? 0);
    expect(Math.abs(got - want) / want, `INTERNET → ${region}: ${got} vs ${want}`).toBeLessThanOrEqual(0.1);
    const node = graph.nodes.find((n) => n.name === region)!;
    expect(node.updated).toBeGreaterThan(Date.now() - 60_000);
    for (const call of configured.filter((c) => c.sourceRegion === region && c.destinationRegion === region)) {
      const conn = node.connections?.find((c) => c.source === call.source && c.target === call.destination);
      const rate = (conn?.metrics?.normal ?? 0) + (conn?.metrics?.danger ?? 0);
      expect(Math.abs(rate - totalRate(call.rate)) / totalRate(call.rate), `${region}: ${call.source} → ${call.destination}`).toBeLessThanOrEqual(0.1);
    }
  }
  const crossRegion = configured.filter((c) => c.sourceRegion !== INTERNET && c.sourceRegion !== c.destinationRegion);
  for (const call of crossRegion) {
    expect(graph.connections.some((c) => c.source === call.sourceRegion && c.target === call.destinationRegion), `${call.sourceRegion} → ${call.destinationRegion}`).toBe(true);
  }
}

describe('serve against a real Prometheus scraping the demo exporter', () => {
  beforeAll(async () => {
    exporter = await startDemoExporter({ port: 0, host: '127.0.0.1', seed: 5, simulator: { noise: 0.02 } });
    prometheus = await startPrometheus({ targets: [new URL(exporter.url).host] });
    await prometheus.waitFor('count_over_time(up{job="demo"}[13s])', 40_000, (n) => n >= 13);
  });
  afterAll(async () => {
    await prometheus?.close();
    await exporter?.close();
  });

  it('shows the configured rates in /api/graph with --prometheus URL (istio preset by default)', async () => {
    // The default rate window (auto: 4 × the scrape interval seen in the data), as a user meets it.
    expectConfiguredRates(await graphOf({ prometheus: prometheus.url }));
  });

  it('shows the configured rates for the linkerd and servicegraph presets through a config file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flowsight-cfg-')), 'flowsight.yaml');
    for (const preset of ['linkerd', 'servicegraph'] as const) {
      const labels = preset === 'linkerd' ? `\n    regionLabels: { source: ${LINKERD_REGION_LABELS.source}, destination: ${LINKERD_REGION_LABELS.destination} }` : '';
      writeFileSync(file, `interval: 1\nsources:\n  - name: mesh\n    type: prometheus\n    url: ${prometheus.url}\n    preset: ${preset}${labels}\n`);
      expectConfiguredRates(await graphOf({ config: file }));
    }
  });
  // Last: it stops and restarts the shared Prometheus, and the other tests read rates from its data.
  it('goes degraded with the regions stale when Prometheus is killed, and recovers when it restarts', async () => {
    const hub = await startHub(resolveServeOptions({ port: '0', interval: '0.5', prometheus: prometheus.url }, staticDir));
    const health = async () => (await (await fetch(hub.url + 'healthz')).json()) as { status: string; sources: Array<{ name: string; ok: boolean; error: string | null }> };
    const waitFor = async (ok: () => Promise<boolean> | boolean) => {
      const deadline = Date.now() + 20_000;
      while (!(await ok())) {
        if (Date.now() > deadline) throw new Error('condition not met in 20 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      await waitFor(async () => (await health()).status === 'ok');
      await prometheus.stop();
      await waitFor(async () => (await health()).status === 'degraded');
      expect((await health()).sources[0]).toMatchObject({ name: 'prometheus', ok: false, error: 'unreachable' });
      expect(hub.sources()[0]?.error).toMatch(/connection refused/);
      expect(hub.graph().regions.length).toBe(exporter.simulator.regions.length);
      expect(hub.graph().regions.every((r) => r.staleSince !== null)).toBe(true);
      await prometheus.restart();
      await waitFor(async () => (await health()).status === 'ok');
      await waitFor(() => hub.graph().regions.every((r) => r.staleSince === null));
    } finally {
      await hub.close();
    }
  });
});
