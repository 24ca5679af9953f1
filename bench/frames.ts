// Benchmark: global- and region-view frame time of flowsight against Netflix's vizceral 4.9 on the same data, in one headless
// Chromium (issue 4 → Performance; CONTRACT.md → Performance goals), plus WebSocket update → rates-shown latency.
// Both pages get the same injected requestAnimationFrame interval recorder; warm-up is discarded. Prints one
// JSON line last, `{ lines, ... }`, which bench/run.ts shows. Screenshots go to test-output/bench/.
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
  let last = 0, on = false;
  const loop = (now) => { if (on && last) intervals.push(now - last); last = now; requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  window.__frameRecorder = {
    start() { intervals.length = 0; last = 0; on = true; },
    stop() { on = false; return intervals.slice(); },
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

/** Loads a page, waits until `ready` says the region is drawn, discards a warm-up, records SAMPLE_MS of frames. */
interface FrameSample {
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  frames: number;
  mainThreadMsPerFrame: number;
  mainThreadBusyShare: number;
}

/** `ms` of frame intervals and the main thread's busy time over them. */
async function sampleFrames(page: Page, cdp: CDPSession, ms: number): Promise<FrameSample> {
  const busy0 = await mainThreadSeconds(cdp);
  await page.evaluate(() => (window as unknown as { __frameRecorder: { start(): void } }).__frameRecorder.start());
  await sleep(ms);
  const intervals = await page.evaluate(() => (window as unknown as { __frameRecorder: { stop(): number[] } }).__frameRecorder.stop());
  const busyMs = ((await mainThreadSeconds(cdp)) - busy0) * 1000;
  const sorted = intervals.slice().sort((x, y) => x - y);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    meanMs: round(sorted.reduce((x, y) => x + y, 0) / Math.max(1, sorted.length)),
    frames: sorted.length,
    mainThreadMsPerFrame: round(busyMs / Math.max(1, sorted.length)),
    mainThreadBusyShare: round(busyMs / ms),
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
    const figures: FrameFigures = { ok: readyState !== null && sample.frames > 0, ...sample, readyMs, screenshot: shot, rendered, pageErrors };
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
      // Ready once the drawn node count has held for a second (the layout runs in a worker).
      if (s.nodes !== lastNodes) {
        lastNodes = s.nodes;
        settledAt = Date.now();
        return null;
      }
      return Date.now() - settledAt >= 1000 ? { ...s } : null;
    },
    async (page) => ({ ...(await flowsightStats(page)) }),
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

function line(set: Dataset, flowsight: FrameFigures, vizceral: FrameFigures): string {
  const fs = flowsight.ok ? `flowsight p50 ${fmt(flowsight.p50Ms)} ms / p95 ${fmt(flowsight.p95Ms)} ms` : `flowsight failed (${flowsight.error ?? 'no frames'})`;
  const vz = vizceral.ok
    ? `Vizceral p50 ${fmt(vizceral.p50Ms)} ms / p95 ${fmt(vizceral.p95Ms)} ms${vizceral.error ? ` (${vizceral.error})` : ''}`
    : vizceral.p50Ms !== undefined && !Number.isNaN(vizceral.p50Ms)
      ? `Vizceral p50 ${fmt(vizceral.p50Ms)} ms / p95 ${fmt(vizceral.p95Ms)} ms (${vizceral.error})`
      : `Vizceral failed to render (${vizceral.error ?? 'no frames'})`;
  const ratio = flowsight.ok && vizceral.p50Ms ? `${((flowsight.p50Ms ?? NaN) / vizceral.p50Ms).toFixed(2)}` : 'n/a';
  const d = flowsight.diagnosis as { labelsOff?: FrameSample; labelsOffCanvasHidden?: FrameSample } | undefined;
  const parts = d?.labelsOff && d.labelsOffCanvasHidden ? `; flowsight with labels off p50 ${fmt(d.labelsOff.p50Ms)} (mean ${fmt(d.labelsOff.meanMs)}) ms, labels off + WebGL canvas hidden p50 ${fmt(d.labelsOffCanvasHidden.p50Ms)} (mean ${fmt(d.labelsOffCanvasHidden.meanMs)}) ms` : '';
  const both = flowsight.ok && vizceral.p50Ms !== undefined && !Number.isNaN(vizceral.p50Ms);
  const extra = both
    ? `; mean interval ${fmt(flowsight.meanMs)} vs ${fmt(vizceral.meanMs)} ms (ratio ${((flowsight.meanMs ?? NaN) / (vizceral.meanMs ?? NaN)).toFixed(2)}), main thread ${fmt(flowsight.mainThreadMsPerFrame)} vs ${fmt(vizceral.mainThreadMsPerFrame)} ms/frame`
    : '';
  return `${set.view} view, ${set.label}: ${fs}, ${vz} → ratio ${ratio} [target ≤ ${set.target}]${extra}${parts}`;
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
  const results: Array<{ line: string; dataset: string; services: number; connections: number; region: string; vizceral: FrameFigures; flowsight: FrameFigures; ratioP50: number | null; target: number }> = [];
  let latency: Record<string, unknown> = { available: false, reason: 'not measured' };
  try {
    for (const set of sets) {
      log(`${set.label}: Vizceral…`);
      const vizceral = await measureVizceral(browser, base, set);
      log(`${set.label}: flowsight…`);
      let flowsight: FrameFigures;
      try {
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
      const ratio = flowsight.ok && vizceral.p50Ms ? round((flowsight.p50Ms ?? NaN) / vizceral.p50Ms) : null;
      results.push({ line: line(set, flowsight, vizceral), dataset: set.label, services: set.services, connections: set.connections, region: set.region, vizceral, flowsight, ratioP50: ratio, target: set.target });
      log(results.at(-1)?.line ?? '');
    }
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
    'ratios (flowsight p50 ÷ Vizceral p50): ' +
      results
        .map((r) => `${shortName[keyOf(r.dataset)] ?? r.dataset} ${r.ratioP50 === null ? 'n/a' : r.ratioP50.toFixed(2)} ${r.ratioP50 !== null && r.ratioP50 <= r.target ? '≤' : '>'} ${r.target}${r.ratioP50 !== null && r.ratioP50 <= r.target ? ' met' : ' NOT met'}`)
        .join(' · '),
  );
  lines.push(
    latency.available
      ? `WebSocket update → new rates shown (${sample.label}, 1 s polls, ${latency.updates} updates): p50 ${fmt(latency.p50Ms as number)} ms, p95 ${fmt(latency.p95Ms as number)} ms (lastUpdateLatencyMs); message → 2nd frame after it p95 ${fmt(latency.messageToSecondFrameP95Ms as number)} ms`
      : `WebSocket update → new rates shown: unavailable (${String(latency.reason)})`,
  );
  const load = `load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} → ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;
  lines.push(
    `frames = requestAnimationFrame intervals (${NO_VSYNC ? 'vsync off' : 'vsync-paced: p50/p95 come in 16.7 ms steps'}), ${WARMUP_MS / 1000} s warm-up discarded, ${SAMPLE_MS / 1000} s sampled, 1600×900 @1x, ${load}; Chromium ${CHROMIUM_FLAGS.join(' ')}`,
  );
  process.stdout.write(JSON.stringify({ lines, chromiumFlags: CHROMIUM_FLAGS, loadAverage: { start: loadStart, end: loadavg() }, sampleMs: SAMPLE_MS, warmupMs: WARMUP_MS, results, updateLatency: latency }) + '\n');
}

await main();
