// Benchmark: 1,000 WebSocket displays on loopback receiving updates of a 2,000-service graph with every rate
// changing each poll. Targets: poll end → last display's delivery p99 < 100 ms, hub RSS < 600 MB, and the
// poll loop never delayed (each poll starts on its interval however busy the fan-out is).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startHub } from '../electron/hub/hub';
import type { Source } from '../electron/hub/sources/source';
import { createSimulator } from '../shared/demo/index';
import type { Call } from '../shared/model';

const DISPLAYS = Number(process.env.DISPLAYS ?? 1000);
const UPDATES = Number(process.env.UPDATES ?? 20);
const INTERVAL_S = Number(process.env.INTERVAL ?? 1);
const pollStarts: number[] = [];

/** The demo at 2,000 services; `changing` of its calls get a new rate each poll (the rest hold still). */
function benchSource(changing: number | 'all'): Source {
  const simulator = createSimulator({ seed: 7, regions: 4, servicesPerRegion: 500, noise: 0.03, bursts: false });
  const base = simulator.configuredCalls();
  let tick = 0;
  return {
    name: 'bench',
    type: 'demo',
    detail: 'benchmark',
    async poll() {
      pollStarts.push(performance.now());
      tick++;
      const now = Date.now();
      const calls: Call[] =
        changing === 'all'
          ? simulator.calls(now)
          : base.map((call, i) => (i % Math.ceil(base.length / changing) === tick % 7 ? { ...call, rate: { ...call.rate, normal: call.rate.normal * (1 + tick / 100) } } : call));
      return { source: 'bench', sampledAt: now, calls, seriesRead: calls.length };
    },
  };
}

async function run(changing: number | 'all', mode: 'gzip' | 'plain') {
  pollStarts.length = 0;
  const hub = await startHub({ host: '127.0.0.1', port: 0, interval: INTERVAL_S, sources: [], extraSources: [benchSource(changing)], staticDir: mkdtempSync(join(tmpdir(), 'fs-bench-')) });
  const services = hub.graph().regions.reduce((n, r) => n + r.nodes.length, 0);
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fanout-clients.ts'), hub.url.replace('http', 'ws') + 'ws', String(DISPLAYS), String(UPDATES), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  await new Promise((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  loop.disable();
  const graph = hub.graph();
  // The hub's own view: graph build start → message handed to the last display (all rounds, warm-up included).
  const metrics = await (await fetch(hub.url + 'metrics')).text();
  const bucket = (le: string) => Number(new RegExp(`^flowsight_ws_fanout_seconds_bucket\\{le="${le}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const rounds = Number(/^flowsight_ws_fanout_seconds_count (\S+)$/m.exec(metrics)?.[1] ?? NaN);
  const hubFanoutP99LeMs = [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5].find((le) => bucket(String(le)) >= 0.99 * rounds);
  await hub.close();
  // How late each poll started against its schedule (the poller schedules the next one interval - duration
  // after the last began); the first few overlap 1,000 snapshots being flushed.
  let maxPollLateMs = 0;
  for (let i = 2; i < pollStarts.length; i++) maxPollLateMs = Math.max(maxPollLateMs, pollStarts[i]! - pollStarts[i - 1]! - INTERVAL_S * 1000);
  return {
    changing,
    mode,
    services: services || graph.regions.reduce((n, r) => n + r.nodes.filter((x) => x.kind === 'service').length, 0),
    peakRssMB: peakRss / 2 ** 20,
    maxPollLateMs,
    eventLoopP99Ms: loop.percentile(99) / 1e6,
    hubFanoutRounds: rounds,
    hubFanoutWithin100ms: bucket('0.1') / rounds,
    hubFanoutP99LeMs: hubFanoutP99LeMs === undefined ? null : hubFanoutP99LeMs * 1000,
    ...JSON.parse(out),
  };
}

// gzip: what the renderer asks for; plain: JSON text frames (curl, websocat, older displays).
const changing = process.env.CHANGING === '20' ? 20 : 'all';
const modes = (process.env.MODES ?? 'gzip,plain').split(',') as Array<'gzip' | 'plain'>;
const results = [];
for (const mode of modes) results.push(await run(changing, mode));
process.stdout.write(JSON.stringify({ displays: DISPLAYS, intervalS: INTERVAL_S, results }) + '\n');
