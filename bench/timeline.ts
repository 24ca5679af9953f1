// Benchmark: the hub's timeline holding 6 h of a 2,000-service demo world polled every 5 s (4,320 polls),
// its memory (as counted against `timeline.maxMB`, and the heap actually grown) and the time to seek to
// any recorded instant. Runs in its own process with --expose-gc so the heap figure is its own.
import { createSimulator } from '../shared/demo/index';
import { TimelineRecord } from '../shared/timeline/record';

const HOURS = Number(process.env.HOURS ?? 6);
const INTERVAL_MS = 5000;
const polls = Math.round((HOURS * 3600_000) / INTERVAL_MS);
const simulator = createSimulator({ seed: 7, regions: 4, servicesPerRegion: 500 });
const start = 1_700_000_000_000;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

gc();
const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const heapBefore = used();
const record = new TimelineRecord({ maxBytes: 4 * 2 ** 30, retentionMs: HOURS * 3600_000 + INTERVAL_MS });
let calls = 0;
let appendMs = 0;
for (let i = 0; i < polls; i++) {
  const at = start + i * INTERVAL_MS;
  const batch = { source: 'demo', sampledAt: at, calls: simulator.calls(at), seriesRead: 0 };
  calls = batch.calls.length;
  const t0 = performance.now();
  record.append('demo', { at, batch, staleSince: null });
  appendMs += performance.now() - t0;
}
gc();
// Encoded frames live in ArrayBuffers, outside heapUsed: both are counted.
const heapMB = (used() - heapBefore) / 2 ** 20;

const seeks: number[] = [];
for (let i = 0; i < 200; i++) {
  const at = start + Math.floor(Math.random() * polls) * INTERVAL_MS + 1234;
  const t0 = performance.now();
  const entry = record.at('demo', at);
  seeks.push(performance.now() - t0);
  if (!entry?.batch || entry.batch.calls.length === 0) throw new Error(`no poll at ${at}`);
}
seeks.sort((a, b) => a - b);
const q = (p: number) => seeks[Math.min(seeks.length - 1, Math.floor(p * seeks.length))]!;
const recordMB = record.bytes() / 2 ** 20;
process.stderr.write(
  `timeline: ${HOURS} h of ${polls} polls × ${calls} calls (2,000 services): ${recordMB.toFixed(1)} MB counted, heap +${heapMB.toFixed(1)} MB; ` +
    `append ${(appendMs / polls).toFixed(2)} ms/poll; seek p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms\n`,
);
console.log(JSON.stringify({ hours: HOURS, polls, calls, recordMB, heapMB, appendMsPerPoll: appendMs / polls, seekP50Ms: q(0.5), seekP99Ms: q(0.99), bytesPerCallPoll: record.bytes() / (polls * calls) }));
