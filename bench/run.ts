// `npm run bench`: every speed and memory figure of flowsight, each in its own process, printed as a table
// and saved to test-output/bench.json. Targets live here, not in timed tests (the machine's load varies).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const root = join(import.meta.dirname, '..');

function runStep(name: string, file: string, nodeFlags: string[] = [], env: Record<string, string> = {}, timeoutMs = 15 * 60_000): Record<string, unknown> | null {
  if (only.length && !only.includes(name)) return null;
  process.stderr.write(`bench: ${name}…\n`);
  const result = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', join(root, 'bench', file)], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: timeoutMs,
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    process.stderr.write(`bench: ${name} failed (exit ${result.status}): ${result.stdout.slice(-500)}\n`);
    return { failed: true };
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const figures: Record<string, unknown> = { machine, date: new Date().toISOString() };
figures.graphBuild = runStep('graph-build', 'graph-build.ts', ['--expose-gc']);
figures.merge = runStep('merge', 'merge.ts');
figures.mergeLatency = runStep('merge-latency', 'merge.ts', [], { LATENCY: '1' });
figures.fanout = runStep('fanout', 'fanout.ts', [], { UPDATES: '30' });
figures.attack = runStep('attack', 'attack.ts');
figures.timeline = runStep('timeline', 'timeline.ts', ['--expose-gc']);
figures.timelineStrip = runStep('timeline-strip', 'timeline-strip.ts');
// Same name: `npm run bench -- timeline` runs both (memory and seek, then backfill from a real Prometheus).
figures.timelineBackfill = runStep('timeline', 'timeline-backfill.ts');
if (existsSync(join(root, 'bench', 'frames.ts'))) figures.frames = runStep('frames', 'frames.ts');
figures.scrub = runStep('scrub', 'scrub.ts');
figures.whatif = runStep('whatif', 'whatif.ts');
figures.soak = runStep('soak', 'soak.ts', ['--expose-gc'], {}, (Number(process.env.SOAK_MINUTES ?? 3) + 5) * 60_000);

const fmt = (value: unknown, digits = 1) => (typeof value === 'number' ? value.toFixed(digits) : String(value));
const lines: string[] = [`flowsight benchmarks — ${machine}`];
const g = figures.graphBuild as Record<string, number> | null;
if (g && !('failed' in g)) {
  lines.push(
    `graph from a ${g.series}-series Prometheus answer: ${fmt(g.totalMs)} ms (parse ${fmt(g.parseMs)} + normalise ${fmt(g.normaliseMs)} + build ${fmt(g.buildMs)}); peak heap +${fmt(g.peakHeapMB)} MB, RSS ${fmt(g.rssMB)} MB   [target < 250 ms, < 200 MB]`,
  );
  const l = (g as unknown as { latency?: Record<string, number> }).latency;
  if (l) {
    lines.push(
      `same with latency histograms, ${l.bucketSeries} bucket series (${fmt(l.answerMB, 0)} MB of JSON): ${fmt(l.totalMs, 0)} ms (parse ${fmt(l.parseMs, 0)} + normalise ${fmt(l.normaliseMs, 0)} + build with call/service/region quantiles ${fmt(l.buildMs)}); peak heap +${fmt(l.peakHeapMB, 0)} MB, RSS ${fmt(l.rssMB, 0)} MB`,
    );
  }
}
const m = figures.merge as Record<string, number> | null;
if (m && !('failed' in m)) {
  lines.push(
    `${m.regions} regions × ${(m.services ?? 0) / (m.regions ?? 1)} services from ${m.sources} Prometheus sources (${m.series} series, calls between regions reported by both sides): poll → published p50 ${fmt(m.p50Ms, 0)} ms, p95 ${fmt(m.p95Ms, 0)} ms (parse ${fmt(m.parseMs, 0)} + normalise ${fmt(m.normaliseMs, 0)} + build ${fmt(m.buildMs, 0)}, of which merge ${fmt(m.mergeMs, 0)}, + diff ${fmt(m.diffMs, 0)} ms); ${fmt(m.crossRegionRps, 0)} rps between regions, counted once; polling every 2 s: ${fmt(m.buildsPerRound)} graph builds per round, ${fmt(m.steadyCpuPercent, 0)} % of a core (stubs included)`,
  );
}
const ml = figures.mergeLatency as Record<string, number> | null;
if (ml && !('failed' in ml)) {
  lines.push(
    `same with latency histograms (${ml.series} series, ${ml.servicesWithLatency} services with p50/p95/p99): poll → published p50 ${fmt(ml.p50Ms, 0)} ms, p95 ${fmt(ml.p95Ms, 0)} ms (parse ${fmt(ml.parseMs, 0)} + normalise ${fmt(ml.normaliseMs, 0)} + build ${fmt(ml.buildMs, 0)} + diff ${fmt(ml.diffMs, 0)} ms)`,
  );
}
const f = figures.fanout as { displays: number; results: Array<Record<string, number | string>> } | null;
if (f && !('failed' in f)) {
  for (const r of f.results) {
    lines.push(
      `fan-out to ${f.displays} ${r.mode ?? ''} displays, ${r.services} services, ${r.changing === 'all' ? 'every rate changing (demo noise)' : `${r.changing} calls changing`}: poll end → last delivery p50 ${fmt(r.p50Ms, 0)} ms, p99 ${fmt(r.p99Ms, 0)} ms; hub RSS peak ${fmt(r.peakRssMB, 0)} MB; poll start late by ≤ ${fmt(r.maxPollLateMs, 0)} ms; event loop delay p99 ${fmt(r.eventLoopP99Ms, 0)} ms; hub build → last send ≤ ${fmt(r.hubFanoutP99LeMs, 0)} ms for 99 % of rounds (${fmt(Number(r.hubFanoutWithin100ms) * 100, 0)} % within 100 ms); /healthz p99 ${fmt(r.healthzP99Ms, 0)} ms; update ${fmt(Number(r.updateBytes) / 1024)} KiB vs snapshot ${fmt(Number(r.snapshotBytes) / 1024)} KiB   [target p99 < 100 ms, RSS < 600 MB, poll never late]`,
    );
    const cpu = r.hubCpuMedianMs as unknown as Record<string, number> | undefined;
    if (cpu) {
      lines.push(
        `  beside it (load average ${fmt(r.loadAverage)}; displays: ${r.client}, ${fmt(r.displaysCpuMsPerGraph, 0)} ms of their own CPU per graph): hub CPU per graph, median — build ${fmt(cpu.build)}, diff ${fmt(cpu.diff)}, encode ${fmt(cpu.encode)}, gzip ${fmt(cpu.gzip)} ms (${fmt(cpu.beforeFirstSend)} ms before the first send), sends ${fmt(cpu.send)} ms; publish → last send ${fmt(r.fanoutWallMedianMs, 0)} ms wall for ${fmt(r.fanoutCpuMedianMs, 0)} ms CPU; after the last send ${fmt(cpu.afterLastSend)} ms (record, strip, what-if); from the poll's own end p99 ${fmt(r.fromPollEndP99Ms, 0)} ms`,
      );
    }
  }
}
const ts = figures.timelineStrip as Record<string, number> | null;
if (ts && !('failed' in ts)) {
  lines.push(
    `GET /api/timeline: ${ts.hours} h of ${ts.polls} polls × ${ts.calls} calls, ${ts.buckets} buckets (${ts.bytes} B): record all backfill ${fmt(ts.coldMs, 0)} ms (event loop held ≤ ${fmt(ts.coldBlockMs, 0)} ms at a time), then memoised ${fmt(ts.warmMs, 0)} ms; background warm-up after a restart ${fmt(ts.warmUpMs, 0)} ms (held ≤ ${fmt(ts.warmUpBlockMs, 0)} ms), then any bucket count ${fmt(ts.afterWarmMs, 0)} ms; from published graphs ${fmt(ts.observedMs, 0)} ms (${fmt(ts.observeMsPerGraph, 3)} ms per graph); one call's 120-bucket series ${fmt(ts.seriesMs, 0)} ms (held ≤ ${fmt(ts.seriesBlockMs, 0)} ms)`,
  );
}
const t = figures.timeline as Record<string, number> | null;
if (t && !('failed' in t)) {
  lines.push(
    `timeline: ${t.hours} h of a 2,000-service world at 5 s polls (${t.polls} polls × ${t.calls} calls): ${fmt(t.recordMB)} MB counted against timeline.maxMB (heap + buffers grew ${fmt(t.heapMB)} MB, ${fmt(t.bytesPerCallPoll, 2)} B per call per poll); seek to any instant p50 ${fmt(t.seekP50Ms)} ms, p99 ${fmt(t.seekP99Ms)} ms; append ${fmt(t.appendMsPerPoll, 2)} ms per poll`,
  );
}
const b = figures.timelineBackfill as Record<string, number> | null;
if (b && !('failed' in b)) {
  lines.push(
    `timeline backfill: ${b.hours} h of the 2,000-service world (${b.series} series, ${b.calls} calls) from a real Prometheus at 5 s steps: ${fmt((b.backfillMs ?? NaN) / 1000)} s for ${b.polls} polls, record ${fmt(b.recordMB)} MB; CPU hub ${fmt(b.hubCpuS)} s, Prometheus ${fmt(b.prometheusCpuS)} s`,
  );
}
const attack = figures.attack as { lines?: string[] } | null;
if (attack?.lines) lines.push(...attack.lines);
const frames = figures.frames as { lines?: string[] } | null;
if (frames?.lines) lines.push(...frames.lines);
const scrub = figures.scrub as { lines?: string[] } | null;
if (scrub?.lines) lines.push(...scrub.lines);
const whatif = figures.whatif as { lines?: string[] } | null;
if (whatif?.lines) lines.push(...whatif.lines);
const soak = figures.soak as { lines?: string[] } | null;
if (soak?.lines) lines.push(...soak.lines);
process.stdout.write(lines.join('\n') + '\n');
mkdirSync(join(root, 'test-output'), { recursive: true });
writeFileSync(join(root, 'test-output', 'bench.json'), JSON.stringify(figures, null, 2));
