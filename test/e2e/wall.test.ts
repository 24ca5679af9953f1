// Wall mode (issue 5 §2): cycles global → each region with nobody touching it, shows only the clock and the
// freshness strip, hides the cursor, survives a hub restart; the URL token leaves the address bar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, stats, waitForStats } from './support/browser';
import { topology } from './support/graph';
import { startHub, type RunningHub } from './support/hub';

const TOKEN = 'wall-e2e-secret-0123';
const hubs: RunningHub[] = [];
let browser: Browser;

beforeAll(async () => {
  hubs.push(await startHub(['--demo', '--port', '0', '--interval', '1', '--token', TOKEN]));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const hub of hubs) await hub.kill();
});

describe('wall mode', () => {
  it('cycles the views with no input, recovers from a hub restart, and keeps the token out of the URL', async () => {
    const hub = hubs[0]!;
    const regions = (await topology(hub.url, TOKEN)).regions;
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}?wall=2&token=${TOKEN}`);
    expect(await page.evaluate(() => location.search)).toBe('?wall=2');
    await waitForStats(page, (x) => x.live && x.wall);

    // Only the clock, the strip and the view's name are on the wall; no cursor.
    expect(await page.locator('#panel').isVisible()).toBe(false);
    expect(await page.locator('#tools').isVisible()).toBe(false);
    expect(await page.locator('#legend').isVisible()).toBe(false);
    expect(await page.locator('#clock').textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('scene')!).cursor)).toBe('none');

    const seen = new Set<string>();
    const deadline = Date.now() + (regions.length + 2) * 2000 + 4000;
    while (Date.now() < deadline && seen.size < regions.length + 1) {
      const s = await stats(page);
      seen.add(s.view === 'global' ? 'global' : (s.region ?? ''));
      await page.waitForTimeout(250);
    }
    expect([...seen].sort()).toEqual(['global', ...regions].sort());
    await screenshot(page, 'wall');

    // Kill and restart the hub: the wall goes STALE, then LIVE, and keeps cycling, untouched.
    await hub.kill();
    await waitForStats(page, (x) => !x.live, 10_000);
    await screenshot(page, 'wall-stale');
    hubs.push(await startHub(['--demo', '--port', String(hub.port), '--interval', '1', '--token', TOKEN]));
    await waitForStats(page, (x) => x.live, 30_000);
    const after = new Set<string>();
    for (let i = 0; i < 20 && after.size < 2; i++) {
      const s = await stats(page);
      after.add(s.view === 'global' ? 'global' : (s.region ?? ''));
      await page.waitForTimeout(300);
    }
    expect(after.size).toBe(2);
    expect(problems.dialogs).toEqual([]);
  });

  it('says so when the hub refuses the token', async () => {
    const hub = hubs[hubs.length - 1]!;
    const { page } = await openPage(browser);
    await page.goto(`${hub.url}?token=not-the-token`);
    expect(await page.evaluate(() => location.search)).toBe('');
    const s = await waitForStats(page, (x) => x.reasons.some((r) => /refus/.test(r)), 15_000);
    expect(s.live).toBe(false);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^STALE since .*hub (refused the token \(HTTP 401\)|is refusing this display)/);
    await page.close();
  });
});
