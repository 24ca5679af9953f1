// Filters that mean something: "errors only" keeps what is at or above the warning threshold (the line the
// colours use), not every call with one failed request; the filter and the wall dwell live in the URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, settleScene, waitForStats } from './support/browser';
import { tempDir, vizceralFeed, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';

let hub: RunningHub;
let browser: Browser;

// A healthy region where 27 of 40 calls lose a request now and then (0.2 %), and one call fails 10 %.
const calls = Array.from({ length: 40 }, (_, i) => ({ source: 'api', target: `svc-${i}`, normal: 500, danger: i < 27 ? 1 : 0 }));
calls.push({ source: 'svc-3', target: 'db', normal: 90, danger: 10 });
const feed = vizceralFeed({ east: [{ source: 'INTERNET', target: 'api', normal: 1000 }, ...calls] });

beforeAll(async () => {
  const dir = tempDir();
  const config = writeConfig(dir, 1, [{ name: 'feed', type: 'vizceral', path: writeJson(dir, 'traffic.json', feed) }]);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('filters', () => {
  it('"errors only" keeps the one call at or above the warning threshold and writes errors=1 into the URL', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url + '#/region/east');
    await waitForStats(page, (s) => s.live && s.view === 'region' && s.connections === 42);
    await page.locator('#errors-only').check();
    const s = await waitForStats(page, (x) => x.connections === 1);
    expect(s.nodes).toBe(2); // svc-3 → db
    expect(new URL(page.url()).searchParams.get('errors')).toBe('1');
    expect(new URL(page.url()).hash).toBe('#/region/east');
    await settleScene(page, 1500);
    await screenshot(page, 'glance-errors-only');

    // The URL alone brings the same picture back, checkbox included.
    await page.goto(hub.url + '?errors=1#/region/east');
    await waitForStats(page, (x) => x.live && x.view === 'region' && x.connections === 1);
    expect(await page.locator('#errors-only').isChecked()).toBe(true);
    await page.locator('#errors-only').uncheck();
    await waitForStats(page, (x) => x.connections === 42);
    expect(new URL(page.url()).search).toBe('');
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('opens /?wall=20&errors=1 as a filtered wall', async () => {
    const { page } = await openPage(browser);
    await page.goto(hub.url + '?wall=20&errors=1');
    const s = await waitForStats(page, (x) => x.live && x.wall && x.view === 'global' && x.nodes > 0);
    expect(s.wall).toBe(true);
    expect(await page.locator('#errors-only').isChecked()).toBe(true);
    // The wall keeps its query when it moves on (its navigation touches only the fragment).
    await page.evaluate(() => (window as unknown as { flowsight: { navigate(h: string): void } }).flowsight.navigate('#/region/east'));
    await waitForStats(page, (x) => x.view === 'region' && x.connections === 1);
    expect(new URL(page.url()).search).toBe('?wall=20&errors=1');
    await page.close();
  });
});
