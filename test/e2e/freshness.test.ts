// Freshness truth in a real browser: a failing source turns the strip STALE and names it; a killed hub
// turns it STALE, and a restarted hub turns it LIVE again without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, navigate, openPage, screenshot, settleScene, waitForStats } from './support/browser';
import { closedPort, tempDir, vizceralFeed, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';

let browser: Browser;
const hubs: RunningHub[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const hub of hubs) await hub.kill();
});

describe('freshness', () => {
  it('shows STALE naming the failing source, greys its region, and lists it in the panel', async () => {
    const dir = tempDir();
    const feed = writeJson(
      dir,
      'traffic.json',
      vizceralFeed({ 'feed-region': [{ source: 'INTERNET', target: 'edge', normal: 300 }, { source: 'edge', target: 'api', normal: 200, danger: 3 }] }),
    );
    const port = await closedPort();
    const config = writeConfig(dir, 1, [
      { name: 'feed', type: 'vizceral', path: feed },
      { name: 'prod-east', type: 'prometheus', url: `http://127.0.0.1:${port}` },
    ]);
    const hub = await startHub(['--config', config, '--port', '0']);
    hubs.push(hub);
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    const s = await waitForStats(page, (x) => !x.live && x.reasons.some((r) => r.startsWith('prometheus prod-east:')));
    expect(s.staleSince).not.toBeNull();
    expect(new Date(s.staleSince!).toISOString()).toBe(s.staleSince);
    const strip = page.locator('#status');
    await expect.poll(() => strip.textContent()).toMatch(/^STALE since \d\d:\d\d:\d\d.*prometheus prod-east: /);
    expect(await strip.getAttribute('class')).toContain('stale');
    // The panel traces the numbers to their sources, the failing one included.
    await expect.poll(() => page.locator('#panel .source.failing').count()).toBe(1);
    expect(await page.locator('#panel .source.ok .source-name').textContent()).toBe('feed (vizceral)');
    await settleScene(page, 1500);
    await screenshot(page, 'stale-source');
    // The region the live feed still reports is live on its own view, the failing source named as a note.
    await navigate(page, '#/region/feed-region');
    const scoped = await waitForStats(page, (x) => x.view === 'region' && x.live);
    expect(scoped.staleSince).toBeNull();
    await expect.poll(() => strip.textContent()).toMatch(/^LIVE · .*prometheus prod-east: .*feed-region is still reported live/);
    await navigate(page, '#/');
    await waitForStats(page, (x) => x.view === 'global' && !x.live);
    expect(problems.dialogs).toEqual([]);
    await page.close();
  });

  it('goes STALE when the hub dies and LIVE again after it restarts, without a reload', async () => {
    const first = await startHub(['--demo', '--port', '0', '--interval', '1']);
    hubs.push(first);
    const { page } = await openPage(browser);
    await page.goto(first.url);
    await waitForStats(page, (x) => x.live && x.nodes > 0);
    await page.evaluate(() => document.body.setAttribute('data-e2e-marker', 'same page'));

    const killedAt = Date.now();
    await first.kill();
    const stale = await waitForStats(page, (x) => !x.live, 10_000);
    expect(stale.reasons[0]).toMatch(/^hub connection lost/);
    expect(Date.parse(stale.staleSince!)).toBeLessThanOrEqual(killedAt + 1000);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^STALE since/);
    await expect.poll(() => page.locator('#panel .sources-note').textContent()).toMatch(/^as last reported by the hub at \d\d:\d\d:\d\d$/);
    await screenshot(page, 'stale-hub-down');

    const second = await startHub(['--demo', '--port', String(first.port), '--interval', '1']);
    hubs.push(second);
    const live = await waitForStats(page, (x) => x.live && x.nodes > 0, 30_000);
    expect(live.staleSince).toBeNull();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^LIVE · updated \d+ s ago/);
    expect(await page.evaluate(() => document.body.getAttribute('data-e2e-marker'))).toBe('same page');
    expect(await page.locator('#panel .sources-note').count()).toBe(0);
    await page.close();
  });
});
