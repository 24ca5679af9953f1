// Benchmark: an accelerated soak of the whole pipeline (issue 5 §2 and Tests → Soak). The demo's clock runs
// SOAK_SPEED× fast (default 60: a real minute is a simulated hour) and a service appears and another goes every
// SOAK_CHURN_MIN simulated minutes; the hub polls every SOAK_INTERVAL s; 20 WebSocket displays (5 pausing,
// 5 reconnecting) and a real Chromium on `/?wall=2` watch it. Every ~10 s: hub heap after GC, hub send
// buffers, page heap after GC, DOM nodes, live WebGL objects, what the page draws. Figures: median of the
// first vs the last third after warm-up, as growth per simulated hour, and a verdict. Run with --expose-gc.
// Prints one JSON line last, `{ lines, ... }`, which bench/run.ts shows.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/e2e/support/browser';
import { GL_COUNTER_SCRIPT, MEMORY_FLAGS, hubFootprint, pageFootprint, startDisplays, startSoakHub, trend, type Trend } from './soak-rig';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const SPEED = Number(process.env.SOAK_SPEED ?? 60);
const CHURN_MIN = Number(process.env.SOAK_CHURN_MIN ?? 3);
const INTERVAL_S = Number(process.env.SOAK_INTERVAL ?? 0.2);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 10_000);
const WALL_S = 2;
const DISPLAYS = { total: 20, slow: 5, reconnecting: 5 };
/** High-water mark above which WsHub skips a display (electron/hub/ws-hub.ts), plus one snapshot in flight. */
const PER_SLOW_DISPLAY_BYTES = 4 * 2 ** 20 + 2 ** 20;
const CHROMIUM_FLAGS = [
  ...CHROMIUM_ARGS,
  ...MEMORY_FLAGS,
];

interface Sample {
  realS: number;
  simulatedMs: number;
  hubHeapMB: number;
  wsBufferedMB: number;
  connections: number;
  pageHeapMB: number;
  domNodes: number;
  glBuffers: number;
  glTextures: number;
  glPrograms: number;
  view: string;
  nodes: number;
  particles: number;
  updates: number;
  services: number;
}

function services(graph: ReturnType<Awaited<ReturnType<typeof startSoakHub>>['hub']['graph']>): string[] {
  return graph.regions.flatMap((r) => r.nodes.filter((n) => n.kind === 'service').map((n) => `${r.name}/${n.name}`));
}

const soak = await startSoakHub({ speed: SPEED, churnEveryMs: CHURN_MIN * 60_000, intervalSeconds: INTERVAL_S });
const displays = startDisplays(soak.hub.url, DISPLAYS.total, DISPLAYS.slow, DISPLAYS.reconnecting);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
const pageErrors: string[] = [];
page.on('pageerror', (error) => pageErrors.push(error.message));
await page.addInitScript(GL_COUNTER_SCRIPT);
await page.goto(`${soak.hub.url}?wall=${WALL_S}`);
await page.waitForFunction(() => {
  const api = (window as unknown as { flowsight?: { stats(): { live: boolean; wall: boolean } } }).flowsight;
  return api?.stats().live === true && api.stats().wall === true;
}, undefined, { timeout: 45_000 });

const started = Date.now();
const durationMs = MINUTES * 60_000;
// Warm-up: V8 compiles the hot paths, layout caches and history rings fill, and Chromium's bounded
// performance-timeline buffers (layout-shift, long-animation-frame entries) fill; about two real minutes.
const warmupMs = Math.min(60_000, durationMs / 3);
const samples: Sample[] = [];
const views = new Set<string>();
const serviceNames = new Set<string>();
let viewChanges = 0;
let lastView = '';
while (Date.now() - started < durationMs) {
  // Views change every 2 s; watch them (cheaply) between the samples.
  const sampleDue = Date.now() + SAMPLE_MS;
  while (Date.now() < sampleDue && Date.now() - started < durationMs) {
    await page.waitForTimeout(500);
    const view = await page.evaluate(() => {
      const s = (window as unknown as { flowsight: { stats(): { view: string; region: string | null } } }).flowsight.stats();
      return `${s.view}:${s.region ?? ''}`;
    });
    if (view !== lastView) viewChanges++;
    lastView = view;
    views.add(view);
    for (const name of services(soak.hub.graph())) serviceNames.add(name);
  }
  const hub = hubFootprint(soak.hub.port);
  const shown = await pageFootprint(page);
  const realS = (Date.now() - started) / 1000;
  const sample: Sample = {
    realS,
    simulatedMs: soak.simulatedMs(),
    hubHeapMB: hub.heapMB,
    wsBufferedMB: hub.wsBufferedBytes / 2 ** 20,
    connections: hub.connections,
    pageHeapMB: shown.heapMB,
    domNodes: shown.domNodes,
    glBuffers: shown.gl?.buffers ?? Number.NaN,
    glTextures: shown.gl?.textures ?? Number.NaN,
    glPrograms: shown.gl?.programs ?? Number.NaN,
    view: `${shown.stats.view}:${shown.stats.region ?? ''}`,
    nodes: shown.stats.nodes,
    particles: shown.stats.particles,
    updates: shown.stats.updates,
    services: services(soak.hub.graph()).length,
  };
  samples.push(sample);
  process.stderr.write(
    `soak ${realS.toFixed(0)} s (sim ${(sample.simulatedMs / 60_000).toFixed(0)} min): hub ${sample.hubHeapMB.toFixed(1)} MB, ws ${sample.wsBufferedMB.toFixed(2)} MB over ${sample.connections} conns, page ${sample.pageHeapMB.toFixed(1)} MB, DOM ${sample.domNodes}, GL ${sample.glBuffers}/${sample.glTextures}/${sample.glPrograms}, ${sample.view} ${sample.nodes} nodes ${sample.particles} particles, ${sample.updates} updates\n`,
  );
}

const metricsText = await (await fetch(new URL('/metrics', soak.hub.url))).text();
const metric = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metricsText)?.[1] ?? Number.NaN);
const fpsSeries = metricsText.split('\n').filter((line) => line.startsWith('flowsight_client_fps{')).length;
const received = await displays.stop();
const finalStats = samples.at(-1);
await browser.close();
await soak.close();

const measured = samples.filter((s) => s.realS * 1000 >= warmupMs);
const at = measured.map((s) => s.simulatedMs);
const series = (key: keyof Sample): Trend => trend(measured.map((s) => Number(s[key])), at);
const trends = {
  hubHeapMB: series('hubHeapMB'),
  wsBufferedMB: series('wsBufferedMB'),
  pageHeapMB: series('pageHeapMB'),
  domNodes: series('domNodes'),
  glBuffers: series('glBuffers'),
  glTextures: series('glTextures'),
  glPrograms: series('glPrograms'),
};
// Flat: the last third is within a small bound of the first (absolute floor for noise, or a few per cent).
const bound = {
  hubHeapMB: Math.max(1, trends.hubHeapMB.first * 0.05),
  pageHeapMB: Math.max(2, trends.pageHeapMB.first * 0.05),
  domNodes: Math.max(20, trends.domNodes.first * 0.05),
  glBuffers: Math.max(10, trends.glBuffers.first * 0.1),
  glTextures: Math.max(5, trends.glTextures.first * 0.1),
  glPrograms: 2,
};
// Send buffers are bounded, not flat: a paused display holds up to the high-water mark, then is skipped.
const wsBoundMB = (DISPLAYS.slow * PER_SLOW_DISPLAY_BYTES) / 2 ** 20;
const flat = {
  hubHeap: trends.hubHeapMB.growth <= bound.hubHeapMB,
  pageHeap: trends.pageHeapMB.growth <= bound.pageHeapMB,
  domNodes: trends.domNodes.growth <= bound.domNodes,
  gl:
    !(trends.glBuffers.growth > bound.glBuffers) && !(trends.glTextures.growth > bound.glTextures) && !(trends.glPrograms.growth > bound.glPrograms),
  wsBuffers: trends.wsBufferedMB.max <= wsBoundMB,
};
const verdict = Object.values(flat).every(Boolean) ? 'flat' : `GROWING: ${Object.entries(flat).filter(([, ok]) => !ok).map(([k]) => k).join(', ')}`;

// What the page drew, per kind of view: the soak measured a page that was drawing, not an empty one.
const drawn = (['global', 'region', 'focus'] as const)
  .map((kind) => {
    const of = measured.filter((s) => s.view.startsWith(`${kind}:`));
    if (of.length === 0) return null;
    const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
    return `${kind} ${range(of.map((s) => s.nodes))} nodes, ${range(of.map((s) => s.particles))} particles (${of.length} samples)`;
  })
  .filter((text) => text !== null)
  .join('; ');
const simulatedHours = soak.simulatedMs() / 3_600_000;
const experiments = [...serviceNames].filter((name) => name.includes('/experiment-')).length;
const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));
const signed = (value: number, digits = 1) => (value >= 0 ? '+' : '') + fmt(value, digits);
const row = (label: string, t: Trend, unit: string, digits = 1, b?: number) =>
  `  ${label}: ${fmt(t.first, digits)} → ${fmt(t.last, digits)} ${unit} (${signed(t.perSimulatedHour, digits)} ${unit}/sim-hour, max ${fmt(t.max, digits)}${b === undefined ? '' : `; flat bound +${fmt(b, digits)}`})`;
const lines = [
  `soak: ${MINUTES} real min = ${fmt(simulatedHours, 2)} simulated h at ${SPEED}×; polls every ${INTERVAL_S} s (${finalStats?.updates ?? 0} updates applied by the page), wall dwell ${WALL_S} s (${viewChanges} view changes over ${views.size} views), churn every ${CHURN_MIN} sim-min (${experiments} experiment services came and went); ${DISPLAYS.total} WS displays (${DISPLAYS.slow} pausing, ${DISPLAYS.reconnecting} reconnecting: ${received.connects} connects, ${received.pauses} pauses, ${received.dropped} dropped by the hub); ${measured.length} samples after ${fmt(warmupMs / 1000, 0)} s warm-up, median of first vs last third`,
  row('hub process heap after GC (hub + the Playwright client driving Chromium)', trends.hubHeapMB, 'MB', 1, bound.hubHeapMB),
  row('hub WS send buffers', trends.wsBufferedMB, 'MB', 2) + `; bound ${fmt(wsBoundMB, 0)} MB; ${metric('flowsight_ws_dropped_updates_total')} updates skipped for full buffers; client_fps series ${fpsSeries} for ${metric('flowsight_ws_clients')} clients`,
  row('page JS heap after GC', trends.pageHeapMB, 'MB', 1, bound.pageHeapMB),
  row('page DOM nodes', trends.domNodes, 'nodes', 0, bound.domNodes),
  row('live WebGL buffers', trends.glBuffers, '', 0, bound.glBuffers) + `; textures ${fmt(trends.glTextures.first, 0)} → ${fmt(trends.glTextures.last, 0)}; programs ${fmt(trends.glPrograms.first, 0)} → ${fmt(trends.glPrograms.last, 0)}`,
  `  page draws (stats()): ${drawn}`,
  `  verdict: ${verdict}${pageErrors.length ? `; page errors: ${pageErrors.slice(0, 3).join(' | ')}` : ''}`,
];
process.stderr.write(lines.join('\n') + '\n');
process.stdout.write(JSON.stringify({ lines, minutes: MINUTES, speed: SPEED, simulatedHours, intervalSeconds: INTERVAL_S, warmupMs, trends, bound, flat, verdict, displays: received, pageErrors, samples }) + '\n');
process.exit(0);
