// Benchmark: 100 WebSocket displays on loopback receiving updates of a 2,000-service graph (issue 3's target:
// p99 from poll end to the last display's delivery < 50 ms; updates much smaller than snapshots).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../electron/hub/hub';
import type { Source } from '../electron/hub/sources/source';
import { createSimulator } from '../shared/demo/index';
import type { Call } from '../shared/model';

const DISPLAYS = Number(process.env.DISPLAYS ?? 100);
const UPDATES = Number(process.env.UPDATES ?? 20);

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

async function run(changing: number | 'all') {
  const hub = await startHub({ host: '127.0.0.1', port: 0, interval: 0.5, sources: [], extraSources: [benchSource(changing)], staticDir: mkdtempSync(join(tmpdir(), 'fs-bench-')) });
  const services = hub.graph().regions.reduce((n, r) => n + r.nodes.length, 0);
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fanout-clients.ts'), hub.url.replace('http', 'ws') + 'ws', String(DISPLAYS), String(UPDATES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  const graph = hub.graph();
  await hub.close();
  return { changing, services: services || graph.regions.reduce((n, r) => n + r.nodes.filter((x) => x.kind === 'service').length, 0), ...JSON.parse(out) };
}

const results = [await run(20), await run('all')];
process.stdout.write(JSON.stringify({ displays: DISPLAYS, results }) + '\n');
