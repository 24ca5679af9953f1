// The chrome at a glance: an honest legend (the hub's own thresholds, one meaning per symbol), keys that
// move between nodes busiest first, and Esc that empties the search.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, stats, waitForStats } from './support/browser';
import { tempDir, vizceralFeed, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  const dir = tempDir();
  const feed = writeJson(dir, 'traffic.json', vizceralFeed({ east: [{ source: 'INTERNET', target: 'edge', normal: 900 }, { source: 'edge', target: 'api', normal: 500 }, { source: 'api', target: 'db', normal: 90, danger: 3 }] }));
  const config = join(dir, 'flowsight.yaml');
  writeFileSync(config, `interval: 1\nthresholds: { warning: 0.02, danger: 0.1 }\nsources:\n  - name: feed\n    type: vizceral\n    path: ${JSON.stringify(feed)}\n`);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('legend and keys', () => {
  it("names the hub's thresholds and one meaning per symbol", async () => {
    const { page } = await openPage(browser);
    await page.goto(hub.url + '#/region/east');
    await waitForStats(page, (s) => s.live && s.nodes === 4);
    await expect.poll(() => page.locator('#legend .legend-row.warning .legend-hint').textContent()).toBe('≥ 2 % errors');
    expect(await page.locator('#legend .legend-row.danger .legend-hint').textContent()).toBe('≥ 10 % errors, pulsing halo');
    expect(await page.locator('#legend .legend-label').allTextContents()).toEqual(['normal', 'warning', 'danger', 'error share', 'INTERNET', 'other region', 'stale', 'stream']);
    // api → db fails 3.2 %: at or above the configured 2 %, under 10 %: warning.
    const db = await page.evaluate(() => (window as unknown as { flowsight: { inspect(id: string): { class: string } | null } }).flowsight.inspect('api→db'));
    expect(db?.class).toBe('warning');
    await screenshot(page, 'glance-legend');
    await page.close();
  });

  it('moves the selection between nodes with the arrows and Tab, busiest first, and Esc empties the search', async () => {
    const { page } = await openPage(browser);
    await page.goto(hub.url + '#/region/east');
    await waitForStats(page, (s) => s.live && s.nodes === 4);
    // INTERNET sends 900 rps and edge serves them (ties go by name), then api 500, then db 93.
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await stats(page)).selected).toBe('INTERNET');
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await stats(page)).selected).toBe('edge');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await stats(page)).selected).toBe('api');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await stats(page)).selected).toBe('edge');

    await page.keyboard.press('/');
    await page.keyboard.type('db');
    await expect.poll(() => page.locator('#search-results li').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('#search').inputValue()).toBe('');
    await expect.poll(() => page.locator('#search-results li').count()).toBe(0);
    await page.close();
  });

  it('folds the panel away with its button or p, and the graph takes the room; an edge is hit 5 px off its line', async () => {
    const { page } = await openPage(browser);
    await page.goto(hub.url + '#/region/east');
    await waitForStats(page, (s) => s.live && s.nodes === 4);
    await page.waitForTimeout(1500);
    const probe = (id: string) => page.evaluate((key) => (window as unknown as { flowsight: { inspect(id: string): { x: number; y: number } | null } }).flowsight.inspect(key), id);
    const before = (await probe('db'))!;
    await page.locator('#panel-toggle').click();
    expect(await page.locator('#panel').isVisible()).toBe(false);
    expect(await page.locator('#panel-toggle').getAttribute('aria-expanded')).toBe('false');
    // The right-most node moves right into the room the panel left.
    await expect.poll(async () => (await probe('db'))!.x).toBeGreaterThan(before.x + 100);
    await screenshot(page, 'glance-panel-folded');
    await page.keyboard.press('p');
    await expect.poll(() => page.locator('#panel').isVisible()).toBe(true);
    await expect.poll(async () => Math.abs((await probe('db'))!.x - before.x)).toBeLessThan(2);

    // Edges take a click within their hit area (≥ 8 px wide): 5 px beside the middle of api → db.
    const mid = (await probe('api→db'))!;
    const canvas = (await page.locator('#scene').boundingBox())!;
    await page.mouse.click(canvas.x + mid.x, canvas.y + mid.y + 5);
    await expect.poll(async () => (await stats(page)).selected).toBe('api→db');
    await page.close();
  });
});
