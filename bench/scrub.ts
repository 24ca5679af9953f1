// Benchmark: frame rate in the renderer while scrubbing the timeline bar (issue 10's benchmark list), against
// the same page live in the same run. A real hub on the demo at 1 s polls records RECORD_S seconds of past;
// one headless Chromium opens the app, samples rAF intervals for PHASE_MS live, then holds the mouse down on
// the bar and moves it across in small steps for PHASE_MS (a continuous scrub), sampling the same way. It
// counts the replay snapshots the page applied (stats().updates) and the WebSocket messages that arrived
// while scrubbing. Prints figures, and one JSON line last, `{ lines, ... }`, which bench/run.ts shows.
import { startServe, type ServeProcess } from './serve-process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { FlowsightStats } from '../renderer/app/api';
import { CHROMIUM_ARGS } from '../test/e2e/support/browser';

const root = join(import.meta.dirname, '..');
const RECORD_S = Number(process.env.RECORD_S ?? 60);
const PHASE_MS = Number(process.env.PHASE_MS ?? 10_000);
const STEP_MS = 40;
/** The view scrubbed: a region (its services and calls), not the four discs of the global view. */
const VIEW = process.env.VIEW ?? '#/region/us-east-1';

const RECORDER = `(() => {
  const intervals = [];
  let last = 0, on = false;
  const loop = (now) => { if (on && last) intervals.push(now - last); last = now; requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  let messages = 0;
  window.__rec = {
    start() { intervals.length = 0; last = 0; on = true; messages = 0; },
    stop() { on = false; return { intervals: intervals.slice(), messages }; },
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', () => { if (on) messages += 1; }); }
  };
})();`;

const log = (text: string) => process.stderr.write(`scrub: ${text}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const stats = (page: Page) => page.evaluate(() => (window as unknown as { flowsight: { stats(): FlowsightStats } }).flowsight.stats());

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function startHub(): Promise<ServeProcess> {
  return startServe(['--demo', '--port', '0', '--interval', '1']);
}

interface Phase {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  /** The app's own frame stats (last 240 frames) at the phase's end. */
  appP50Ms: number;
  appP95Ms: number;
  snapshotsPerS: number;
  messagesPerS: number;
  seconds: number;
}

async function phase(page: Page, drive: () => Promise<void>): Promise<Phase> {
  const before = await stats(page);
  await page.evaluate(() => (window as unknown as { __rec: { start(): void } }).__rec.start());
  const t0 = Date.now();
  await drive();
  const seconds = (Date.now() - t0) / 1000;
  const rec = await page.evaluate(() => (window as unknown as { __rec: { stop(): { intervals: number[]; messages: number } } }).__rec.stop());
  const after = await stats(page);
  return {
    frames: rec.intervals.length,
    p50Ms: quantile(rec.intervals, 0.5),
    p95Ms: quantile(rec.intervals, 0.95),
    appP50Ms: after.frameMsP50,
    appP95Ms: after.frameMsP95,
    snapshotsPerS: (after.updates - before.updates) / seconds,
    messagesPerS: rec.messages / seconds,
    seconds,
  };
}

async function main(): Promise<void> {
  const loadStart = loadavg();
  const hub = await startHub();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--disable-background-timer-throttling', '--disable-renderer-backgrounding'] });
  try {
    log(`hub on ${hub.url}; recording ${RECORD_S} s of past`);
    await sleep(RECORD_S * 1000);
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.addInitScript(RECORDER);
    await page.goto(`${hub.url}${VIEW}`);
    await page.waitForFunction(() => {
      const f = (window as unknown as { flowsight?: { stats(): FlowsightStats } }).flowsight;
      return f !== undefined && f.stats().live && f.stats().nodes > 0;
    }, null, { timeout: 60_000 });
    await page.waitForFunction(() => (document.querySelector('#timebar .timebar-rps')?.getAttribute('d') ?? '').length > 20, null, { timeout: 60_000 });
    await sleep(2500); // warm-up: first layout, glides
    const s0 = await stats(page);
    log(`live: ${s0.nodes} nodes, ${s0.connections} connections`);
    const live = await phase(page, () => sleep(PHASE_MS));

    const box = (await page.locator('#timebar svg.timebar-svg').boundingBox())!;
    const y = box.y + box.height / 2;
    let steps = 0;
    const xAt = (f: number) => box.x + 8 + f * (box.width - 16);
    await page.mouse.move(xAt(0.05), y);
    const scrub = await phase(page, async () => {
      await page.mouse.down();
      // Across 85 % of the bar in PHASE_MS, a move every STEP_MS (fewer when the machine is slow to deliver them).
      const t0 = Date.now();
      for (let elapsed = 0; elapsed < PHASE_MS; elapsed = Date.now() - t0) {
        await page.mouse.move(xAt(0.05 + (0.85 * elapsed) / PHASE_MS), y);
        steps += 1;
        const wait = STEP_MS - ((Date.now() - t0) % STEP_MS);
        await sleep(wait);
      }
      await page.mouse.up();
    });
    const end = await stats(page);
    mkdirSync(join(root, 'test-output', 'bench'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output', 'bench', 'scrub.png') });
    const f = (n: number, d = 1) => n.toFixed(d);
    const lines = [
      `scrub on the timeline bar (demo, ${VIEW}: ${s0.nodes} nodes / ${s0.connections} connections, ${RECORD_S} s of 1 s polls recorded, ${steps} pointer moves over ${f(scrub.seconds)} s): frame p50 ${f(scrub.p50Ms)} ms, p95 ${f(scrub.p95Ms)} ms (app's last-240 ${f(scrub.appP50Ms)} / ${f(scrub.appP95Ms)}); live in the same run p50 ${f(live.p50Ms)} ms, p95 ${f(live.p95Ms)} ms (${f(live.appP50Ms)} / ${f(live.appP95Ms)}); replay snapshots applied ${f(scrub.snapshotsPerS)}/s (${f(scrub.messagesPerS)} WebSocket messages/s; live ${f(live.snapshotsPerS)} graphs/s); load ${loadStart.map((l) => f(l)).join(' ')}`,
    ];
    process.stderr.write(lines.join('\n') + '\n');
    process.stdout.write(JSON.stringify({ lines, live, scrub, endedReplayAt: end.replayAt, loadAverage: { start: loadStart, end: loadavg() } }) + '\n');
  } finally {
    await browser.close();
    await hub.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`scrub: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
