// Benchmark: global- and region-view frame cost of flowsight against Netflix's vizceral 4.9 on the same data, in one
// headless Chromium (issue 4 → Performance; issue 15 §2 and §9; CONTRACT.md → Performance goals), plus WebSocket
// update → rates-shown latency. Prints one JSON line last, `{ lines, ... }`, which bench/run.ts shows.
// Screenshots go to test-output/bench/.
//
// What a frame costs, three ways, the same way for both pages (1600×900 window @1x, labels on, warm-up discarded):
//
// 1. Draw cost (the ratios' targets are judged on it). Each app's own frame loop is paused and its own per-frame
//    code is run DRAW_FRAMES times back to back in one task, each advancing its animation by 1/60 s — flowsight
//    through window.flowsight.clock.step() (renderer/scene/scene-clock.ts → frame-loop.ts → FlowScene.draw),
//    Vizceral through its render(time), the call its animate() makes each frame (bench/vizceral-harness/main.ts
//    pauses its loop) — and after each frame one pixel of the app's WebGL canvas is read back, which returns only
//    when the GPU (SwiftShader, in the GPU process) has finished that frame. Median ms per frame, split into the
//    app's script and the wait for the GPU. Independent of vsync, and it counts a frame that stalls the page in
//    full. Not in it: presenting and compositing the page (see 3), and DOM work — flowsight's labels are DOM, but
//    a steady frame does not touch them (they are re-placed only when the camera or data moves), so their cost is
//    compositing, which is in 2 and in the labels-off diagnosis, and main-thread time is reported separately.
// 2. Effective frame time: elapsed time between the recorder's start and stop, read by the page's own clock, ÷
//    display frames drawn (requestAnimationFrame callbacks) in between. What a user sees, stalls included: a page
//    whose frames block its main thread for seconds answers stop() seconds late and has drawn few frames. It is
//    vsync-paced (≥ 16.7 ms) and includes presenting, so for a cheap page it reads the browser's floor, not the page.
// 3. Present floor: the effective frame time of a bare page whose one 1600×900 WebGL canvas is cleared every frame,
//    measured before each page. On this software GL it is 20–50 ms with the machine's load; no page that draws
//    every frame is shown faster, whatever it draws.
// Also reported: requestAnimationFrame interval p50/p95 (the figure before 2026-12-02; vsync-quantised, and blind to
// stalls since it sees only intervals between frames that did run) and main-thread task ms per display frame (CDP
// Performance.TaskDuration over the effective window: script, style, layout, paint — flowsight's DOM labels too).
// flowsight's canvas is what its side panel leaves of the window (1208×900 before 2026-12-02 05:00), Vizceral's the whole window; each line
// also gives the draw ratio scaled to equal canvas area (the bound were all of flowsight's cost per pixel).
import { startServe } from './serve-process';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { FlowsightStats } from '../renderer/app/api';
import { CHROMIUM_ARGS } from '../test/e2e/support/browser';
import { generateGlobal, generateRegion, scaleRates, type VizceralDocument } from './generate-region';

const root = join(import.meta.dirname, '..');
const shots = join(root, 'test-output', 'bench');
const SAMPLE_MS = Number(process.env.SAMPLE_MS ?? 5000);
const WARMUP_MS = Number(process.env.WARMUP_MS ?? 2500);
const READY_TIMEOUT_MS = 45_000;
const UPDATES = Number(process.env.UPDATES ?? 10);

// Chromium flags. Software WebGL presents at most once per vsync, so rAF intervals come in 16.7 ms steps; we tried
// `--disable-gpu-vsync --disable-frame-rate-limit` to see real cost, but headless Chromium then runs rAF ahead of
// presentation (0.4 ms "frames" at > 1,000 Hz that never reach the screen, and page.screenshot() times out),
// which measures nothing. So frames are paced normally, and the figures include the mean interval (not
// quantised over many frames) and main-thread milliseconds per frame (CDP Performance.TaskDuration), which
// are independent of vsync. FRAMES_NO_VSYNC=1 adds the two flags anyway, for comparison.
const NO_VSYNC = process.env.FRAMES_NO_VSYNC === '1';
const CHROMIUM_FLAGS = [
  ...CHROMIUM_ARGS,
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  ...(NO_VSYNC ? ['--disable-gpu-vsync', '--disable-frame-rate-limit'] : []),
];

// Injected before any page script in both apps: a rAF loop that records frame-to-frame intervals, and a
// WebSocket wrapper that times each message to the second frame after it (the first that can show it is done).
const RECORDER = `(() => {
  const intervals = [];
  let last = 0, on = false, frames = 0, startedAt = 0;
  const loop = (now) => { if (on) { frames++; if (last) intervals.push(now - last); last = now; } requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  // A WebGL context the browser took away (the GPU watchdog ends a GPU process stuck on one frame for ~10 s):
  // afterwards the page's draws cost nothing, so its figures would read fast. Capture phase: the event does not bubble.
  window.__contextLost = 0;
  document.addEventListener('webglcontextlost', () => { window.__contextLost++; }, true);
  // stop() runs as a task of its own: a page whose frames stall its main thread answers late, and the elapsed
  // time it reports (in the page, not the bench's sleep) counts the stall.
  window.__frameRecorder = {
    start() { intervals.length = 0; last = 0; frames = 0; startedAt = performance.now(); on = true; },
    stop() { on = false; return { intervals: intervals.slice(), frames, elapsedMs: performance.now() - startedAt }; },
  };
  const paint = [];
  window.__messageToPaint = paint;
  const Native = window.WebSocket;
  if (Native) {
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', () => {
          const t0 = performance.now();
          requestAnimationFrame(() => requestAnimationFrame(() => paint.push(performance.now() - t0)));
        });
      }
    };
  }
})();`;

interface Dataset {
  key: string;
  label: string;
  view: 'global' | 'region';
  /** The region shown in a region view; '' for the global view. */
  region: string;
  services: number;
  connections: number;
  document: VizceralDocument;
  target: number;
}

interface FrameFigures {
  ok: boolean;
  error?: string;
  p50Ms?: number;
  p95Ms?: number;
  meanMs?: number;
  frames?: number;
  elapsedMs?: number;
  /** Elapsed time of the sampled window ÷ frames drawn in it (stalls counted). */
  effectiveMs?: number;
  /** Synchronous draw cost (vsync-independent), or why it could not be measured. */
  draw?: DrawCost;
  drawError?: string;
  /** The page's WebGL context was lost while it was measured (its figures after that are of a page drawing nothing). */
  contextLost?: boolean;
  /** presentFloor() just before this page was loaded. */
  presentFloorMs?: number;
  /** Renderer main-thread task time (script, style, layout, paint) per recorded frame. */
  mainThreadMsPerFrame?: number;
  mainThreadBusyShare?: number;
  readyMs?: number;
  screenshot?: string;
  rendered?: Record<string, unknown>;
  pageErrors?: string[];
  diagnosis?: Record<string, unknown>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`frames: ${line}\n`);

/** Every `updated` and `serverUpdateTime` set to now: a feed's own time is its freshness, and old data draws grey. */
function stampNow(document: VizceralDocument): VizceralDocument {
  const now = Date.now();
  return { ...document, serverUpdateTime: now, nodes: document.nodes.map((n) => (n.renderer === 'region' && n.name !== 'INTERNET' ? { ...n, updated: now } : n)) };
}

function datasets(): Dataset[] {
  const sample = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'vizceral-sample.json'), 'utf8')) as VizceralDocument;
  const east = sample.nodes.find((n) => n.name === 'us-east-1');
  const generated = [generateRegion(300), generateRegion(1000), generateRegion(5000)];
  const world = generateGlobal(20, 500);
  const all: Dataset[] = [
    {
      key: 'netflix-sample-global',
      label: `Netflix sample (${sample.nodes.length - 1} regions)`,
      view: 'global',
      region: '',
      services: sample.nodes.reduce((n, r) => n + (r.nodes?.length ?? 0), 0),
      connections: sample.connections.length,
      document: sample,
      target: 0.5,
    },
    {
      key: 'netflix-sample',
      label: `Netflix sample (${east?.nodes?.length ?? '?'} services)`,
      view: 'region',
      region: 'us-east-1',
      services: east?.nodes?.length ?? 0,
      connections: east?.connections?.length ?? 0,
      document: sample,
      target: 0.5,
    },
    ...generated.map((g) => ({
      key: `generated-${g.services}`,
      label: `generated ${g.services} services / ${g.connections} connections`,
      view: 'region' as const,
      region: g.region,
      services: g.services,
      connections: g.connections,
      document: g.graph,
      target: g.services >= 5000 ? 0.05 : g.services >= 1000 ? 0.25 : 0.5,
    })),
    {
      key: 'generated-20x500-global',
      label: `generated 20 regions × 500 services (${world.connections} connections)`,
      view: 'global',
      region: '',
      services: world.services,
      connections: world.connections,
      document: world.graph,
      target: 0.05,
    },
  ];
  // FRAMES_SETS=netflix-sample-global,generated-5000 measures a subset (keys as above).
  const pick = (process.env.FRAMES_SETS ?? '').split(',').filter(Boolean);
  return all.filter((set) => pick.length === 0 || pick.includes(set.key)).map((set) => ({ ...set, document: stampNow(set.document) }));
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

/** A static server for the Vizceral page and the data files (nothing of flowsight's hub involved). */
function serveDir(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
    if (path.startsWith('..')) return void res.writeHead(403).end();
    const file = join(dir, path);
    const stream = createReadStream(file);
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      stream.pipe(res);
    });
    stream.once('error', () => res.writeHead(404).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

async function buildHarness(outDir: string): Promise<void> {
  const dir = join(root, 'bench', 'vizceral-harness');
  mkdirSync(outDir, { recursive: true });
  await build({ entryPoints: [join(dir, 'main.ts')], bundle: true, format: 'iife', target: 'es2020', outfile: join(outDir, 'main.js'), logLevel: 'error', minify: false });
  copyFileSync(join(dir, 'index.html'), join(outDir, 'index.html'));
}

interface Hub {
  url: string;
  stop(): Promise<void>;
}

/** `flowsight serve` with a Vizceral file source, as a user would run it. */
async function startHub(tmp: string, name: string, dataFile: string, interval: number): Promise<Hub> {
  const config = join(tmp, `${name}.yaml`);
  writeFileSync(config, `interval: ${interval}\nsources:\n  - name: feed\n    type: vizceral\n    path: ${JSON.stringify(dataFile)}\n`);
  const hub = await startServe(['--port', '0', '--config', config]);
  const stderr = hub.stderr();
  if (/renderer build failed/.test(stderr)) log(`hub: ${stderr.trim().split('\n').find((l: string) => /renderer build failed/.test(l))}`);
  return hub;
}

/** The renderer main thread's busy seconds so far (CDP Performance.getMetrics → TaskDuration). */
async function mainThreadSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

async function waitFor<T>(page: Page, probe: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    await sleep(250);
  }
  return null;
}

interface FrameSample {
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  /** Display frames drawn in the window (requestAnimationFrame callbacks). */
  frames: number;
  /** The window as the page's own clock saw it, from start() to stop(): longer than SAMPLE_MS when frames stall the page. */
  elapsedMs: number;
  /** elapsedMs ÷ frames: the time a frame really took on screen, stalls included (vsync-paced: ≥ 16.7 ms). */
  effectiveMs: number;
  mainThreadMsPerFrame: number;
  /** Main-thread task time ÷ elapsed time (≤ 1 for one thread). */
  mainThreadBusyShare: number;
}

/** ~`ms` of frame intervals and the main thread's busy time over them. */
async function sampleFrames(page: Page, cdp: CDPSession, ms: number): Promise<FrameSample> {
  const busy0 = await mainThreadSeconds(cdp);
  await page.evaluate(() => (window as unknown as { __frameRecorder: { start(): void } }).__frameRecorder.start());
  await sleep(ms);
  const recorded = await page.evaluate(() => (window as unknown as { __frameRecorder: { stop(): { intervals: number[]; frames: number; elapsedMs: number } } }).__frameRecorder.stop());
  const busyMs = ((await mainThreadSeconds(cdp)) - busy0) * 1000;
  const sorted = recorded.intervals.slice().sort((x, y) => x - y);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    meanMs: round(sorted.reduce((x, y) => x + y, 0) / Math.max(1, sorted.length)),
    frames: recorded.frames,
    elapsedMs: round(recorded.elapsedMs),
    effectiveMs: round(recorded.elapsedMs / Math.max(1, recorded.frames)),
    mainThreadMsPerFrame: round(busyMs / Math.max(1, recorded.frames)),
    mainThreadBusyShare: round(busyMs / recorded.elapsedMs),
  };
}

const DRAW_FRAMES = Number(process.env.DRAW_FRAMES ?? 120);
const DRAW_BUDGET_MS = Number(process.env.DRAW_BUDGET_MS ?? 4000);
const DRAW_MIN_FRAMES = 3;
const DRAW_STEP_MS = 1000 / 60;

/** The synchronous draw cost: frames drawn back to back in one task by the app's own frame code, each finished on the GPU. */
interface DrawCost {
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  frames: number;
  /** Of the median frame: the part spent waiting for the GPU (the one-pixel readPixels after the app's frame returned). */
  gpuWaitP50Ms: number;
  /** The part spent in the app's frame code before that (scene update, three.js render submitting its draw calls). */
  scriptP50Ms: number;
  /** The drawing buffer and the canvas's CSS box the frames went to. */
  canvas: { width: number; height: number; cssWidth: number; cssHeight: number; context: string };
}

// Plain JavaScript, as RECORDER: the bench runs under tsx, whose helpers (__name) do not exist in the page.
const DRAW_COST = `async ({ app, canvasSelector, frames, budgetMs, minFrames, stepMs }) => {
  const clock = app === 'flowsight' ? window.flowsight?.clock : window.vizceralHarness?.clock;
  if (!clock) throw new Error(app + ': no clock to step');
  const canvas = document.querySelector(canvasSelector);
  if (!(canvas instanceof HTMLCanvasElement)) throw new Error(canvasSelector + ': no canvas');
  // The app's own context: getContext with the kind it was created with returns it (the other kind gives null).
  const webgl2 = canvas.getContext('webgl2');
  const gl = webgl2 ?? canvas.getContext('webgl');
  if (!gl) throw new Error(canvasSelector + ': no WebGL context');
  const pixel = new Uint8Array(4);
  const x = gl.drawingBufferWidth >> 1, y = gl.drawingBufferHeight >> 1;
  const wasPaused = clock.paused;
  clock.pause();
  gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  clock.step(stepMs);
  gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  const frame = [], wait = [];
  const t0 = performance.now();
  while (frame.length < frames && (frame.length < minFrames || performance.now() - t0 < budgetMs)) {
    const a = performance.now();
    clock.step(stepMs);
    const b = performance.now();
    gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    const c = performance.now();
    frame.push(c - a);
    wait.push(c - b);
  }
  if (!wasPaused) clock.resume();
  return {
    frame,
    wait,
    contextLost: gl.isContextLost() || window.__contextLost > 0,
    canvas: { width: gl.drawingBufferWidth, height: gl.drawingBufferHeight, cssWidth: canvas.clientWidth, cssHeight: canvas.clientHeight, context: webgl2 ? 'webgl2' : 'webgl' },
  };
}`;

/**
 * In the page: pauses the app's own frame loop, draws one warm-up frame and then up to DRAW_FRAMES frames back to
 * back (at least DRAW_MIN_FRAMES, then until DRAW_BUDGET_MS), each advancing the app's animation by 1/60 s through
 * the app's own per-frame code, and after each reads one pixel of the WebGL canvas back, which returns only once
 * the GPU (here SwiftShader in the GPU process) has finished every command of the frame. Then resumes the loop.
 * `app`: flowsight (window.flowsight.clock.step) or the Vizceral page (window.vizceralHarness.clock.step, which
 * calls Vizceral's render(time)).
 */
async function drawCost(page: Page, app: 'flowsight' | 'vizceral', canvasSelector: string): Promise<DrawCost> {
  const args = { app, canvasSelector, frames: DRAW_FRAMES, budgetMs: DRAW_BUDGET_MS, minFrames: DRAW_MIN_FRAMES, stepMs: DRAW_STEP_MS };
  const raw = (await page.evaluate(`(${DRAW_COST})(${JSON.stringify(args)})`)) as { frame: number[]; wait: number[]; contextLost: boolean; canvas: DrawCost['canvas'] };
  if (raw.contextLost) throw new Error('its WebGL context was lost (the GPU process gave up on a frame): no draw cost');
  const sorted = raw.frame.slice().sort((a, b) => a - b);
  // The split of the median frame: its own wait, not the median of the waits (they need not be the same frame).
  const order = raw.frame.map((_, i) => i).sort((a, b) => (raw.frame[a] ?? 0) - (raw.frame[b] ?? 0));
  const median = order[Math.max(0, Math.ceil(order.length / 2) - 1)] ?? 0;
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    frames: sorted.length,
    gpuWaitP50Ms: round(raw.wait[median] ?? NaN),
    scriptP50Ms: round((raw.frame[median] ?? NaN) - (raw.wait[median] ?? NaN)),
    canvas: raw.canvas,
  };
}

/** A named variation of a measured page (labels off, canvas hidden…) to see which part of a frame costs most. */
type Diagnosis = (page: Page, sample: (ms: number) => Promise<FrameSample>) => Promise<Record<string, unknown>>;

/** Loads a page, waits until `ready` says the region is drawn, discards a warm-up, records SAMPLE_MS of frames. */
async function measure(
  browser: Browser,
  url: string,
  shot: string,
  ready: (page: Page) => Promise<Record<string, unknown> | null>,
  describe: (page: Page) => Promise<Record<string, unknown>>,
  draw: { app: 'flowsight' | 'vizceral'; canvas: string },
  diagnose?: Diagnosis,
): Promise<FrameFigures> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.length < 5 && pageErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && pageErrors.length < 5 && pageErrors.push(message.text()));
  await page.addInitScript({ content: RECORDER });
  const started = Date.now();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    const readyState = await waitFor(page, () => ready(page), READY_TIMEOUT_MS);
    const readyMs = Date.now() - started;
    await sleep(WARMUP_MS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const sample = await sampleFrames(page, cdp, SAMPLE_MS);
    const rendered = { ...(await describe(page).catch((error: Error) => ({ describeError: error.message }))), readyState };
    const contextLost = await page.evaluate(() => (window as unknown as { __contextLost: number }).__contextLost).catch(() => 0);
    const figures: FrameFigures = { ok: readyState !== null && sample.frames > 0 && contextLost === 0, ...sample, readyMs, screenshot: shot, rendered, pageErrors };
    figures.contextLost = contextLost > 0;
    if (contextLost > 0) figures.error = 'WebGL context lost (the GPU process gave up on a frame): frames after it drew nothing';
    if (readyState !== null) {
      await drawCost(page, draw.app, draw.canvas).then(
        (cost) => (figures.draw = cost),
        (error: Error) => {
          const message = error.message.split('\n')[0] ?? '';
          figures.drawError = message;
          if (/context was lost/.test(message)) figures.contextLost = true;
        },
      );
    }
    // A screenshot needs the page to produce a frame; one that cannot is worth knowing, not a lost measurement.
    await page.screenshot({ path: shot, timeout: 20_000 }).catch((error: Error) => (figures.screenshot = `failed: ${error.message.split('\n')[0]}`));
    if (readyState === null) figures.error = `not ready after ${READY_TIMEOUT_MS / 1000} s`;
    if (diagnose && figures.ok) figures.diagnosis = await diagnose(page, (ms) => sampleFrames(page, cdp, ms)).catch((error: Error) => ({ error: error.message.split('\n')[0] }));
    return figures;
  } catch (error) {
    await page.screenshot({ path: shot }).catch(() => undefined);
    return { ok: false, error: (error as Error).message.split('\n')[0], pageErrors, screenshot: shot };
  } finally {
    await context.close();
  }
}

interface VizceralStatus {
  state: string;
  error: string | null;
  nodes: number;
  connections: number;
  layoutPending: boolean;
}
const vizceralStatus = (page: Page) => page.evaluate(() => (window as unknown as { vizceralHarness: { status(): VizceralStatus } }).vizceralHarness.status());

async function measureVizceral(browser: Browser, base: string, set: Dataset): Promise<FrameFigures> {
  const url = `${base}harness/index.html?data=${encodeURIComponent(`/data/${set.key}.json`)}&region=${encodeURIComponent(set.region)}`; // region '' = global
  const figures = await measure(
    browser,
    url,
    join(shots, `frames-vizceral-${set.key}.png`),
    async (page) => {
      const s = await vizceralStatus(page);
      if (s.state === 'failed') throw new Error(s.error ?? 'failed');
      return s.state === 'rendering' && s.nodes > 0 && !s.layoutPending ? { ...s } : null;
    },
    async (page) => ({ ...(await vizceralStatus(page)) }),
    { app: 'vizceral', canvas: '#vizceral' },
  );
  if (figures.rendered?.state === 'failed') {
    figures.ok = false;
    figures.error = `failed to render: ${String(figures.rendered.error)}`;
  } else if (figures.readyMs !== undefined && figures.rendered && figures.rendered.layoutPending) figures.error = 'region layout still running after the wait';
  return figures;
}

const flowsightStats = (page: Page) => page.evaluate(() => (window as unknown as { flowsight: { stats(): FlowsightStats } }).flowsight.stats());

async function measureFlowsight(browser: Browser, hubUrl: string, set: Dataset): Promise<FrameFigures> {
  let settledAt = 0;
  let lastNodes = -1;
  return measure(
    browser,
    set.view === 'global' ? `${hubUrl}#/` : `${hubUrl}#/region/${encodeURIComponent(set.region)}`,
    join(shots, `frames-flowsight-${set.key}.png`),
    async (page) => {
      const s = await flowsightStats(page);
      if (s.view !== set.view || (set.view === 'region' && s.region !== set.region) || s.nodes === 0) return null;
      // Ready once the drawn node count has held for a second and the layout has settled (elk runs in a worker and
      // the nodes glide to its answer: neither is a steady frame, as Vizceral's page waits for its layout too).
      if (s.layoutPending) {
        settledAt = Date.now();
        return null;
      }
      if (s.nodes !== lastNodes) {
        lastNodes = s.nodes;
        settledAt = Date.now();
        return null;
      }
      return Date.now() - settledAt >= 1000 ? { ...s } : null;
    },
    async (page) => ({ ...(await flowsightStats(page)), labelsShown: await page.evaluate(() => (window as unknown as { flowsight: { labels(): unknown[] } }).flowsight.labels().length) }),
    { app: 'flowsight', canvas: '#scene' },
    DIAGNOSE ? diagnoseFlowsight : undefined,
  );
}

const DIAGNOSE_MS = 3000;
const DIAGNOSE = process.env.FRAMES_DIAGNOSE !== '0';

/**
 * Where flowsight's frame goes: the same page with its labels off (the app's `l` key), then with the WebGL canvas
 * hidden as well (DOM and compositing only). Only flowsight's own switches and CSS are used.
 */
const diagnoseFlowsight: Diagnosis = async (page, sample) => {
  await page.keyboard.press('l');
  await sleep(1000);
  const labelsOn = (await flowsightStats(page) as unknown as { labels?: boolean }).labels;
  const labelsOff = await sample(DIAGNOSE_MS);
  // A style property, not a <style> tag: the app's CSP (style-src 'self') refuses inline sheets.
  await page.evaluate(() => document.getElementById('scene')?.style.setProperty('visibility', 'hidden'));
  await sleep(1000);
  const canvasHidden = await sample(DIAGNOSE_MS);
  return { labelsOff: { ...labelsOff, labelsShownAfterToggle: labelsOn }, labelsOffCanvasHidden: canvasHidden };
};

const latencyNow = (page: Page) => page.evaluate(() => (window as unknown as { flowsight: { lastUpdateLatencyMs(): number | null } }).flowsight.lastUpdateLatencyMs());

/** WebSocket update → new rates shown: the file is rewritten with new rates every second, the hub polls each second. */
async function measureUpdateLatency(browser: Browser, tmp: string, set: Dataset): Promise<Record<string, unknown>> {
  const file = join(tmp, 'data', `latency-${set.key}.json`);
  writeFileSync(file, JSON.stringify(set.document));
  const hub = await startHub(tmp, 'latency', file, 1);
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.addInitScript({ content: RECORDER });
  try {
    await page.goto(`${hub.url}#/region/${encodeURIComponent(set.region)}`, { waitUntil: 'load', timeout: 60_000 });
    const hasApi = await waitFor(page, () => page.evaluate(() => (typeof (window as unknown as { flowsight?: { stats?: unknown } }).flowsight?.stats === 'function' ? (typeof (window as unknown as { flowsight: { lastUpdateLatencyMs?: unknown } }).flowsight.lastUpdateLatencyMs === 'function' ? 'yes' : 'no') : null)), 30_000);
    if (hasApi !== 'yes') return { available: false, reason: hasApi === 'no' ? 'window.flowsight.lastUpdateLatencyMs() is not there' : 'the app did not start' };
    await waitFor(page, async () => ((await flowsightStats(page)).nodes > 0 ? true : null), READY_TIMEOUT_MS);
    await sleep(1500);
    await page.evaluate(() => ((window as unknown as { __messageToPaint: number[] }).__messageToPaint.length = 0));
    const seen: number[] = [];
    let previous: number | null = await latencyNow(page);
    const until = Date.now() + (UPDATES + 4) * 1000;
    let writes = 0;
    let nextWrite = 0;
    while (seen.length < UPDATES && Date.now() < until) {
      if (Date.now() >= nextWrite) {
        writes++;
        // Write then rename, so a poll never reads half a file.
        writeFileSync(`${file}.tmp`, JSON.stringify(scaleRates(set.document, 1 + 0.05 * (writes % 7))));
        renameSync(`${file}.tmp`, file);
        nextWrite = Date.now() + 1000;
      }
      const value = await latencyNow(page);
      if (value !== null && value !== previous) seen.push(value);
      previous = value;
      await sleep(20);
    }
    const toPaint = await page.evaluate(() => (window as unknown as { __messageToPaint: number[] }).__messageToPaint.slice());
    const sorted = seen.slice().sort((a, b) => a - b);
    const paint = toPaint.slice().sort((a, b) => a - b);
    return {
      available: true,
      updates: sorted.length,
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      messageToSecondFrameP50Ms: round(percentile(paint, 50)),
      messageToSecondFrameP95Ms: round(percentile(paint, 95)),
      messages: paint.length,
    };
  } catch (error) {
    return { available: false, reason: (error as Error).message.split('\n')[0] };
  } finally {
    await context.close();
    await hub.stop();
  }
}

const fmt = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '?' : ms.toFixed(1));

/**
 * What presenting a frame costs this browser whatever is drawn: a bare page with one 1600×900 WebGL canvas (no
 * antialiasing, opaque) cleared every display frame, its effective frame time over `ms`. On SwiftShader this floor
 * is 20–50 ms with the machine's load, so no page that draws every frame shows a frame faster than it.
 */
async function presentFloor(browser: Browser, ms: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.setContent('<body style="margin:0;background:#000"><canvas id="c" width="1600" height="900" style="display:block;width:1600px;height:900px"></canvas></body>');
    const perFrame = await page.evaluate(`new Promise((resolve) => {
      const gl = document.getElementById('c').getContext('webgl2', { antialias: false, alpha: false });
      let n = 0, t0 = 0;
      const loop = (t) => {
        gl.clearColor(n % 2 ? 0.2 : 0.3, 0.1, 0.1, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
        if (!t0) t0 = t; else n++;
        if (t - t0 < ${ms}) requestAnimationFrame(loop); else resolve((t - t0) / Math.max(1, n));
      };
      requestAnimationFrame(loop);
    })`);
    return round(perFrame as number);
  } finally {
    await context.close();
  }
}

/** flowsight ÷ Vizceral of one figure, or null when either side has none. */
function ratioOf(flowsight: number | undefined, vizceral: number | undefined): number | null {
  if (flowsight === undefined || vizceral === undefined || !Number.isFinite(flowsight) || !Number.isFinite(vizceral) || vizceral <= 0) return null;
  return Math.round((flowsight / vizceral) * 1000) / 1000;
}

const fmtRatio = (r: number | null) => (r === null ? 'n/a' : r < 0.1 ? r.toFixed(3) : r.toFixed(2));

interface Ratios {
  /** Synchronous draw cost p50 (the measure the targets are judged on). */
  draw: number | null;
  /** Effective frame time: elapsed ÷ frames drawn (vsync floors flowsight at 16.7 ms: an upper bound on its ratio). */
  effective: number | null;
  /** requestAnimationFrame interval p50 (the figure before 2026-12-02; vsync-quantised, blind to stalls). */
  rafP50: number | null;
  /** Main-thread task time per display frame. */
  mainThread: number | null;
}

function ratios(flowsight: FrameFigures, vizceral: FrameFigures): Ratios {
  const none: FrameFigures = { ok: false };
  const fs = flowsight.ok ? flowsight : none;
  // A Vizceral page that drew frames counts even when flagged (layout still running): its frames are what a user sees.
  const vz = vizceral.frames && !vizceral.contextLost ? vizceral : none;
  return {
    draw: ratioOf(flowsight.draw?.p50Ms, vizceral.draw?.p50Ms),
    effective: ratioOf(fs.effectiveMs, vz.effectiveMs),
    rafP50: ratioOf(fs.p50Ms, vz.p50Ms),
    mainThread: ratioOf(fs.mainThreadMsPerFrame, vz.mainThreadMsPerFrame),
  };
}

const drawText = (d: DrawCost | undefined, error: string | undefined) =>
  d ? `${fmt(d.p50Ms)} ms (p95 ${fmt(d.p95Ms)}, ${d.frames} frames; script ${fmt(d.scriptP50Ms)} + GPU wait ${fmt(d.gpuWaitP50Ms)})` : `? (${error ?? 'not measured'})`;

/** The target judged on the draw cost: unmeasured when Vizceral could not draw (lost its context) and flowsight could. */
function verdict(r: Ratios, target: number, flowsight: FrameFigures, vizceral: FrameFigures): 'met' | 'NOT met' | 'unmeasured' {
  if (r.draw !== null) return r.draw <= target ? 'met' : 'NOT met';
  return flowsight.draw && vizceral.contextLost ? 'unmeasured' : 'NOT met';
}

function line(set: Dataset, flowsight: FrameFigures, vizceral: FrameFigures, r: Ratios, met: string): string {
  const head = `${set.view} view, ${set.label}: draw cost flowsight ${drawText(flowsight.draw, flowsight.drawError)} vs Vizceral ${drawText(vizceral.draw, vizceral.drawError)} → ratio ${fmtRatio(r.draw)} [target ≤ ${set.target}: ${met}]`;
  const fc = flowsight.draw?.canvas;
  const vc = vizceral.draw?.canvas;
  // flowsight's canvas is what the side panel leaves of the 1600×900 window; were all its cost per pixel, at
  // Vizceral's canvas size it would cost this much more.
  const area = fc && vc && r.draw !== null ? fmtRatio(ratioOf(r.draw * vc.width * vc.height, fc.width * fc.height)) : 'n/a';
  const seen = flowsight.rendered as { nodes?: number; particles?: number; labelsShown?: number } | undefined;
  const what = `; canvas ${fc ? `${fc.width}×${fc.height}` : '?'} vs ${vc ? `${vc.width}×${vc.height}` : '?'} (ratio scaled to equal area ${area}); flowsight drew ${seen?.nodes ?? '?'} nodes, ${seen?.particles ?? '?'} particles, ${seen?.labelsShown ?? '?'} DOM labels`;
  const fs = flowsight.ok ? '' : `; flowsight failed (${flowsight.error ?? 'no frames'})`;
  const vz = vizceral.frames ? (vizceral.error ? `; Vizceral: ${vizceral.error}` : '') : `; Vizceral drew no frames (${vizceral.error ?? 'no frames'})`;
  const effective = `; effective frame ${fmt(flowsight.effectiveMs)} vs ${fmt(vizceral.effectiveMs)} ms (present floor ${fmt(flowsight.presentFloorMs)} / ${fmt(vizceral.presentFloorMs)} ms before each; ${flowsight.frames ?? 0} vs ${vizceral.frames ?? 0} frames in ${fmt((flowsight.elapsedMs ?? NaN) / 1000)} vs ${fmt((vizceral.elapsedMs ?? NaN) / 1000)} s, ratio ${fmtRatio(r.effective)})`;
  const raf = `; rAF p50 ${fmt(flowsight.p50Ms)} vs ${fmt(vizceral.p50Ms)} ms (ratio ${fmtRatio(r.rafP50)}), p95 ${fmt(flowsight.p95Ms)} vs ${fmt(vizceral.p95Ms)} ms`;
  const main = `; main thread ${fmt(flowsight.mainThreadMsPerFrame)} vs ${fmt(vizceral.mainThreadMsPerFrame)} ms/frame (busy ${fmt((flowsight.mainThreadBusyShare ?? NaN) * 100)} vs ${fmt((vizceral.mainThreadBusyShare ?? NaN) * 100)} %)`;
  const d = flowsight.diagnosis as { labelsOff?: FrameSample; labelsOffCanvasHidden?: FrameSample } | undefined;
  const parts = d?.labelsOff && d.labelsOffCanvasHidden ? `; flowsight with labels off effective ${fmt(d.labelsOff.effectiveMs)} ms, labels off + WebGL canvas hidden ${fmt(d.labelsOffCanvasHidden.effectiveMs)} ms` : '';
  return `${head}${what}${fs}${vz}${effective}${raf}${main}${parts}`;
}

async function main(): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const loadStart = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), 'flowsight-frames-'));
  const sets = datasets();
  const sample = (sets.find((set) => set.view === 'region') ?? sets[0]) as Dataset;
  mkdirSync(join(tmp, 'data'), { recursive: true });
  for (const set of sets) writeFileSync(join(tmp, 'data', `${set.key}.json`), JSON.stringify(set.document));
  await buildHarness(join(tmp, 'harness'));
  const { server, url: base } = await serveDir(tmp);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const results: Array<{ line: string; dataset: string; services: number; connections: number; region: string; vizceral: FrameFigures; flowsight: FrameFigures; ratios: Ratios; target: number; met: string }> = [];
  let latency: Record<string, unknown> = { available: false, reason: 'not measured' };
  const floor: number[] = [];
  try {
    floor.push(await presentFloor(browser, 3000));
    for (const set of sets) {
      log(`${set.label}: Vizceral…`);
      // The floor before each page, measured where it is: it also waits out any GPU work the last page left queued.
      const vizceralFloor = await presentFloor(browser, 2000);
      const vizceral = await measureVizceral(browser, base, set);
      vizceral.presentFloorMs = vizceralFloor;
      log(`${set.label}: flowsight…`);
      const flowsightFloor = await presentFloor(browser, 2000);
      let flowsight: FrameFigures;
      try {
        // Stamped now: the Vizceral page can take minutes, and data past the source's maxAge is drawn stale (grey).
        writeFileSync(join(tmp, 'data', `${set.key}.json`), JSON.stringify(stampNow(set.document)));
        // A long poll interval: the page gets its snapshot on connect and no updates while frames are sampled.
        const hub = await startHub(tmp, set.key, join(tmp, 'data', `${set.key}.json`), 3600);
        try {
          flowsight = await measureFlowsight(browser, hub.url, set);
        } finally {
          await hub.stop();
        }
      } catch (error) {
        flowsight = { ok: false, error: (error as Error).message.split('\n')[0] };
      }
      flowsight.presentFloorMs = flowsightFloor;
      const r = ratios(flowsight, vizceral);
      const met = verdict(r, set.target, flowsight, vizceral);
      results.push({ line: line(set, flowsight, vizceral, r, met), dataset: set.label, services: set.services, connections: set.connections, region: set.region, vizceral, flowsight, ratios: r, target: set.target, met });
      log(results.at(-1)?.line ?? '');
    }
    floor.push(await presentFloor(browser, 3000));
    log('update latency…');
    latency = await measureUpdateLatency(browser, tmp, sample);
  } finally {
    await browser.close();
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }

  const lines = results.map((r) => r.line);
  // Every ratio beside its goal on one line (CONTRACT.md → Performance goals; issue 15 §2 and §9).
  const shortName: Record<string, string> = {
    'netflix-sample-global': 'global Netflix',
    'netflix-sample': 'region Netflix',
    'generated-300': 'region 300',
    'generated-1000': 'region 1,000',
    'generated-5000': 'region 5,000 (islands)',
    'generated-20x500-global': 'global 20×500',
  };
  const keyOf = (label: string) => sets.find((set) => set.label === label)?.key ?? label;
  lines.push(
    'ratios flowsight ÷ Vizceral, draw cost (effective frame, rAF p50): ' +
      results
        .map((r) => `${shortName[keyOf(r.dataset)] ?? r.dataset} ${fmtRatio(r.ratios.draw)} ${r.met === 'met' ? '≤' : r.met === 'NOT met' ? '>' : 'vs'} ${r.target} ${r.met}${r.met === 'unmeasured' ? ' (Vizceral lost its WebGL context)' : ''} (${fmtRatio(r.ratios.effective)}, ${fmtRatio(r.ratios.rafP50)})`)
        .join(' · '),
  );
  lines.push(
    `present floor (a bare 1600×900 WebGL canvas cleared every frame, same browser): ${floor.map((f) => fmt(f)).join(' ms at the start, ')} ms at the end of the run — no page that draws every frame is shown faster; the effective frame times above include it, the draw costs do not`,
  );
  lines.push(
    latency.available
      ? `WebSocket update → new rates shown (${sample.label}, 1 s polls, ${latency.updates} updates): p50 ${fmt(latency.p50Ms as number)} ms, p95 ${fmt(latency.p95Ms as number)} ms (lastUpdateLatencyMs); message → 2nd frame after it p95 ${fmt(latency.messageToSecondFrameP95Ms as number)} ms`
      : `WebSocket update → new rates shown: unavailable (${String(latency.reason)})`,
  );
  const load = `load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} → ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;
  lines.push(
    `draw cost = each app's own frame code run back to back in one task (paused loop, 1/60 s of animation per frame), each frame finished on the GPU by a 1-pixel readPixels: p50 of ≤ ${DRAW_FRAMES} frames (≥ ${DRAW_MIN_FRAMES}, ${DRAW_BUDGET_MS / 1000} s budget); effective frame = in-page elapsed time ÷ display frames drawn (stalls counted; vsync floors it at 16.7 ms); rAF intervals ${NO_VSYNC ? 'vsync off' : 'vsync-paced, in 16.7 ms steps'}; ${WARMUP_MS / 1000} s warm-up discarded, ${SAMPLE_MS / 1000} s sampled, 1600×900 @1x, ${load}; Chromium ${CHROMIUM_FLAGS.join(' ')}`,
  );
  process.stdout.write(JSON.stringify({ lines, presentFloorMs: floor, chromiumFlags: CHROMIUM_FLAGS, loadAverage: { start: loadStart, end: loadavg() }, sampleMs: SAMPLE_MS, warmupMs: WARMUP_MS, results, updateLatency: latency }) + '\n');
}

await main();
