// Benchmark: the hub's start-up backfill of one hour from a real Prometheus. An hour of Istio counters for
// the 2,000-service demo world (every call, successes and failures, scraped every 15 s) is written as
// OpenMetrics and turned into TSDB blocks with `promtool tsdb create-blocks-from openmetrics`; a fresh
// /usr/bin/prometheus serves that data dir; then the hub's backfill (query_range with the preset queries,
// step = the 5 s poll interval, split under the 11,000-points limit) fills a timeline and is timed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { freePort } from './serve-process';
import { HubTimeline } from '../electron/hub/timeline';
import { createPrometheusSource } from '../electron/hub/sources/prometheus';
import { createSimulator } from '../shared/demo/index';

const PROMETHEUS = process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL_BINARY ?? '/usr/bin/promtool';
const HOURS = Number(process.env.BACKFILL_HOURS ?? 1);
const SCRAPE_S = 15;
const INTERVAL_MS = 5000;

const dir = mkdtempSync(join(tmpdir(), 'flowsight-bench-backfill-'));
let prometheus: ChildProcess | null = null;


/** User + system CPU seconds of a process so far (Linux /proc; 100 ticks a second). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function main(): Promise<Record<string, number>> {
  // The hour ends two minutes ago: whole blocks in the past, clear of Prometheus's head.
  const end = Math.floor((Date.now() - 120_000) / 1000 / SCRAPE_S) * SCRAPE_S;
  const start = end - HOURS * 3600;
  const simulator = createSimulator({ seed: 7, regions: 4, servicesPerRegion: 500 });
  const calls = simulator.configuredCalls();
  // One success and one failure counter per call, integrated from the demo's configured rates.
  const seen = new Set<string>();
  const series = calls.flatMap((c) =>
    (['200', '503'] as const).map((code) => ({
      labels:
        `reporter="destination",source_workload="${c.source}",source_workload_namespace="demo",source_cluster="${c.sourceRegion}",` +
        `destination_workload="${c.destination}",destination_workload_namespace="demo",destination_service_name="${c.destination}",` +
        `destination_cluster="${c.destinationRegion}",response_code="${code}"`,
      perSecond: code === '200' ? c.rate.normal : c.rate.danger,
    })),
  ).filter((s) => !seen.has(s.labels) && seen.add(s.labels) !== undefined);
  const file = join(dir, 'hour.om');
  const t0 = performance.now();
  const out = createWriteStream(file);
  out.write('# TYPE istio_requests counter\n');
  // OpenMetrics wants each metric family's samples grouped by series, oldest first.
  for (const s of series) {
    let chunk = '';
    for (let t = start; t <= end; t += SCRAPE_S) chunk += `istio_requests_total{${s.labels}} ${(s.perSecond * (t - start)).toFixed(3)} ${t}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end('# EOF\n');
  await once(out, 'finish');
  const writeMs = performance.now() - t0;
  const data = join(dir, 'data');
  const t1 = performance.now();
  const created = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', file, data], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`promtool failed: ${created.stderr.slice(-800)}`);
  const blocksMs = performance.now() - t1;
  rmSync(file);

  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\n');
  prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', '--storage.tsdb.retention.time=30d'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const ready = await fetch(`${url}/api/v1/query?query=count(istio_requests_total)&time=${end}`);
      const body = (await ready.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
      if (Number(body.data?.result?.[0]?.value[1]) === series.length) break;
    } catch {
      // not up yet
    }
    if (i > 600) throw new Error('Prometheus did not load the blocks');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const source = createPrometheusSource({ name: 'prom', url, preset: 'istio', rateWindow: '1m', timeoutMs: 120_000 });
  const timeline = new HubTimeline({ maxBytes: 4 * 2 ** 30, retentionMs: HOURS * 3600_000 });
  const lines: string[] = [];
  const cpuBefore = process.cpuUsage();
  const promCpuBefore = cpuSeconds(prometheus.pid);
  const t2 = performance.now();
  await timeline.backfill([{ source, intervalMs: INTERVAL_MS, timeoutMs: 120_000 }], end * 1000, new AbortController().signal, (line) => lines.push(line));
  const backfillMs = performance.now() - t2;
  const cpu = process.cpuUsage(cpuBefore);
  const hubCpuS = (cpu.user + cpu.system) / 1e6;
  const prometheusCpuS = cpuSeconds(prometheus.pid) - promCpuBefore;
  const polls = timeline.record.times('prom').length;
  if (polls === 0) throw new Error(`nothing backfilled: ${lines.join('; ')}`);
  const last = timeline.record.at('prom', end * 1000)!;
  process.stderr.write(
    `timeline backfill: ${HOURS} h of ${series.length} series (${calls.length} calls, 2,000 services) from a real Prometheus: ${(backfillMs / 1000).toFixed(1)} s for ${polls} polls ` +
      `(${last.batch?.calls.length ?? 0} calls each), record ${(timeline.record.bytes() / 2 ** 20).toFixed(1)} MB; CPU: hub ${hubCpuS.toFixed(1)} s, Prometheus ${prometheusCpuS.toFixed(1)} s; setup: OpenMetrics ${(writeMs / 1000).toFixed(1)} s, promtool ${(blocksMs / 1000).toFixed(1)} s\n`,
  );
  return { hours: HOURS, series: series.length, calls: calls.length, polls, callsPerPoll: last.batch?.calls.length ?? 0, backfillMs, recordMB: timeline.record.bytes() / 2 ** 20, hubCpuS, prometheusCpuS, promtoolMs: blocksMs };
}

main()
  .then((figures) => console.log(JSON.stringify(figures)))
  .catch((error: unknown) => {
    process.stderr.write(`timeline backfill: ${(error as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    prometheus?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
