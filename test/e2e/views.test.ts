// Each view of the demo draws nodes and moving particles (read off screenshots), and navigation works by
// URL, by clicks in the panel and by keys (Enter, Esc, Backspace, /, l).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatRoute } from '../../shared/view/routes';
import { launchBrowser, navigate, openPage, resumeScene, screenshot, settleScene, stats, stepScene, updateLatency, waitForStats, type PageProblems } from './support/browser';
import { topology, hubService, type Topology } from './support/graph';
import { startHub, type RunningHub } from './support/hub';
import { analyse, bluePixels, motion } from './support/pixels';
import { inspect } from './support/scene';

let hub: RunningHub;
let browser: Browser;
let page: Page;
let problems: PageProblems;
let topo: Topology;

beforeAll(async () => {
  hub = await startHub(['--demo', '--port', '0', '--interval', '2']);
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser));
  await page.goto(hub.url);
  await waitForStats(page, (s) => s.live && s.nodes > 0);
  topo = await topology(hub.url);
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

/** Steps the scene past its camera transition, takes a screenshot, steps 250 ms and takes another. */
async function look(name: string): Promise<{ drawn: number; blue: number; moved: number }> {
  await stepScene(page, 1500);
  const first = await screenshot(page, name);
  await stepScene(page, 250, 3);
  const second = await screenshot(page, `${name}-later`);
  await resumeScene(page);
  const { image, drawn } = analyse(first);
  return { drawn, blue: bluePixels(image), moved: motion(first, second) };
}

describe('views of the demo', () => {
  it('draws the global view: regions around INTERNET with moving particles', async () => {
    await page.evaluate(() => (location.hash = '#/'));
    const s = await waitForStats(page, (x) => x.view === 'global' && x.nodes === topo.regions.length + 1 && x.particles > 0);
    expect(s.connections).toBeGreaterThan(0);
    const shot = await look('global');
    expect(shot.drawn).toBeGreaterThan(5_000);
    expect(shot.blue).toBeGreaterThan(200);
    expect(shot.moved).toBeGreaterThan(0.0005);
    expect(await page.locator('#breadcrumbs').textContent()).toBe('Global');
  });

  it('draws a region view addressed by URL', async () => {
    const region = topo.regions[0]!;
    await page.evaluate((hash) => (location.hash = hash), formatRoute({ view: 'region', region }));
    const s = await waitForStats(page, (x) => x.view === 'region' && x.region === region && x.nodes > 3 && x.particles > 0);
    expect(s.connections).toBeGreaterThan(2);
    const shot = await look('region');
    expect(shot.drawn).toBeGreaterThan(5_000);
    expect(shot.moved).toBeGreaterThan(0.0005);
    expect(await page.locator('#breadcrumbs').textContent()).toBe(`Global›${region}`);
  });

  it('draws a focus view addressed by URL, with the service selected in the panel', async () => {
    const region = topo.regions[0]!;
    const service = hubService(topo, region);
    await page.evaluate((hash) => (location.hash = hash), formatRoute({ view: 'focus', region, service }));
    const s = await waitForStats(page, (x) => x.view === 'focus' && x.service === service && x.nodes >= 3 && x.particles > 0);
    expect(s.region).toBe(region);
    const shot = await look('focus');
    expect(shot.drawn).toBeGreaterThan(3_000);
    expect(shot.moved).toBeGreaterThan(0.0002);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(service);
    expect(await page.locator('#panel .peers').count()).toBe(2);
    expect(await page.locator('#panel .sparkline').count()).toBe(1);
  });

  it('navigates by keys: select in the panel, Enter drills in, Esc and Backspace go up', async () => {
    await navigate(page, '#/');
    await waitForStats(page, (x) => x.view === 'global');
    const region = topo.regions[0]!;
    // The global summary lists the regions INTERNET calls; clicking one selects it.
    await page.locator('#panel button.peer-name', { hasText: region }).first().click();
    await waitForStats(page, (x) => x.selected === region);
    await page.keyboard.press('Enter');
    await waitForStats(page, (x) => x.view === 'region' && x.region === region);
    expect(await page.evaluate(() => location.hash)).toBe(formatRoute({ view: 'region', region }));

    await page.locator('#panel button.peer-name').first().click();
    const selected = (await waitForStats(page, (x) => x.selected !== null)).selected!;
    await page.keyboard.press('Enter');
    await waitForStats(page, (x) => x.view === 'focus' && x.service === selected);

    await page.keyboard.press('Escape');
    await waitForStats(page, (x) => x.view === 'region' && x.region === region);
    await page.keyboard.press('Backspace');
    await waitForStats(page, (x) => x.view === 'global');
    // Back in history returns to the region: views are real addresses.
    await page.goBack();
    await waitForStats(page, (x) => x.view === 'region');
  });

  it('selects a node by clicking it and drills in by double-clicking it', async () => {
    const region = topo.regions[0]!;
    const service = hubService(topo, region);
    const caller = topo.byRegion.get(region)!.calls.find((c) => c.target === service && c.source !== 'INTERNET')?.source;
    expect(caller).toBeDefined();
    await navigate(page, formatRoute({ view: 'focus', region, service }));
    await waitForStats(page, (x) => x.view === 'focus' && x.service === service && x.nodes >= 3);
    await settleScene(page, 1500); // camera transition
    // Aim at the caller's disc where the scene draws it (its label may sit on any side of it).
    const drawn = await inspect(page, caller!);
    expect(drawn).not.toBeNull();
    const canvas = (await page.locator('#scene').boundingBox())!;
    const x = canvas.x + drawn!.x;
    const y = canvas.y + drawn!.y;
    await page.mouse.click(x, y);
    await waitForStats(page, (s) => s.selected === caller);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(caller);
    await page.mouse.dblclick(x, y);
    await waitForStats(page, (s) => s.view === 'focus' && s.service === caller);
  });

  it('toggles labels with l and searches with /: Enter jumps to the first match', async () => {
    await navigate(page, '#/');
    await waitForStats(page, (x) => x.view === 'global');
    const before = (await stats(page)).labels;
    await page.keyboard.press('l');
    expect((await stats(page)).labels).toBe(!before);
    await page.keyboard.press('l');

    const region = topo.regions[topo.regions.length - 1]!;
    const service = hubService(topo, region);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type(service);
    await expect.poll(() => page.locator('#search-results .search-result').count()).toBeGreaterThan(0);
    await screenshot(page, 'search');
    await page.keyboard.press('Enter');
    // From the global view the first match is the first region holding the service.
    const s = await waitForStats(page, (x) => x.view === 'focus' && x.service === service);
    expect(topo.byRegion.get(s.region ?? '')?.services).toContain(service);
  });

  it('filters the view by a minimum requests/s', async () => {
    const region = topo.regions[0]!;
    await navigate(page, formatRoute({ view: 'region', region }));
    const all = await waitForStats(page, (x) => x.view === 'region' && x.region === region && x.nodes > 3);
    await page.locator('#min-rps').fill('100');
    const busy = await waitForStats(page, (x) => x.connections < all.connections);
    expect(busy.nodes).toBeLessThan(all.nodes);
    await page.locator('#min-rps').fill('0');
    await waitForStats(page, (x) => x.connections === all.connections);
  });

  it('exposes the update latency and reports no page errors', async () => {
    await page.waitForTimeout(2500);
    const latency = await updateLatency(page);
    expect(latency).not.toBeNull();
    expect(latency!).toBeGreaterThanOrEqual(0);
    expect(latency!).toBeLessThan(1000);
    expect(problems.errors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
  });

  it('honours devicePixelRatio and follows window resizes', async () => {
    const hiDpi = await browser.newPage({ viewport: { width: 1200, height: 700 }, deviceScaleFactor: 2 });
    await hiDpi.goto(hub.url);
    await waitForStats(hiDpi, (x) => x.live && x.nodes > 0);
    const size = () =>
      hiDpi.evaluate(() => {
        const canvas = document.getElementById('scene') as HTMLCanvasElement;
        return { css: [canvas.clientWidth, canvas.clientHeight], backing: [canvas.width, canvas.height] };
      });
    const first = await size();
    expect(first.backing).toEqual([first.css[0]! * 2, first.css[1]! * 2]);
    await hiDpi.setViewportSize({ width: 900, height: 600 });
    await expect.poll(async () => (await size()).css[1]).toBe(600);
    const second = await size();
    expect(second.css[0]).toBeLessThan(first.css[0]!);
    expect(second.backing).toEqual([second.css[0]! * 2, second.css[1]! * 2]);
    await hiDpi.close();
  });

  it('reports its frame rate to the hub every ten seconds', async () => {
    // The page has been open well over 10 s by now; the hub turns reports into a per-display gauge.
    await expect
      .poll(async () => {
        const text = await (await fetch(new URL('/metrics', hub.url))).text();
        const match = /^flowsight_client_fps\{[^}]*\} (\S+)$/m.exec(text);
        return match ? Number(match[1]) : 0;
      }, { timeout: 15_000, interval: 1000 })
      .toBeGreaterThan(1);
  });
});
