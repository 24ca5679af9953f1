// "What changed" and export in a real browser. A Vizceral feed is rewritten between two instants the hub
// records; `?changed=T1..T2` after a view route lists the region's calls that grew, appeared, vanished or
// shrank (biggest first, exact figures) and lights their ends; `?since=T` compares against live. The export
// buttons save a PNG of the view with its instant stamped (read back from the WebGL canvas, so not blank)
// and the graph of the instant on screen as Vizceral JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, pauseScene, screenshot, SHOTS, VIEWPORT, waitForStats } from './support/browser';
import { tempDir, vizceralFeed, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';
import { decodePng } from './support/png';

let browser: Browser;
let hub: RunningHub;
let t1 = 0;
let t2 = 0;

const before = { shop: [
  { source: 'web', target: 'api', normal: 100 },
  { source: 'api', target: 'db', normal: 50 },
  { source: 'api', target: 'cache', normal: 20 },
  { source: 'web', target: 'old', normal: 30 },
] };
const after = { shop: [
  { source: 'web', target: 'api', normal: 100 },
  { source: 'api', target: 'db', normal: 200 },
  { source: 'api', target: 'cache', normal: 2 },
  { source: 'web', target: 'new', normal: 36, danger: 4 },
] };

async function graphHas(target: string): Promise<boolean> {
  const graph = (await (await fetch(`${hub.url}api/graph`)).json()) as { nodes: Array<{ name: string; connections?: Array<{ target: string }> }> };
  return graph.nodes.some((n) => n.name === 'shop' && n.connections?.some((c) => c.target === target));
}

async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  const dir = tempDir();
  const path = writeJson(dir, 'traffic.json', vizceralFeed(before));
  hub = await startHub(['--config', writeConfig(dir, 1, [{ name: 'feed', type: 'vizceral', path }]), '--port', '0']);
  await until(() => graphHas('old'));
  // Two polls into the first picture: a recorded instant of it.
  await new Promise((resolve) => setTimeout(resolve, 2100));
  t1 = Date.now();
  writeJson(dir, 'traffic.json', vizceralFeed(after));
  await until(() => graphHas('new'));
  await new Promise((resolve) => setTimeout(resolve, 2100));
  t2 = Date.now();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

const iso = (ms: number) => new Date(ms).toISOString();

async function panelChanges(page: Page): Promise<string[][]> {
  return page.$$eval('#panel .changes .change', (items) => items.map((li) => [li.querySelector('.badge')!.textContent!, li.querySelector('.change-call')!.textContent!, ...Array.from(li.querySelectorAll('.change-figures')).map((f) => f.textContent!)]));
}

describe('what changed', () => {
  it('?changed=T1..T2 lists the region\'s changed calls biggest first with their figures, and lights their ends', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}#/region/shop?changed=${iso(t1)}..${iso(t2)}`);
    const s = await waitForStats(page, (x) => x.nodes > 0 && x.changes !== null && x.changes.count > 0);
    expect(s.changes).toEqual({ from: iso(t1), to: iso(t2), count: 4, inView: 4, error: null });
    expect(s.live).toBe(true); // a comparison is not a replay: the view stays live
    expect(await panelChanges(page)).toEqual([
      ['grew', 'api → db', '50 → 200 rps (+300 %)', 'errors 0.0 → 0.0 % (±0.0 pts)'],
      ['new', 'web → new', '0 → 40 rps', 'errors 0.0 → 10.0 % (+10.0 pts)'],
      ['gone', 'web → old', '30 → 0 rps (−100 %)', 'errors 0.0 → 0.0 % (±0.0 pts)'],
      ['shrank', 'api → cache', '20 → 2.0 rps (−90 %)', 'errors 0.0 → 0.0 % (±0.0 pts)'],
    ]);
    // Both ends of every changed call still drawn (old has gone from the view), never web → api's alone.
    expect([...s.highlighted].sort()).toEqual(['api', 'cache', 'db', 'new', 'web']);
    // And the changed calls themselves, not web → api, which held still.
    expect([...s.highlightedEdges].sort()).toEqual(['api\u2192cache', 'api\u2192db', 'web\u2192new']);
    await screenshot(page, 'what-changed-region');
    // A click on a listed call selects it on the view.
    await page.click('#panel .change-call >> text=api → db');
    await waitForStats(page, (x) => x.selected === 'api\u2192db');
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('?since=T compares with live; the global view lights the region whose calls changed, and navigation keeps it', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}#/?since=${iso(t1)}`);
    const s = await waitForStats(page, (x) => x.nodes > 0 && x.changes !== null && x.changes.count > 0);
    expect(s.changes).toMatchObject({ from: iso(t1), to: 'live', count: 4, inView: 0, error: null });
    expect(s.highlighted).toEqual(['shop']);
    expect(s.highlightedEdges).toEqual([]);
    await page.evaluate(() => (window as unknown as { flowsight: { navigate(h: string): void } }).flowsight.navigate('#/region/shop'));
    const region = await waitForStats(page, (x) => x.view === 'region' && x.changes !== null && x.changes.inView === 4);
    expect(region.changes!.to).toBe('live');
    expect(await page.evaluate(() => location.hash)).toBe(`#/region/shop?since=${iso(t1)}`);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});

describe('export', () => {
  it('saves a stamped PNG of the replayed view and the graph of that instant as Vizceral JSON', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}#/region/shop?at=${iso(t2)}`);
    await waitForStats(page, (x) => x.replayAt === iso(t2) && x.nodes > 0);
    // Let the layout settle so the picture shows the graph, not its glide in.
    await page.waitForFunction(() => document.querySelectorAll('#labels > div[style*="block"]').length >= 3, null, { timeout: 30_000 });

    const [png] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#export-png')]);
    const stamp = iso(t2).replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
    expect(png.suggestedFilename()).toBe(`flowsight-region-shop-${stamp}.png`);
    const pngPath = join(SHOTS, 'export-region.png');
    await png.saveAs(pngPath);
    const image = decodePng(readFileSync(pngPath));
    // The scene's canvas as laid out (it ends where the side panel begins), and a 28 px stamp bar below.
    const canvas = await page.evaluate(() => document.getElementById('scene')!.getBoundingClientRect().toJSON() as { width: number; height: number });
    expect(image.width).toBe(Math.round(canvas.width));
    expect(image.height).toBe(Math.round(canvas.height) + 28);
    expect(canvas.height).toBe(VIEWPORT.height);
    // Read back after the scene drew: the picture is not blank (coloured edges and nodes) …
    let lit = 0;
    const sceneBytes = image.width * (image.height - 28) * 4;
    for (let i = 0; i < sceneBytes; i += 4) if (Math.max(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!) > 90) lit += 1;
    expect(lit).toBeGreaterThan(2000);
    // … and the stamp bar holds text.
    let text = 0;
    for (let i = sceneBytes; i < image.data.length; i += 4) if (image.data[i]! > 150) text += 1;
    expect(text).toBeGreaterThan(300);

    const [json] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.keyboard.press('j')]);
    expect(json.suggestedFilename()).toBe(`flowsight-region-shop-${stamp}.json`);
    const jsonPath = join(SHOTS, 'export-region.json');
    await json.saveAs(jsonPath);
    const graph = JSON.parse(readFileSync(jsonPath, 'utf8')) as { renderer: string; serverUpdateTime: number; nodes: Array<{ name: string; renderer: string; connections?: Array<{ source: string; target: string; metrics: { normal: number; danger: number } }> }> };
    expect(graph.renderer).toBe('global');
    expect(graph.serverUpdateTime).toBe(t2);
    const shop = graph.nodes.find((n) => n.name === 'shop')!;
    expect(shop.renderer).toBe('region');
    expect(shop.connections!.find((c) => c.target === 'db')!.metrics.normal).toBe(200);
    expect((await waitForStats(page, (x) => x.exports.length === 2)).exports).toEqual([`flowsight-region-shop-${stamp}.png`, `flowsight-region-shop-${stamp}.json`]);

    // With the scene clock paused nothing draws by itself: the export draws the frame it reads.
    await pauseScene(page);
    const [paused] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.keyboard.press('x')]);
    const pausedPath = join(SHOTS, 'export-region-paused.png');
    await paused.saveAs(pausedPath);
    const still = decodePng(readFileSync(pausedPath));
    let stillLit = 0;
    for (let i = 0; i < sceneBytes; i += 4) if (Math.max(still.data[i]!, still.data[i + 1]!, still.data[i + 2]!) > 90) stillLit += 1;
    expect(stillLit).toBeGreaterThan(2000);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
