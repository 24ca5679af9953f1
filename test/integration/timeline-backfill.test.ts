// A restarted hub has its past at once: on start it backfills its timeline from Prometheus (`query_range`
// with the same preset queries, step = poll interval), so instants from before the restart come from its
// record, not from a new query per instant.
import { mkdtempSync, writeFileSync } from 'node:fs';
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
let configFile: string;
const staticDir = mkdtempSync(join(tmpdir(), 'flowsight-static-'));
const hubs: RunningHub[] = [];

const start = async (): Promise<RunningHub> => {
  const hub = await startHub(resolveServeOptions({ config: configFile, port: '0' }, staticDir));
  hubs.push(hub);
  return hub;
};

describe('timeline backfill after a restart', () => {
  beforeAll(async () => {
    exporter = await startFixedRateExporter([{ name: 'istio_requests_total', labels, perSecond: 30 }]);
    prometheus = await startPrometheus({ targets: [exporter.target] });
    await prometheus.waitFor('count_over_time(up{job="demo"}[20s])', 60_000, (n) => n >= 12);
    configFile = join(mkdtempSync(join(tmpdir(), 'flowsight-cfg-')), 'flowsight.yaml');
    writeFileSync(configFile, ['interval: 1', 'sources:', `  - { name: prom, type: prometheus, url: "${prometheus.url}", region: east }`, ''].join('\n'));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.close()));
    await prometheus?.close();
    await exporter?.close();
  });

  it('a restarted hub has the seconds before its restart in its record, at the poll interval, with the same rates', async () => {
    const first = await start();
    await first.pollNow();
    const shownAt = first.timeline.record.times('prom').at(-1)!;
    await first.close();

    const restartedAt = Date.now();
    const second = await start();
    await second.backfilled;
    const times = second.timeline.record.times('prom');
    const before = times.filter((t) => t < restartedAt);
    // At least the 10 s Prometheus has held, one entry per poll interval (1 s), on whole seconds.
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(before.every((t) => t % 1000 === 0)).toBe(true);
    expect(before.slice(1).map((t, i) => t - before[i]!)).toEqual(before.slice(1).map(() => 1000));

    // An instant the first hub showed is answered by the second one from its (backfilled) record.
    const response = await fetch(`${second.url}api/graph?at=${shownAt}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as VizceralGraph;
    expect((body.metadata?.replay as { sources: Array<{ answeredBy: string }> }).sources[0]!.answeredBy).toBe('record');
    const call = body.nodes.find((n) => n.name === 'east')!.connections!.find((c) => c.source === 'web' && c.target === 'cart')!;
    expect(call.metrics!.normal).toBeGreaterThan(27);
    expect(call.metrics!.normal).toBeLessThan(33);
  });
});
