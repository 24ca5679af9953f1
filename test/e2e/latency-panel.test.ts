// Latency on screen (issue 9 §2), from a real Prometheus scraping Istio histograms with known bucket rates:
// the panel shows p50/p95/p99 for the selected service, call and region exactly as /api/graph gives them,
// with the distribution as bucket bars; the `m` key cycles the edge numbers to p95.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, stats, waitForStats } from './support/browser';
import { tempDir, writeConfig } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';
import { inspect, shownLabels } from './support/scene';
import { startFixedRateExporter, type FixedRateExporter } from '../integration/helpers/fixed-rate-exporter';
import { ISTIO_TEST_BOUNDS, TWO_REGION_HISTOGRAMS } from '../integration/helpers/istio-histograms';
import { startPrometheus, type RealPrometheus } from '../integration/helpers/prometheus';
import type { LatencyQuantiles } from '../../shared/latency';
import type { VizceralGraph } from '../../shared/vizceral';

let exporter: FixedRateExporter;
let prometheus: RealPrometheus;
let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  exporter = await startFixedRateExporter(TWO_REGION_HISTOGRAMS);
  prometheus = await startPrometheus({ targets: [exporter.target] });
  await prometheus.waitFor('count_over_time(up{job="demo"}[10s])', 40_000, (n) => n >= 6);
  const config = writeConfig(tempDir(), 1, [{ name: 'prom', type: 'prometheus', url: prometheus.url }]);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
  await prometheus?.close();
  await exporter?.close();
});

async function apiGraph(): Promise<VizceralGraph> {
  return (await (await fetch(hub.url + 'api/graph')).json()) as VizceralGraph;
}

type Where = { service: string } | { call: [string, string] } | 'region';
function latencyIn(g: VizceralGraph, where: Where): LatencyQuantiles | undefined {
  const east = g.nodes.find((n) => n.name === 'east');
  if (where === 'region') return east?.metadata?.['latencyMs'] as LatencyQuantiles | undefined;
  if ('service' in where) return east?.nodes?.find((n) => n.name === where.service)?.metadata?.['latencyMs'] as LatencyQuantiles | undefined;
  return east?.connections?.find((c) => c.source === where.call[0] && c.target === where.call[1])?.metadata?.['latencyMs'] as LatencyQuantiles | undefined;
}

/** The panel's figures by label. */
async function figures(page: Page): Promise<Record<string, string>> {
  const cells = await page.locator('#panel .figure').evaluateAll((els) => els.map((el) => [el.querySelector('dt')?.textContent ?? '', el.querySelector('dd')?.textContent ?? '']));
  return Object.fromEntries(cells);
}

/**
 * Polls until the panel's p50/p95/p99 are, character for character, the numbers of /api/graph at that
 * moment (both move a hair from poll to poll as rate() windows slide; the check is that they agree).
 */
async function panelMatchesApi(page: Page, where: Where, prefix = ''): Promise<LatencyQuantiles> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const before = latencyIn(await apiGraph(), where);
    const shown = await figures(page);
    const after = latencyIn(await apiGraph(), where);
    if (before && after && JSON.stringify(before) === JSON.stringify(after)) {
      const want = { [`${prefix}p50`]: `${before.p50} ms`, [`${prefix}p95`]: `${before.p95} ms`, [`${prefix}p99`]: `${before.p99} ms` };
      if (Object.entries(want).every(([k, v]) => shown[k] === v)) return before;
      last = JSON.stringify({ want, shown });
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`panel never showed /api/graph's latency: ${last}`);
}

describe('latency in the panel and on the edges', () => {
  it('shows a service\'s, a call\'s and a region\'s p50/p95/p99 as /api/graph gives them, with bucket bars', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url + '#/region/east/web');
    await waitForStats(page, (s) => s.live && s.view === 'focus' && s.selected === 'web' && s.nodes >= 3, 60_000);
    const web = await panelMatchesApi(page, { service: 'web' });
    // The known distributions merged: [8, 19, 28, 30, 30] rps → p95 = 100 + 400 × 0.5/2 ms.
    expect(web.p95).toBeCloseTo(200, -1);
    // One bar per bucket, labelled with its upper bound.
    await expect.poll(() => page.locator('#panel .latency-chart .latency-bar').count(), { timeout: 15_000 }).toBe(ISTIO_TEST_BOUNDS.length);
    expect(await page.locator('#panel .latency-bound').allTextContents()).toEqual(['10', '50', '100', '500', '∞']);
    await screenshot(page, 'latency-panel-service');

    // A call: click the middle of api → web.
    await page.waitForTimeout(1500); // camera transition
    const mid = (await inspect(page, 'api→web'))!;
    const canvas = (await page.locator('#scene').boundingBox())!;
    await page.mouse.click(canvas.x + mid.x, canvas.y + mid.y + 4);
    await waitForStats(page, (s) => s.selected === 'api→web');
    await panelMatchesApi(page, { call: ['api', 'web'] });

    // A region with nothing selected: the quantiles of its ingress.
    await page.goto(hub.url + '#/region/east');
    await waitForStats(page, (s) => s.view === 'region' && s.region === 'east' && s.selected === null);
    const region = await panelMatchesApi(page, 'region', 'ingress ');
    expect(region).toMatchObject({ p95: 500, p99: 500 });
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('cycles the edge numbers rps → error % → p95 with m, the legend naming the metric', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url + '#/region/east');
    await waitForStats(page, (s) => s.live && s.view === 'region' && s.connections >= 4, 60_000);
    expect((await stats(page)).edgeMetric).toBe('rps');
    await page.keyboard.press('m');
    await waitForStats(page, (s) => s.edgeMetric === 'errors' && s.labels);
    await expect.poll(() => page.locator('#legend .legend-metric').textContent()).toBe('edge labels: error % (m)');
    await page.keyboard.press('m');
    await waitForStats(page, (s) => s.edgeMetric === 'p95');
    await expect.poll(() => page.locator('#legend .legend-metric').textContent()).toBe('edge labels: p95 latency (m)');
    expect(page.url()).toContain('edge=p95');
    // Every edge label is a p95 now; the one of web → api (all under 10 ms) matches /api/graph's p95.
    await expect.poll(async () => (await shownLabels(page)).filter((l) => l.text.startsWith('p95 ')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    // Only the edge numbers change metric: the ingress label and the region's totals (node labels) still say rps.
    const edgeTexts = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#labels .fs-label-edge'))
        .filter((el) => el.style.display !== 'none')
        .map((el) => el.textContent ?? ''),
    );
    expect(edgeTexts.length).toBeGreaterThanOrEqual(3);
    expect(edgeTexts.filter((t) => !/^p95 /.test(t) || /rps|err/.test(t))).toEqual([]);
    const p95 = latencyIn(await apiGraph(), { call: ['web', 'api'] })!.p95;
    expect((await shownLabels(page)).map((l) => l.text)).toContain(`p95 ${+p95.toFixed(1)} ms`);
    await page.waitForTimeout(1000); // let the labels settle for the picture
    await screenshot(page, 'latency-edge-p95');
    await page.keyboard.press('m');
    await waitForStats(page, (s) => s.edgeMetric === 'rps');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('encodes each call\'s p95 as particle speed with ?speed=latency, and keeps one speed without it', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url + '#/region/east');
    await waitForStats(page, (s) => s.live && s.view === 'region' && s.connections >= 4, 60_000);
    expect((await stats(page)).particleSpeed).toBe('constant');
    for (const id of ['web→api', 'west→ledger']) expect((await inspect(page, id))!.particleSpeed).toBeCloseTo(1, 5);
    await page.goto(hub.url + '?speed=latency#/region/east');
    await page.reload();
    await waitForStats(page, (s) => s.live && s.view === 'region' && s.connections >= 4 && s.particleSpeed === 'latency', 60_000);
    // web → api: p95 9.5 ms (≤ 10: ×1.6); INTERNET → web: p95 75 ms (≤ 200: ×1); west → ledger: p95 500 ms (≤ 1000: ×0.7).
    await expect.poll(async () => (await inspect(page, 'web→api'))?.particleSpeed, { timeout: 15_000 }).toBeCloseTo(1.6, 5);
    expect((await inspect(page, 'INTERNET→web'))!.particleSpeed).toBeCloseTo(1, 5);
    expect((await inspect(page, 'west→ledger'))!.particleSpeed).toBeCloseTo(0.7, 5);
    expect(await page.locator('#legend .legend-speed').textContent()).toContain('by p95 latency');
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 120_000);
});
