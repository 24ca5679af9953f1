// One Prometheus per region (monitor locally, integrate globally): two real Prometheus servers, each
// scraping its own region's proxies. The call between the regions is reported by both (the caller's proxy
// in east, the callee's in west) and must be counted once; killing one server makes stale only its region.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { resolveServeOptions } from '../../electron/hub/serve-options';
import type { VizceralGraph } from '../../shared/vizceral';
import { startFixedRateExporter, type FixedRateExporter } from './helpers/fixed-rate-exporter';
import { istioWorkload } from './helpers/istio-histograms';
import { startPrometheus, type RealPrometheus } from './helpers/prometheus';
import { untilWithin } from './helpers/until';

const workload = (reporter: string, source: string, sourceCluster: string, destination: string, destinationCluster: string) => ({
  ...istioWorkload(reporter, source, sourceCluster, destination, destinationCluster),
  response_code: '200',
});

const eastSeries = [
  { name: 'istio_requests_total', labels: workload('destination', 'unknown', 'unknown', 'web', 'east'), perSecond: 50 },
  { name: 'istio_requests_total', labels: workload('destination', 'web', 'east', 'cart', 'east'), perSecond: 40 },
  // The caller's proxy in east reports the cross-region call...
  { name: 'istio_requests_total', labels: workload('source', 'cart', 'east', 'ledger', 'west'), perSecond: 90 },
];
const westSeries = [
  // ...and so does the callee's proxy in west.
  { name: 'istio_requests_total', labels: workload('destination', 'cart', 'east', 'ledger', 'west'), perSecond: 90 },
  // West's own calls carry no cluster labels: the source's `region` key places them.
  {
    name: 'istio_requests_total',
    labels: { reporter: 'destination', source_workload: 'ledger', source_workload_namespace: 'shop', destination_workload: 'db', destination_workload_namespace: 'shop', response_code: '200' },
    perSecond: 20,
  },
];

let exporters: FixedRateExporter[] = [];
let east: RealPrometheus;
let west: RealPrometheus;
let hub: RunningHub;
const staticDir = mkdtempSync(join(tmpdir(), 'flowsight-static-'));

const until = untilWithin(30_000);

const graph = async (): Promise<VizceralGraph> => (await (await fetch(hub.url + 'api/graph')).json()) as VizceralGraph;
const region = (g: VizceralGraph, name: string) => g.nodes.find((n) => n.name === name);
const staleSince = (g: VizceralGraph, name: string) => region(g, name)?.metadata?.staleSince as number | null | undefined;
const crossRate = (g: VizceralGraph): number => {
  const c = g.connections.find((x) => x.source === 'east' && x.target === 'west');
  return (c?.metrics?.normal ?? 0) + (c?.metrics?.danger ?? 0);
};

describe('two regional Prometheus servers, one world', () => {
  beforeAll(async () => {
    exporters = [await startFixedRateExporter(eastSeries), await startFixedRateExporter(westSeries)];
    [east, west] = await Promise.all([startPrometheus({ targets: [exporters[0]!.target] }), startPrometheus({ targets: [exporters[1]!.target] })]);
    // rate() needs a few scrapes; both servers must have them before the numbers can be exact.
    await Promise.all([east, west].map((p) => p.waitFor('count_over_time(up{job="demo"}[10s])', 40_000, (n) => n >= 6)));
    const file = join(mkdtempSync(join(tmpdir(), 'flowsight-cfg-')), 'flowsight.yaml');
    // The servers scrape every second and are seconds old: a rate() window of 4 scrape intervals.
    writeFileSync(
      file,
      [
        'interval: 1',
        'sources:',
        `  - { name: prom-east, type: prometheus, url: "${east.url}", region: east }`,
        `  - { name: prom-west, type: prometheus, url: "${west.url}", region: west }`,
        '',
      ].join('\n'),
    );
    hub = await startHub(resolveServeOptions({ config: file, port: '0' }, staticDir));
  });
  afterAll(async () => {
    await hub?.close();
    await Promise.all([east?.close(), west?.close()]);
    await Promise.all(exporters.map((e) => e.close()));
  });

  it('reads a 90 rps call between the regions as 90, not 180', async () => {
    const g = await until(graph, (x) => crossRate(x) > 0 && region(x, 'west') !== undefined);
    expect(crossRate(g)).toBeGreaterThan(85);
    expect(crossRate(g)).toBeLessThan(95);
    // The region view shows it once too: east at west's edge calling ledger.
    const inWest = hub.graph().regions.find((r) => r.name === 'west')!.connections.find((c) => c.source === 'east' && c.target === 'ledger')!;
    expect(inWest.rate.normal).toBeGreaterThan(85);
    expect(inWest.rate.normal).toBeLessThan(95);
    // West's unlabelled calls are in west, by the source's `region`.
    expect(region(g, 'west')!.connections!.some((c) => c.source === 'ledger' && c.target === 'db')).toBe(true);
    // The call between them is counted from west's (destination-side) report, so east draws prom-west's data too.
    expect(region(g, 'west')!.metadata).toMatchObject({ staleSince: null, sources: ['prom-west'] });
    expect(region(g, 'east')!.metadata).toMatchObject({ staleSince: null, sources: ['prom-east', 'prom-west'] });
  });

  it('marks stale only the killed server\'s region, keeps the other live and updating, and recovers on restart', async () => {
    await until(graph, (g) => staleSince(g, 'east') === null && staleSince(g, 'west') === null);
    await west.stop();
    const dead = await until(graph, (g) => typeof staleSince(g, 'west') === 'number');
    expect(staleSince(dead, 'east')).toBeNull();
    // The call between them is still reported by east's live server: counted once, not dropped or doubled.
    expect(crossRate(dead)).toBeGreaterThan(85);
    expect(crossRate(dead)).toBeLessThan(95);
    const health = (await (await fetch(hub.url + 'healthz')).json()) as { status: string; sources: Array<{ name: string; ok: boolean }> };
    expect(health.status).toBe('degraded');
    expect(health.sources.map((s) => [s.name, s.ok])).toEqual([
      ['prom-east', true],
      ['prom-west', false],
    ]);
    const eastUpdated = region(dead, 'east')!.updated!;
    await until(graph, (g) => region(g, 'east')!.updated! > eastUpdated && staleSince(g, 'east') === null);
    await west.restart();
    await until(graph, (g) => staleSince(g, 'west') === null && staleSince(g, 'east') === null, 40_000);
  });
});
