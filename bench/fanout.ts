// Benchmark: 1,000 WebSocket displays on loopback receiving updates of a 2,000-service graph with every rate
// changing each poll. Targets: poll end → last display's delivery p99 < 100 ms, hub RSS < 600 MB, and the
// poll loop never delayed (each poll starts on its interval however busy the fan-out is).
// Beside the wall-clock figures, the hub's CPU per graph stage by stage (PublishTrace), which holds on a loaded
// machine. Env: DISPLAYS (1000), UPDATES (20), INTERVAL (1 s), MODES (gzip,plain), CHANGING (all | 20),
// CLIENT (raw | ws: how the displays read, see fanout-clients.ts), CLIENT_PROCS (1: processes the displays
// are split over).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startHub, type PublishTrace } from '../electron/hub/hub';
import type { Source } from '../electron/hub/sources/source';
import { createSimulator } from '../shared/demo/index';
import type { Call } from '../shared/model';

const DISPLAYS = Number(process.env.DISPLAYS ?? 1000);
const UPDATES = Number(process.env.UPDATES ?? 20);
const INTERVAL_S = Number(process.env.INTERVAL ?? 1);
/** How the displays read: `raw` (frame headers only, one reused buffer) or `ws` (the ws library). */
const CLIENT = process.env.CLIENT === 'ws' ? 'ws' : 'raw';
const CLIENT_PROCS = Math.max(1, Number(process.env.CLIENT_PROCS ?? 1));
const pollStarts: number[] = [];
/** The hub process's CPU (µs) at each poll's start: what one whole poll interval costs it, on any machine load. */
const pollCpu: number[] = [];

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
      const cpu = process.cpuUsage();
      pollCpu.push(cpu.user + cpu.system);
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
  pollCpu.length = 0;
  const traces = new Map<number, PublishTrace>();
  const hub = await startHub({
    host: '127.0.0.1',
    port: 0,
    interval: INTERVAL_S,
    sources: [],
    extraSources: [benchSource(changing)],
    staticDir: mkdtempSync(join(tmpdir(), 'fs-bench-')),
    onPublish: (trace) => traces.set(trace.seq, trace),
  });
  const services = hub.graph().regions.reduce((n, r) => n + r.nodes.length, 0);
  // The displays, split over CLIENT_PROCS processes (each its share of the 1,000).
  const children = Array.from({ length: CLIENT_PROCS }, (_, k) => {
    const share = Math.floor(DISPLAYS / CLIENT_PROCS) + (k < DISPLAYS % CLIENT_PROCS ? 1 : 0);
    const flags = [...(process.env.CLIENT_FLAGS ? process.env.CLIENT_FLAGS.split(' ') : []), ...(process.env.CLIENT_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/fanout-prof'] : [])];
    const args = [hub.url.replace('http', 'ws') + 'ws', String(share), String(UPDATES), mode, CLIENT, k === 0 ? 'probe' : 'noprobe'];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(import.meta.dirname, 'fanout-clients.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return new Promise<DisplaysReport>((resolve) => child.once('exit', () => resolve(JSON.parse(out.trim().split('\n').at(-1) ?? 'null') as DisplaysReport)));
  });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const reports = await Promise.all(children);
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
  const { perSeq, ...figures } = combine(reports);
  // Steady state: past the 1,000 connections' snapshots, before the displays hang up.
  const intervals = pollCpu.slice(6, -1).map((cpu, i) => (cpu - pollCpu[5 + i]!) / 1000).sort((a, b) => a - b);
  return {
    changing,
    mode,
    services: services || graph.regions.reduce((n, r) => n + r.nodes.filter((x) => x.kind === 'service').length, 0),
    peakRssMB: peakRss / 2 ** 20,
    /** The machine's 1-minute load average at the end: the wall-clock figures mean little above ~2 on 2 cores. */
    loadAverage: loadavg()[0],
    /** Median CPU of the hub's process per 1 s poll interval: the demo's poll, build, fan-out and everything else. */
    hubProcessCpuMsPerPoll: round(intervals[Math.floor(intervals.length / 2)] ?? NaN),
    maxPollLateMs,
    eventLoopP99Ms: loop.percentile(99) / 1e6,
    hubFanoutRounds: rounds,
    hubFanoutWithin100ms: bucket('0.1') / rounds,
    hubFanoutP99LeMs: hubFanoutP99LeMs === undefined ? null : hubFanoutP99LeMs * 1000,
    ...figures,
    ...breakdown(perSeq, traces),
  };
}

interface DisplaysReport {
  client: string;
  updateBytes: number;
  snapshotBytes: number;
  receivedUpdates: number;
  receivedSnapshots: number;
  cpuMsPerGraph: number;
  systemMsPerGraph: number;
  healthMs: number[];
  unseenGraphs: number;
  incompleteGraphs: number;
  perSeq: Array<{ seq: number; ms: number }>;
}

/** The display processes' figures as one: a graph counts once every process had it at every display. */
function combine(reports: DisplaysReport[]) {
  const bySeq = new Map<number, number[]>();
  for (const report of reports) for (const { seq, ms } of report.perSeq) bySeq.set(seq, [...(bySeq.get(seq) ?? []), ms]);
  const perSeq = [...bySeq].filter(([, ms]) => ms.length === reports.length).map(([seq, ms]) => ({ seq, ms: Math.max(...ms) }));
  const delays = perSeq.map((p) => p.ms).sort((a, b) => a - b);
  const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] ?? NaN;
  const health = reports.flatMap((r) => r.healthMs).sort((a, b) => a - b);
  const sum = (pick: (r: DisplaysReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  return {
    client: `${reports[0]?.client ?? CLIENT} × ${reports.length} process${reports.length > 1 ? 'es' : ''}`,
    updates: delays.length,
    p50Ms: pct(50),
    p99Ms: pct(99),
    maxMs: delays.at(-1),
    updateBytes: reports[0]?.updateBytes,
    snapshotBytes: reports[0]?.snapshotBytes,
    receivedUpdates: sum((r) => r.receivedUpdates),
    receivedSnapshots: sum((r) => r.receivedSnapshots),
    // The displays' own CPU per graph, all processes together: 1,000 reads on the same 2 cores as the hub.
    displaysCpuMsPerGraph: round(sum((r) => r.cpuMsPerGraph)),
    displaysSystemMsPerGraph: round(sum((r) => r.systemMsPerGraph)),
    healthzP99Ms: health[Math.floor(0.99 * (health.length - 1))] ?? NaN,
    healthzMaxMs: health.at(-1) ?? NaN,
    unseenGraphs: sum((r) => r.unseenGraphs),
    // Graphs some display never got (nor anything newer) before the end; the processes' first and last measured
    // graphs may differ by one (each starts after its own warm-up): only graphs measured by all are counted.
    incompleteGraphs: sum((r) => r.incompleteGraphs),
    perSeq,
  };
}

/**
 * The hub's side of the measured graphs, stage by stage, in CPU ms of the hub's process (meaningful on a loaded
 * machine, unlike the wall-clock p99): median over the measured graphs, and the stages of the slowest one.
 */
function breakdown(perSeq: Array<{ seq: number; ms: number }>, traces: Map<number, PublishTrace>) {
  const measured = perSeq.map((p) => ({ ...p, trace: traces.get(p.seq) })).filter((p): p is { seq: number; ms: number; trace: PublishTrace } => p.trace !== undefined);
  const median = (pick: (t: PublishTrace) => number) => {
    const xs = measured.map((m) => pick(m.trace)).sort((a, b) => a - b);
    return round(xs[Math.floor(xs.length / 2)] ?? NaN);
  };
  const stages = (t: PublishTrace) => ({
    pollEndToBuildMs: round(t.sincePollMs),
    buildMs: round(t.buildMs),
    diffMs: round(t.diffMs),
    encodeMs: round(t.encodeMs),
    gzipMs: round(t.gzipMs),
    sendCpuMs: round(t.sendCpuMs),
    turns: t.turns,
    maxTurnMs: round(t.maxTurnMs),
    fanoutWallMs: round(t.wallMs),
    fanoutCpuMs: round(t.roundCpuMs),
    afterMs: round(t.afterMs),
    updates: t.updates,
    snapshots: t.snapshots,
    skipped: t.skipped,
  });
  const worst = measured.reduce<(typeof measured)[number] | null>((w, m) => (w === null || m.ms > w.ms ? m : w), null);
  // From the poll's own end (before the hub even starts the graph) rather than the build's start.
  const fromPoll = measured.map((m) => m.ms + m.trace.sincePollMs).sort((a, b) => a - b);
  return {
    fromPollEndP50Ms: round(fromPoll[Math.floor(fromPoll.length / 2)] ?? NaN),
    fromPollEndP99Ms: round(fromPoll[Math.min(fromPoll.length - 1, Math.floor(0.99 * fromPoll.length))] ?? NaN),
    pollEndToBuildMedianMs: median((t) => t.sincePollMs),
    hubCpuMedianMs: {
      build: median((t) => t.buildMs),
      diff: median((t) => t.diffMs),
      encode: median((t) => t.encodeMs),
      gzip: median((t) => t.gzipMs),
      send: median((t) => t.sendCpuMs),
      beforeFirstSend: median((t) => t.buildMs + t.diffMs + t.encodeMs + t.gzipMs),
      afterLastSend: median((t) => t.afterMs),
    },
    fanoutWallMedianMs: median((t) => t.wallMs),
    fanoutCpuMedianMs: median((t) => t.roundCpuMs),
    maxTurnMedianMs: median((t) => t.maxTurnMs),
    skippedDisplays: measured.reduce((n, m) => n + m.trace.skipped, 0),
    slowest: worst === null ? null : { seq: worst.seq, deliveredMs: worst.ms, ...stages(worst.trace) },
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

// gzip: what the renderer asks for; plain: JSON text frames (curl, websocat, older displays).
const changing = process.env.CHANGING === '20' ? 20 : 'all';
const modes = (process.env.MODES ?? 'gzip,plain').split(',') as Array<'gzip' | 'plain'>;
const results = [];
for (const mode of modes) results.push(await run(changing, mode));
process.stdout.write(JSON.stringify({ displays: DISPLAYS, intervalS: INTERVAL_S, results }) + '\n');
